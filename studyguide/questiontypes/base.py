"""What every question type shares: the response shapes, the verdict, and the base class.

Responses are stored as JSON in `AttemptAnswer.response`: a choice string (multiple choice), a
list of choice strings in the order offered (multiple select), a boolean (true/false) or a
string (cloze, short answer). None means "not answered".
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Literal, Protocol

from studyguide.questiontypes.schema import FORBIDDEN

# Long enough for any honest short answer, short enough that a pasted essay is refused.
MAX_TEXT_RESPONSE = 300
# C0 controls other than tab, newline and carriage return: no typed answer needs them, and
# PostgreSQL refuses NUL in text and JSON (the save would fail with a 500).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

Response = str | bool | list[str] | None
# One problem a package check finds: the field under the question (".choices[1]") and a message.
Finding = tuple[str, str]


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


def quoted(text: str) -> str:
    """Return `text` in curly double quotes, as answers are shown to the student."""
    return f"\u201c{text}\u201d"


def single_value(values: Sequence[str], message: str) -> str | None:
    """Return the one non-empty submitted value, None if there is none; raise if several."""
    present = [value for value in values if value != ""]
    if not present:
        return None
    if len(present) > 1:
        raise InvalidResponse(message)
    return present[0]


@dataclass(frozen=True)
class Input:
    """How the attempt page asks a question, in words the web side turns into a form field.

    `kind` is "one" (pick one option), "many" (pick any options) or "text" (type a few words);
    `options` are the (value, label) pairs to pick from.
    """

    kind: Literal["one", "many", "text"]
    label: str
    options: tuple[tuple[str, str], ...] = ()


class QuestionType:
    """Base class: one subclass per type, holding no state."""

    name: ClassVar[str]
    # The type's part of the lesson schema, applied when a question has this `type`.
    schema_rule: ClassVar[dict[str, Any]]
    # How many choices a question of this type offers (fewest, most); None: it has none.
    choice_limits: ClassVar[tuple[int, int] | None] = None
    # How the attempt page asks it: the kind of input (see `Input`) and its label.
    input_kind: ClassVar[Literal["one", "many", "text"]]
    input_label: ClassVar[str]

    @property
    def partial(self) -> str:
        """Return the template that renders this type's field on the attempt page."""
        return f"quizzes/_q_{self.name}.html"

    def input(self, version: Version) -> Input:
        """Return how the attempt page asks this question."""
        return Input(self.input_kind, self.input_label, self.options(version))

    def options(self, version: Version) -> tuple[tuple[str, str], ...]:
        """Return the (value, label) pairs the student picks from: by default, the choices."""
        return tuple((choice, choice) for choice in version.choices)

    def input_value(self, response: Response, version: Version | None = None) -> Any:
        """Return a stored response as the input's value, to pre-fill the attempt page."""
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
        return "" if response is None else quoted(str(response))

    def correct_answer(self, version: Version) -> str:
        """Return the right answer as text."""
        return quoted(version.answer)

    # How the curation editor asks for the answer (the field's hint).
    answer_hint: ClassVar[str] = "The answer, as the student should give it."

    def takes(self, field: str) -> bool:
        """Return whether questions of this type have `field` ("choices" or "accepted")."""
        return self.schema_rule.get("properties", {}).get(field) is not FORBIDDEN

    def answer_from_text(self, text: str) -> Any:
        """Return the answer an editor typed as the package's value (checked afterwards)."""
        return text.strip()

    def answer_to_text(self, answer: Any) -> str:
        """Return a stored answer as the editor's text field shows it."""
        return str(answer)

    def package_problems(self, question: Mapping[str, Any]) -> list[Finding]:
        """Check a schema-valid question of a course package beyond what the schema says."""
        return []

    def _wrong(self, version: Version, response: Response, detail: str = "") -> Grading:
        if response is None:
            return Grading(False, f"Not answered. The answer is {self.correct_answer(version)}.")
        return Grading(False, detail or f"Not quite: the answer is {self.correct_answer(version)}.")
