"""What multiple choice and multiple select share: choices offered, answers picked among them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from studyguide.questiontypes.answers import normalize_answer
from studyguide.questiontypes.base import (
    Finding,
    InvalidResponse,
    QuestionType,
    Response,
    Version,
)
from studyguide.questiontypes.schema import FORBIDDEN, TEXT

NOT_A_CHOICE = "That answer is not one of the choices offered for this question."
# A choice is sent as "choice-<index>", not as its text: browsers send a line break in a value
# as CRLF, so a choice holding one (or a NUL) could never be chosen by its text.
CHOICE_VALUE = "choice-{}"


def choice_type_rule(limits: tuple[int, int], answer: dict[str, Any]) -> dict[str, Any]:
    """Return the schema rule of a choice type: `limits` choices, this answer, no other forms."""
    fewest, most = limits
    choices = {"type": "array", "items": TEXT, "minItems": fewest, "maxItems": most}
    return {
        "required": ["choices"],
        "properties": {"choices": choices, "answer": answer, "accepted": FORBIDDEN},
    }


class ChoiceType(QuestionType):
    """Base of multiple choice and multiple select: the answer is picked among the choices."""

    answer_hint = "The right choice, written exactly as in the choices."

    def options(self, version: Version) -> tuple[tuple[str, str], ...]:
        return tuple((CHOICE_VALUE.format(i), choice) for i, choice in enumerate(version.choices))

    def input_value(self, response: Response, version: Version | None = None) -> Any:
        chosen = response if isinstance(response, list) else [] if response is None else [response]
        if version is not None:
            chosen = [value for value, choice in self.options(version) if choice in chosen]
        if self.input_kind == "many":
            return chosen
        return chosen[0] if chosen else None

    def chosen(self, version: Version, values: Sequence[str]) -> list[str]:
        """Return the choices the submitted values name, by index (or, from a page made before
        choices were sent by index, by text); raise InvalidResponse for any other value."""
        by_value = dict(self.options(version))
        try:
            return [by_value[v] if v in by_value else _as_text(version, v) for v in values]
        except KeyError:
            raise InvalidResponse(NOT_A_CHOICE) from None

    def package_problems(self, question: Mapping[str, Any]) -> list[Finding]:
        many = self.input_kind == "many"
        answers = question["answer"] if many else [question["answer"]]
        return choice_problems(question["choices"], answers, many=many)


def _as_text(version: Version, value: str) -> str:
    if value in version.choices:
        return value
    raise KeyError(value)


def _choice_key(text: str) -> str:
    return " ".join(text.casefold().split())


def choice_problems(choices: list[str], answers: list[str], many: bool) -> list[Finding]:
    """Check choices for duplicates and the answers against them, with a hint when one is close."""
    problems: list[Finding] = []
    first: dict[str, int] = {}
    for i, choice in enumerate(choices):
        key = _choice_key(choice)
        if key in first:
            problems.append((f".choices[{i}]", f"{choice!r} duplicates choices[{first[key]}]"))
        first.setdefault(key, i)
    for k, answer in enumerate(answers):
        if answer not in choices:
            where = f".answer[{k}]" if many else ".answer"
            message = f"{answer!r} is not one of the choices"
            close = [c for c in choices if normalize_answer(c) == normalize_answer(answer)]
            if close:
                message += f" (did you mean {close[0]!r}?)"
            problems.append((where, message))
    # Only answers found among the choices; a missing one already got a "did you mean" hint.
    answer_forms = {normalize_answer(a): a for a in answers if a in choices}
    for i, choice in enumerate(choices):
        original = answer_forms.get(normalize_answer(choice))
        is_duplicate = first[_choice_key(choice)] != i
        if original is not None and choice not in answers and not is_duplicate:
            message = f"{choice!r} is the answer {original!r} in another form"
            problems.append((f".choices[{i}]", message))
    return problems
