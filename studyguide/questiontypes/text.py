"""What cloze and short answer share: a typed answer, matched leniently (answers.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from studyguide.questiontypes.answers import match_text_answer, normalize_answer
from studyguide.questiontypes.base import (
    CONTROL_CHARACTERS,
    MAX_TEXT_RESPONSE,
    Finding,
    Grading,
    InvalidResponse,
    QuestionType,
    Response,
    Version,
    quoted,
    single_value,
)
from studyguide.questiontypes.schema import FORBIDDEN, TEXT, TEXT_LIST


class TextAnswer(QuestionType):
    """Base of cloze and short answer: normalised matching that tolerates a small typo."""

    input_kind = "text"
    schema_rule = {"properties": {"choices": FORBIDDEN, "answer": TEXT, "accepted": TEXT_LIST}}

    def options(self, version: Version) -> tuple[tuple[str, str], ...]:
        return ()

    def input_value(self, response: Response, version: Version | None = None) -> Any:
        return response if isinstance(response, str) else ""

    def parse(self, version: Version, values: Sequence[str]) -> Response:
        value = single_value(values, "Send one answer to this question.")
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
        if CONTROL_CHARACTERS.search(response):
            raise InvalidResponse("Remove the invisible control characters from your answer.")

    def grade(self, version: Version, response: Response) -> Grading:
        if not isinstance(response, str):
            return self._wrong(version, None)
        match = match_text_answer(response, version.answer, version.accepted)
        if not match.correct:
            return self._wrong(version, response)
        if match.typo:
            spelled = quoted(match.matched or version.answer)
            return Grading(True, f"Accepted with a small typo: the answer is {spelled}.")
        if match.matched != version.answer:
            return Grading(True, f"Correct. The expected answer is {self.correct_answer(version)}.")
        return Grading(True, "Correct.")

    def package_problems(self, question: Mapping[str, Any]) -> list[Finding]:
        """Refuse an answer or accepted form that normalises to nothing: it could never match."""
        forms = [("answer", question["answer"])]
        forms += [(f"accepted[{i}]", form) for i, form in enumerate(question.get("accepted", []))]
        return [
            (f".{name}", f"{form!r} has nothing left to match once punctuation is removed")
            for name, form in forms
            if not normalize_answer(form)
        ]
