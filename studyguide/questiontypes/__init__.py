"""The question-type registry: how each type is checked, asked, read back, graded and shown.

Pure Python: it imports no Flask, WTForms, ORM or models (tests/test_questiontypes_boundaries.py
proves it). Each type is one module here, owning its schema rule, package checks, input (kind,
label, options; web/quizzes/forms.py turns that into a field), parsing, grading and display.
Adding a type is its module, its entry in `QUESTION_TYPES`, its generator builder and its
partial `templates/quizzes/_q_<type>.html`. Grading is pure: no database, no request.
"""

from __future__ import annotations

from studyguide.questiontypes.base import (
    MAX_TEXT_RESPONSE,
    Finding,
    Grading,
    Input,
    InvalidResponse,
    QuestionType,
    Response,
    UnknownQuestionType,
    Version,
)
from studyguide.questiontypes.cloze import Cloze
from studyguide.questiontypes.multiple_choice import MultipleChoice
from studyguide.questiontypes.multiple_select import MultipleSelect
from studyguide.questiontypes.short_answer import ShortAnswer
from studyguide.questiontypes.true_false import TrueFalse

__all__ = [
    "MAX_TEXT_RESPONSE",
    "QUESTION_TYPES",
    "Finding",
    "Grading",
    "Input",
    "InvalidResponse",
    "QuestionType",
    "Response",
    "UnknownQuestionType",
    "Version",
    "check",
    "grade",
    "question_type",
]

QUESTION_TYPES: dict[str, QuestionType] = {
    kind.name: kind
    for kind in (MultipleChoice(), MultipleSelect(), TrueFalse(), Cloze(), ShortAnswer())
}


def question_type(name: str) -> QuestionType:
    """Return the registered type called `name`."""
    try:
        return QUESTION_TYPES[name]
    except KeyError:
        raise UnknownQuestionType(f"unknown question type {name!r}") from None


def check(version: Version, response: Response) -> None:
    """Raise InvalidResponse unless `response` can be stored as an answer to `version`."""
    question_type(version.type).check(version, response)


def grade(version: Version, response: Response) -> Grading:
    """Grade one response against its question version, whatever its type."""
    return question_type(version.type).grade(version, response)
