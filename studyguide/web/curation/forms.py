"""Curation forms. A question's fields are the same for every type; the registry says which
types use which field and how the answer is written (studyguide/questiontypes/)."""

from wtforms import HiddenField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from studyguide.coursepack.schema import DIFFICULTIES
from studyguide.questiontypes import QUESTION_TYPES
from studyguide.web.auth.forms import no_control_characters
from studyguide.web.form import FlaskForm


def _used_by(field: str) -> str:
    names = [name.replace("_", " ") for name, kind in QUESTION_TYPES.items() if kind.takes(field)]
    return "Used by " + ", ".join(names) + "; one per line."


def _answer_hints() -> str:
    return " ".join(
        f"{name.replace('_', ' ').capitalize()}: {kind.answer_hint}"
        for name, kind in QUESTION_TYPES.items()
    )


class QuestionForm(FlaskForm):
    row_version = HiddenField()
    type = SelectField(
        "Question type",
        choices=[SelectChoice(name, name.replace("_", " ")) for name in QUESTION_TYPES],
    )
    prompt = TextAreaField(
        "Prompt", validators=[DataRequired(), Length(max=2000)], render_kw={"rows": 3}
    )
    choices = TextAreaField("Choices", description=_used_by("choices"), render_kw={"rows": 5})
    answer = TextAreaField(
        "Answer",
        description=_answer_hints(),
        render_kw={"rows": 2},
        validators=[DataRequired(), Length(max=2000)],
    )
    accepted = TextAreaField(
        "Other accepted answers", description=_used_by("accepted"), render_kw={"rows": 2}
    )
    explanation = TextAreaField(
        "Explanation", validators=[DataRequired(), Length(max=4000)], render_kw={"rows": 3}
    )
    quote = TextAreaField(
        "Evidence: the passage, word for word from the transcript",
        description="Select it in the transcript, or paste it: it is located in the transcript.",
        validators=[DataRequired(), Length(max=4000)],
        render_kw={"rows": 4},
    )
    start_char = HiddenField()
    difficulty = SelectField(
        "Difficulty", choices=[SelectChoice(d, d) for d in DIFFICULTIES], default="medium"
    )
    submit = SubmitField("Save question")


class NewQuestionForm(QuestionForm):
    lesson = SelectField("Lesson", choices=[])
    submit = SubmitField("Add question")


class ReviewForm(FlaskForm):
    row_version = HiddenField()
    approve = SubmitField("Approve")
    reject = SubmitField("Reject")


class LessonForm(FlaskForm):
    row_version = HiddenField()
    title = StringField(
        "Title", validators=[DataRequired(), Length(max=200), no_control_characters]
    )
    summary = TextAreaField(
        "Summary (Markdown)", render_kw={"rows": 8}, validators=[Length(max=20000)]
    )
    objectives = TextAreaField("Objectives", description="One per line.", render_kw={"rows": 3})
    takeaways = TextAreaField(
        "Takeaways",
        description="One per line: the takeaway, then “ :: ”, then its passage word for word.",
        render_kw={"rows": 5},
    )
    quotes = TextAreaField(
        "Quotes",
        description="One per line, word for word from the transcript.",
        render_kw={"rows": 4},
    )
    reflection_prompts = TextAreaField(
        "Reflection prompts", description="One per line.", render_kw={"rows": 3}
    )
    preview = SubmitField("Preview summary")
    submit = SubmitField("Save lesson")


class LessonActionForm(FlaskForm):
    row_version = HiddenField()
    next_version = HiddenField()
    at = IntegerField("Split before segment", validators=[Optional(), NumberRange(min=1)])
