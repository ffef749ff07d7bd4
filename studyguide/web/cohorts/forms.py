from wtforms import (
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from studyguide.services.cohorts import MAX_INVITATION_DAYS, MAX_INVITATION_USES
from studyguide.web.auth.forms import no_control_characters
from studyguide.web.form import FlaskForm


class CohortForm(FlaskForm):
    # A select always has a value: HTML allows `required` only with an empty first option.
    course_id = SelectField(
        "Course", coerce=int, validators=[DataRequired()], render_kw={"required": False}
    )
    name = StringField(
        "Cohort name",
        validators=[DataRequired(), Length(max=120), no_control_characters],
        description="For example “Spring 2027, Tuesday group”.",
    )
    start_date = DateField("Start date", validators=[Optional()], description="Optional.")
    submit = SubmitField("Create cohort")


class InvitationForm(FlaskForm):
    days = IntegerField(
        "Valid for (days)",
        default=14,
        validators=[DataRequired(), NumberRange(min=1, max=MAX_INVITATION_DAYS)],
    )
    max_uses = IntegerField(
        "Number of students it admits",
        default=30,
        validators=[DataRequired(), NumberRange(min=1, max=MAX_INVITATION_USES)],
    )
    submit = SubmitField("Create invitation")


class MentorForm(FlaskForm):
    email = EmailField(
        "Instructor's email",
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
    )
    submit = SubmitField("Add mentor")


class ConfirmForm(FlaskForm):
    """A button that changes state (revoke, remove): only the CSRF token travels."""

    submit = SubmitField("Confirm")


class JoinForm(FlaskForm):
    course_id = HiddenField()
    submit = SubmitField("Join the cohort")


class CodeForm(FlaskForm):
    code = StringField(
        "Invitation code",
        validators=[DataRequired(), Length(max=40), no_control_characters],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    submit = SubmitField("Continue")
