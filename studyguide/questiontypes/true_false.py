"""True or false: decide whether a statement holds."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from studyguide.questiontypes.base import (
    Grading,
    InvalidResponse,
    QuestionType,
    Response,
    Version,
    single_value,
)
from studyguide.questiontypes.schema import FORBIDDEN

_NOT_TRUE_OR_FALSE = "Answer this question with true or false."


class TrueFalse(QuestionType):
    name = "true_false"
    input_kind = "one"
    input_label = "True or false?"
    schema_rule = {
        "properties": {
            "choices": FORBIDDEN,
            "answer": {"type": "boolean"},
            "accepted": FORBIDDEN,
        },
    }
    _VALUES: ClassVar[dict[str, bool]] = {"true": True, "false": False}
    answer_hint = "true or false"

    def answer_from_text(self, text: str) -> Any:
        # Anything else stays text, and the schema check says the answer must be a boolean.
        return self._VALUES.get(text.strip().lower(), text.strip())

    def answer_to_text(self, answer: Any) -> str:
        return "true" if answer is True else "false" if answer is False else str(answer)

    def options(self, version: Version) -> tuple[tuple[str, str], ...]:
        return (("true", "True"), ("false", "False"))

    def input_value(self, response: Response, version: Version | None = None) -> Any:
        return None if response is None else ("true" if response else "false")

    def parse(self, version: Version, values: Sequence[str]) -> Response:
        value = single_value(values, "Choose either true or false, not both.")
        if value is None:
            return None
        if value not in self._VALUES:
            raise InvalidResponse(_NOT_TRUE_OR_FALSE)
        return self._VALUES[value]

    def check(self, version: Version, response: Response) -> None:
        if response is not None and not isinstance(response, bool):
            raise InvalidResponse(_NOT_TRUE_OR_FALSE)

    def grade(self, version: Version, response: Response) -> Grading:
        if response is not None and response is bool(version.answer):
            return Grading(True, "Correct.")
        return self._wrong(version, response)

    def correct_answer(self, version: Version) -> str:
        return "True" if version.answer else "False"

    def display(self, version: Version, response: Response) -> str:
        return "" if response is None else ("True" if response else "False")
