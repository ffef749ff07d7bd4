"""Multiple choice: pick the one right answer among two to six choices."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from studyguide.questiontypes.base import (
    Finding,
    Grading,
    Input,
    InvalidResponse,
    QuestionType,
    Response,
    Version,
    quoted,
    single_value,
)
from studyguide.questiontypes.choices import NOT_A_CHOICE, choice_problems
from studyguide.questiontypes.schema import FORBIDDEN, STRING_ANSWER, choices_rule


class MultipleChoice(QuestionType):
    name = "multiple_choice"
    choice_limits = (2, 6)
    schema_rule = {
        "required": ["choices"],
        "properties": {
            "choices": choices_rule(*choice_limits),
            **STRING_ANSWER,
            "accepted": FORBIDDEN,
        },
    }

    def input(self, version: Version) -> Input:
        return Input("one", "Choose one answer", tuple((c, c) for c in version.choices))

    def parse(self, version: Version, values: Sequence[str]) -> Response:
        response = single_value(values, "Choose only one answer.")
        self.check(version, response)
        return response

    def check(self, version: Version, response: Response) -> None:
        if response is None:
            return
        if not isinstance(response, str) or response not in version.choices:
            raise InvalidResponse(NOT_A_CHOICE)

    def grade(self, version: Version, response: Response) -> Grading:
        if response is not None and response == version.answer:
            return Grading(True, "Correct.")
        return self._wrong(version, response)

    def correct_answer(self, version: Version) -> str:
        return quoted(version.answer)

    def display(self, version: Version, response: Response) -> str:
        return "" if response is None else quoted(str(response))

    def package_problems(self, question: Mapping[str, Any]) -> list[Finding]:
        return choice_problems(question["choices"], [question["answer"]], many=False)
