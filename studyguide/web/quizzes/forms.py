from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from werkzeug.datastructures import MultiDict
from wtforms import Field, RadioField, SelectMultipleField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.fields.core import UnboundField
from wtforms.widgets import CheckboxInput, ListWidget

from studyguide.models import AttemptAnswer
from studyguide.questiontypes import (
    MAX_TEXT_RESPONSE,
    Input,
    InvalidResponse,
    Response,
    question_type,
)
from studyguide.web.form import FlaskForm

MISSING_ANSWER = "The form sent no answer to this question, so the saved one stays."


class StartQuizForm(FlaskForm):
    submit = SubmitField("Start quiz")


class SubmitQuizForm(FlaskForm):
    """The buttons under an attempt; the question fields are added per attempt."""

    # First in the page, so Enter in a text answer saves instead of handing in the quiz.
    save = SubmitField("Save answers")
    submit = SubmitField("Submit quiz")

    answers: Sequence[AttemptAnswer] = ()

    def answer_fields(self) -> list[tuple[AttemptAnswer, Field]]:
        """Return each answer of the attempt with the field that asks it, in order."""
        return [(answer, self[field_name(answer.id)]) for answer in self.answers]

    def responses(self) -> dict[int, Response]:
        """Return the submitted responses by question version id; mark bad fields with errors.

        A field that cannot be read is left out (and keeps its error), so the good ones can be
        saved and nothing the student typed is lost.
        """
        responses: dict[int, Response] = {}
        for answer, field in self.answer_fields():
            if not field.raw_data and not _absent_means_empty(answer):
                continue  # not sent at all: the saved response stays as it is
            try:
                responses[answer.question_version_id] = parse_answer(answer, field.raw_data or [])
            except InvalidResponse as error:
                field.errors = [str(error)]
        return responses

    @property
    def has_errors(self) -> bool:
        return any(field.errors for _, field in self.answer_fields())


def field_name(answer_id: int) -> str:
    """Return the form field name of an answer, shared by the page, the script and the views."""
    return f"answer_{answer_id}"


def parse_answer(answer: AttemptAnswer, values: Sequence[str]) -> Response:
    """Read one answer's response from its submitted form values."""
    version = answer.question_version
    return question_type(version.type).parse(version, values)


def parse_answer_from(answer: AttemptAnswer, formdata: MultiDict[str, Any]) -> Response:
    """Read one answer's response from a whole submitted form.

    Raises:
        InvalidResponse: the value is not an answer, or the form does not carry the field.
    """
    name = field_name(answer.id)
    if name not in formdata and not _absent_means_empty(answer):
        raise InvalidResponse(MISSING_ANSWER)
    return parse_answer(answer, formdata.getlist(name))


def _absent_means_empty(answer: AttemptAnswer) -> bool:
    # A browser sends nothing for a checkbox group left empty; every other field, once
    # answered, is always sent. So only for checkboxes does a missing field mean "no answer".
    version = answer.question_version
    return question_type(version.type).input(version).kind == "many"


class AskedQuestion(Protocol):
    """What a question input is made from: an attempt's answer, or a review card."""

    @property
    def id(self) -> int: ...

    @property
    def question_version(self) -> Any: ...


@dataclass(frozen=True)
class QuestionInput:
    """One question's input as the page's Jinja macros render it (quizzes/_macros.html).

    The same name, id, label and values as the WTForms field that reads it back on POST, but
    rendered by plain macros: building and rendering a widget per choice was most of the quiz
    page's time.
    """

    answer: AskedQuestion
    kind: str  # "one", "many" or "text" (see questiontypes.Input)
    label: str
    options: tuple[tuple[str, str], ...]
    value: Any  # the stored (or just submitted) value: a str, a list of str, or None
    errors: Sequence[str] = ()
    maxlength: int = MAX_TEXT_RESPONSE

    @property
    def name(self) -> str:
        return field_name(self.answer.id)

    @property
    def id(self) -> str:
        return self.name

    @property
    def input_type(self) -> str:
        return "checkbox" if self.kind == "many" else "radio"

    @property
    def text_value(self) -> str:
        return "" if self.value is None else str(self.value)

    def checked(self, value: str) -> bool:
        if self.kind == "many":
            return self.value is not None and value in self.value
        return value == self.value


def question_input(answer: AskedQuestion, form: SubmitQuizForm | None = None) -> QuestionInput:
    """Return how the page asks `answer`: pre-filled from what `form` received, if given,
    else from the saved response (a review card has none)."""
    version = answer.question_version
    kind = question_type(version.type)
    ask = kind.input(version)
    if form is not None:
        field = form[field_name(answer.id)]
        value, errors = field.data, field.errors
    else:
        value, errors = kind.input_value(getattr(answer, "response", None), version), ()
    return QuestionInput(answer, ask.kind, ask.label, ask.options, value, tuple(errors))


def form_field(ask: Input) -> UnboundField:
    """Return the WTForms field that asks a question the way its type describes."""
    choices = [SelectChoice(value, label) for value, label in ask.options]
    if ask.kind == "one":
        return RadioField(ask.label, choices=choices, validate_choice=False)
    if ask.kind == "many":
        return SelectMultipleField(
            ask.label,
            choices=choices,
            validate_choice=False,
            widget=ListWidget(prefix_label=False),
            option_widget=CheckboxInput(),
        )
    return StringField(
        ask.label,
        render_kw={
            "autocomplete": "off",
            "autocapitalize": "off",
            "spellcheck": "false",
            "maxlength": MAX_TEXT_RESPONSE,
        },
    )


def quiz_form(answers: Sequence[AttemptAnswer], **kwargs: Any) -> SubmitQuizForm:
    """Build the form of one attempt, pre-filled with the responses saved so far."""
    fields = {}
    data = {}
    for answer in answers:
        kind = question_type(answer.question_version.type)
        fields[field_name(answer.id)] = form_field(kind.input(answer.question_version))
        data[field_name(answer.id)] = kind.input_value(answer.response, answer.question_version)
    form_class = type("AttemptForm", (SubmitQuizForm,), fields)
    form = form_class(data=data, **kwargs)
    form.answers = list(answers)
    return form
