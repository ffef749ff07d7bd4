from flask_wtf.file import FileField
from wtforms import EmailField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from studyguide.web.auth.forms import no_control_characters
from studyguide.web.form import FlaskForm


class TranscriptForm(FlaskForm):
    title = StringField(
        "Course title",
        validators=[DataRequired(), Length(max=200), no_control_characters],
    )
    transcript = FileField(
        "Transcript file",
        description="A .txt, .srt, .vtt or .md file. Or paste the text below instead.",
        render_kw={"accept": ".txt,.srt,.vtt,.md"},
    )
    text = TextAreaField("Or paste the transcript", render_kw={"rows": 8})
    host = StringField(
        "Host (optional)",
        description="The interviewer's name as it appears in the transcript's speaker labels.",
        validators=[Optional(), Length(max=80), no_control_characters],
    )
    guests = StringField(
        "Guests (optional)",
        description="Names of the people interviewed, separated by commas.",
        validators=[Optional(), Length(max=300), no_control_characters],
    )
    submit = SubmitField("Make a draft course")

    def validate_text(self, field) -> None:  # type: ignore[no-untyped-def]
        if not field.data and not (self.transcript.data and self.transcript.data.filename):
            raise ValidationError("Choose a transcript file or paste its text.")


class PackageForm(FlaskForm):
    package = FileField(
        "Course package (.zip)",
        description="A zip of a course folder: course.yaml, the transcript and lessons/.",
        render_kw={"accept": ".zip,application/zip"},
    )
    submit = SubmitField("Upload the package")

    def validate_package(self, field) -> None:  # type: ignore[no-untyped-def]
        if not (field.data and field.data.filename):
            raise ValidationError("Choose a .zip file.")


class EmailForm(FlaskForm):
    email = EmailField(
        "Email", validators=[DataRequired(), Email(), Length(max=254), no_control_characters]
    )
    submit = SubmitField("Add")


class ActionForm(FlaskForm):
    """A button that only carries the CSRF token (publish, unpublish)."""

    submit = SubmitField("Go")
