"""Multiple choice: pick the one right answer among two to six choices."""

from __future__ import annotations

from collections.abc import Sequence

from studyguide.questiontypes.base import Grading, InvalidResponse, Response, Version, single_value
from studyguide.questiontypes.choices import NOT_A_CHOICE, ChoiceType, choice_type_rule
from studyguide.questiontypes.schema import TEXT


class MultipleChoice(ChoiceType):
    name = "multiple_choice"
    input_kind = "one"
    input_label = "Choose one answer"
    choice_limits = (2, 6)
    schema_rule = choice_type_rule(choice_limits, answer=TEXT)

    def parse(self, version: Version, values: Sequence[str]) -> Response:
        value = single_value(values, "Choose only one answer.")
        response = None if value is None else self.chosen(version, [value])[0]
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
