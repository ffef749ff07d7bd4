"""The question-type registry: how each type is asked, read back, graded and shown.

Adding a type is one class below plus its entry in `QUESTION_TYPES` and its partial
`templates/quizzes/_q_<type>.html`. Grading is pure: no database, no request, no side effects.

Responses are stored as JSON in `AttemptAnswer.response`: a choice string (multiple choice), a
list of choice strings in the order offered (multiple select), a boolean (true/false) or a
string (cloze, short answer). None means "not answered".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from wtforms import RadioField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.fields.core import UnboundField
from wtforms.widgets import CheckboxInput, ListWidget

from studyguide.answers import match_text_answer

_NOT_A_CHOICE = "That answer is not one of the choices offered for this question."
_BLANK = re.compile(r"_{4,}")
# Long enough for any honest short answer, short enough that a pasted essay is refused.
MAX_TEXT_RESPONSE = 300

Response = str | bool | list[str] | None


class Version(Protocol):
    """What a question type reads from a question version (a `QuestionVersion` row)."""

    type: str
    prompt: str
    choices: list[str]
    answer: Any
    accepted: list[str]


class InvalidResponse(ValueError):
    """A response that cannot be an answer to this question; the message is for the student."""


class UnknownQuestionType(LookupError):
    """A question version names a type that is not in the registry."""


@dataclass(frozen=True)
class Grading:
    """The verdict on one response: right or wrong, and a sentence saying why."""

    correct: bool
    feedback: str


def _quoted(text: str) -> str:
    return f"\u201c{text}\u201d"


class QuestionType:
    """Base class: one subclass per type, holding no state."""

    name: ClassVar[str]
    label: ClassVar[str]
    # A browser sends nothing for a checkbox group left empty; every other field, once
    # answered, is always sent. So only for checkboxes does a missing field mean "no answer".
    absent_means_empty: ClassVar[bool] = False

    @property
    def partial(self) -> str:
        """Return the template that renders this type's field on the attempt page."""
        return f"quizzes/_q_{self.name}.html"

    def form_field(self, version: Version) -> UnboundField:
        """Return the WTForms field that asks this question."""
        raise NotImplementedError

    def form_data(self, response: Response) -> Any:
        """Return a stored response as the field's data, to pre-fill the form."""
        return response

    def parse(self, version: Version, values: Sequence[str]) -> Response:
        """Turn the submitted form values into a response, or raise InvalidResponse."""
        raise NotImplementedError

    def check(self, version: Version, response: Response) -> None:
        """Raise InvalidResponse unless `response` is a well-formed response to `version`."""
        raise NotImplementedError

    def grade(self, version: Version, response: Response) -> Grading:
        """Grade one response against its question."""
        raise NotImplementedError

    def display(self, version: Version, response: Response) -> str:
        """Return the response as the student should read it on the result page."""
        return "" if response is None else str(response)

    def correct_answer(self, version: Version) -> str:
        """Return the right answer as text."""
        return str(version.answer)

    def _wrong(self, version: Version, response: Response, detail: str = "") -> Grading:
        if response is None:
            return Grading(False, f"Not answered. The answer is {self.correct_answer(version)}.")
        return Grading(False, detail or f"Not quite: the answer is {self.correct_answer(version)}.")


def _single(values: Sequence[str], message: str) -> str | None:
    present = [value for value in values if value != ""]
    if not present:
        return None
    if len(present) > 1:
        raise InvalidResponse(message)
    return present[0]


class MultipleChoice(QuestionType):
    name = "multiple_choice"
    label = "Multiple choice"

    def form_field(self, version: Version) -> UnboundField:
        return RadioField(
            "Choose one answer",
            choices=[SelectChoice(c) for c in version.choices],
            validate_choice=False,
        )

    def parse(self, version: Version, values: Sequence[str]) -> Response:
        response = _single(values, "Choose only one answer.")
        self.check(version, response)
        return response

    def check(self, version: Version, response: Response) -> None:
        if response is None:
            return
        if not isinstance(response, str) or response not in version.choices:
            raise InvalidResponse(_NOT_A_CHOICE)

    def grade(self, version: Version, response: Response) -> Grading:
        if response is not None and response == version.answer:
            return Grading(True, "Correct.")
        return self._wrong(version, response)

    def correct_answer(self, version: Version) -> str:
        return _quoted(version.answer)

    def display(self, version: Version, response: Response) -> str:
        return "" if response is None else _quoted(str(response))


class MultipleSelect(QuestionType):
    name = "multiple_select"
    label = "Select all that apply"
    absent_means_empty = True

    def form_field(self, version: Version) -> UnboundField:
        return SelectMultipleField(
            "Select all that apply",
            choices=[SelectChoice(c) for c in version.choices],
            validate_choice=False,
            widget=ListWidget(prefix_label=False),
            option_widget=CheckboxInput(),
        )

    def form_data(self, response: Response) -> Any:
        return list(response) if isinstance(response, list) else []

    def parse(self, version: Version, values: Sequence[str]) -> Response:
        chosen = {value for value in values if value != ""}
        unknown = chosen - set(version.choices)
        if unknown:
            raise InvalidResponse(_NOT_A_CHOICE)
        # Kept in the order offered, so equal selections are stored equally.
        response = [choice for choice in version.choices if choice in chosen]
        return response or None

    def check(self, version: Version, response: Response) -> None:
        if response is None:
            return
        if (
            not isinstance(response, list)
            or not response
            or not all(isinstance(item, str) and item in version.choices for item in response)
            or len(set(response)) != len(response)
        ):
            raise InvalidResponse(_NOT_A_CHOICE)

    def grade(self, version: Version, response: Response) -> Grading:
        right = set(version.answer)
        chosen = set(response) if isinstance(response, list) else set()
        # All or nothing: a partly right selection is still wrong, and the feedback says how.
        if response is not None and chosen == right:
            return Grading(True, "Correct: you chose exactly the right ones.")
        missed, extra = len(right - chosen), len(chosen - right)
        parts = []
        if missed:
            parts.append(f"missed {missed} that {'applies' if missed == 1 else 'apply'}")
        if extra:
            parts.append(f"chose {extra} that {'does' if extra == 1 else 'do'} not apply")
        detail = f"Not quite: you {' and '.join(parts)}. The right choices are " + (
            f"{self.correct_answer(version)}."
        )
        return self._wrong(version, response, detail)

    def correct_answer(self, version: Version) -> str:
        # In the order offered, which is how the student saw them.
        ordered = [c for c in version.choices if c in version.answer]
        return "; ".join(_quoted(choice) for choice in ordered)

    def display(self, version: Version, response: Response) -> str:
        if not isinstance(response, list):
            return ""
        return "; ".join(_quoted(choice) for choice in response)


class TrueFalse(QuestionType):
    name = "true_false"
    label = "True or false"
    _VALUES: ClassVar[dict[str, bool]] = {"true": True, "false": False}

    def form_field(self, version: Version) -> UnboundField:
        return RadioField(
            "True or false?",
            choices=[SelectChoice("true", "True"), SelectChoice("false", "False")],
            validate_choice=False,
        )

    def form_data(self, response: Response) -> Any:
        return None if response is None else ("true" if response else "false")

    def parse(self, version: Version, values: Sequence[str]) -> Response:
        value = _single(values, "Choose either true or false, not both.")
        if value is None:
            return None
        if value not in self._VALUES:
            raise InvalidResponse("Answer this question with true or false.")
        return self._VALUES[value]

    def check(self, version: Version, response: Response) -> None:
        if response is not None and not isinstance(response, bool):
            raise InvalidResponse("Answer this question with true or false.")

    def grade(self, version: Version, response: Response) -> Grading:
        if response is not None and response is bool(version.answer):
            return Grading(True, "Correct.")
        return self._wrong(version, response)

    def correct_answer(self, version: Version) -> str:
        return "True" if version.answer else "False"

    def display(self, version: Version, response: Response) -> str:
        return "" if response is None else ("True" if response else "False")


class _TextAnswer(QuestionType):
    """Shared by cloze and short answer: normalised matching that tolerates a small typo."""

    field_label: ClassVar[str]

    def form_field(self, version: Version) -> UnboundField:
        return StringField(
            self.field_label,
            render_kw={
                "autocomplete": "off",
                "autocapitalize": "off",
                "spellcheck": "false",
                "maxlength": MAX_TEXT_RESPONSE,
            },
        )

    def form_data(self, response: Response) -> Any:
        return response if isinstance(response, str) else ""

    def parse(self, version: Version, values: Sequence[str]) -> Response:
        value = _single(values, "Send one answer to this question.")
        response = None if value is None else value.strip() or None
        self.check(version, response)
        return response

    def check(self, version: Version, response: Response) -> None:
        if response is None:
            return
        if not isinstance(response, str) or not response.strip():
            raise InvalidResponse("Type your answer as text.")
        if len(response) > MAX_TEXT_RESPONSE:
            raise InvalidResponse(f"Keep your answer under {MAX_TEXT_RESPONSE} characters.")

    def grade(self, version: Version, response: Response) -> Grading:
        if not isinstance(response, str):
            return self._wrong(version, None)
        match = match_text_answer(response, version.answer, version.accepted)
        if not match.correct:
            return self._wrong(version, response)
        if match.typo:
            spelled = _quoted(match.matched or version.answer)
            return Grading(True, f"Accepted with a small typo: the answer is {spelled}.")
        if match.matched != version.answer:
            return Grading(True, f"Correct. The expected answer is {self.correct_answer(version)}.")
        return Grading(True, "Correct.")

    def correct_answer(self, version: Version) -> str:
        return _quoted(version.answer)

    def display(self, version: Version, response: Response) -> str:
        return "" if response is None else _quoted(str(response))


class Cloze(_TextAnswer):
    name = "cloze"
    label = "Fill in the blank"
    field_label = "Word or words for the blank"

    def blank_parts(self, version: Version) -> tuple[str, str]:
        """Return the prompt's text before and after its blank (four or more underscores)."""
        parts = _BLANK.split(version.prompt, maxsplit=1)
        return (parts[0], parts[1]) if len(parts) == 2 else (version.prompt, "")


class ShortAnswer(_TextAnswer):
    name = "short_answer"
    label = "Short answer"
    field_label = "Your answer"


QUESTION_TYPES: dict[str, QuestionType] = {
    kind.name: kind() for kind in (MultipleChoice, MultipleSelect, TrueFalse, Cloze, ShortAnswer)
}


def question_type(name: str) -> QuestionType:
    """Return the registered type called `name`."""
    try:
        return QUESTION_TYPES[name]
    except KeyError:
        raise UnknownQuestionType(f"unknown question type {name!r}") from None


def grade(version: Version, response: Response) -> Grading:
    """Grade one response against its question version, whatever its type."""
    return question_type(version.type).grade(version, response)
