"""The bridge from the question-type registry to stored answers: grade, never commit."""

from collections.abc import Sequence
from dataclasses import dataclass

from studyguide.models import AttemptAnswer, QuestionVersion
from studyguide.questiontypes import Grading, Response, question_type


@dataclass(frozen=True)
class Tally:
    """How many answers of an attempt were right."""

    correct: int
    total: int

    @property
    def score(self) -> float:
        return self.correct / self.total if self.total else 0.0


def check_response(version: QuestionVersion, response: Response) -> None:
    """Raise InvalidResponse unless `response` can be stored as an answer to `version`."""
    question_type(version.type).check(version, response)


def grade_response(version: QuestionVersion, response: Response) -> Grading:
    """Grade one response against the version the student was shown."""
    return question_type(version.type).grade(version, response)


def apply_grades(answers: Sequence[AttemptAnswer]) -> Tally:
    """Set `is_correct` and `feedback` on each answer (in the session, uncommitted) and tally."""
    correct = 0
    for answer in answers:
        grading = grade_response(answer.question_version, answer.response)
        answer.is_correct = grading.correct
        answer.feedback = grading.feedback
        correct += grading.correct
    return Tally(correct=correct, total=len(answers))
