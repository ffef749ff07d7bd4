"""Multiple select: pick exactly the right ones among three to eight choices."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from studyguide.questiontypes.base import Grading, InvalidResponse, Response, Version, quoted
from studyguide.questiontypes.choices import NOT_A_CHOICE, ChoiceType, choice_type_rule
from studyguide.questiontypes.schema import TEXT


class MultipleSelect(ChoiceType):
    name = "multiple_select"
    input_kind = "many"
    input_label = "Select all that apply"
    choice_limits = (3, 8)
    schema_rule = choice_type_rule(
        choice_limits, answer={"type": "array", "items": TEXT, "minItems": 1, "uniqueItems": True}
    )

    answer_hint = "The right choices, one per line, written as in the choices."

    def answer_from_text(self, text: str) -> Any:
        return [line.strip() for line in text.splitlines() if line.strip()]

    def answer_to_text(self, answer: Any) -> str:
        return "\n".join(answer) if isinstance(answer, list) else str(answer)

    def parse(self, version: Version, values: Sequence[str]) -> Response:
        chosen = set(self.chosen(version, [value for value in values if value != ""]))
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
            raise InvalidResponse(NOT_A_CHOICE)

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
        return "; ".join(quoted(choice) for choice in ordered)

    def display(self, version: Version, response: Response) -> str:
        if not isinstance(response, list):
            return ""
        return "; ".join(quoted(choice) for choice in response)
