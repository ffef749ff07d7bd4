"""Quiz attempts: start, save answers as the student goes, submit once and grade.

Every function checks the attempt against the student asking, and every write is one
transaction that this module commits (or rolls back). An attempt moves `in_progress` →
`submitted` exactly once, by a compare-and-set; a second submit returns the stored grade.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, joinedload

from studyguide import errors, questiontypes
from studyguide.extensions import db
from studyguide.models import (
    Attempt,
    AttemptAnswer,
    AttemptGrade,
    AttemptState,
    CurationState,
    Lesson,
    Question,
    QuestionVersion,
    utcnow,
)
from studyguide.questiontypes import InvalidResponse, Response
from studyguide.services import review
from studyguide.services._tx import transaction

__all__ = [
    "AttemptClosed",
    "AttemptError",
    "InvalidResponse",
    "NoQuestions",
    "NotFound",
    "Tally",
    "apply_grades",
    "save_answer",
    "save_answers",
    "start_attempt",
    "submit_attempt",
]

# A lost race for the one open attempt is retried; more than this means something else is wrong.
_START_TRIES = 3


class AttemptError(errors.StudyguideError):
    """A quiz action that cannot be carried out; the message is for the student."""


class NotFound(AttemptError, errors.NotFound):
    """The lesson, attempt or answer does not exist, or belongs to someone else."""

    def __init__(self, message: str = "There is no such quiz or attempt.") -> None:
        super().__init__(message)


class AttemptClosed(AttemptError, errors.Conflict):
    """The attempt is submitted: its answers can no longer change."""

    def __init__(
        self, message: str = "This quiz is already submitted; its answers can no longer change."
    ) -> None:
        super().__init__(message)


class NoQuestions(AttemptError, errors.Refused):
    """The lesson has no questions to ask."""

    def __init__(self, message: str = "This lesson has no quiz questions yet.") -> None:
        super().__init__(message)


@dataclass(frozen=True)
class Tally:
    """How many answers of an attempt were right."""

    correct: int
    total: int

    @property
    def score(self) -> float:
        return self.correct / self.total if self.total else 0.0


def _published_lesson(lesson_id: int) -> Lesson:
    # The course comes in the same query: it is checked here and shown by every quiz page.
    lesson = db.session.scalar(
        sa.select(Lesson)
        .join(Lesson.course)
        .where(Lesson.id == lesson_id)
        .options(contains_eager(Lesson.course))
    )
    if lesson is None or lesson.retired_at is not None or lesson.course.status != "published":
        raise NotFound("There is no such lesson.")
    return lesson


def _lesson(lesson_id: int) -> Lesson:
    lesson = db.session.get(Lesson, lesson_id)
    if lesson is None:
        raise NotFound("There is no such lesson.")
    return lesson


def _current_versions(lesson_id: int) -> list[QuestionVersion]:
    return list(
        db.session.scalars(
            sa.select(QuestionVersion)
            .join(Question, QuestionVersion.question_id == Question.id)
            .where(
                Question.lesson_id == lesson_id,
                Question.retired_at.is_(None),
                # Students see only approved questions (pending and rejected ones wait in /teach).
                Question.review_state == CurationState.APPROVED.value,
                QuestionVersion.is_current.is_(True),
            )
            .order_by(Question.position, Question.id)
        )
    )


def _open_attempt(user_id: int, lesson_id: int) -> Attempt | None:
    return db.session.scalar(
        sa.select(Attempt).where(
            Attempt.user_id == user_id,
            Attempt.lesson_id == lesson_id,
            Attempt.state == AttemptState.IN_PROGRESS.value,
        )
    )


def _owned_attempt(user_id: int, attempt_id: int, *, lock: bool = False) -> Attempt:
    query = sa.select(Attempt).where(Attempt.id == attempt_id, Attempt.user_id == user_id)
    if lock:
        # On PostgreSQL a save waits for a concurrent submit (and then sees it); SQLite's
        # BEGIN IMMEDIATE already serialises writers.
        query = query.with_for_update().execution_options(populate_existing=True)
    attempt = db.session.scalar(query)
    if attempt is None:
        raise NotFound("There is no such attempt.")
    return attempt


def _answers(attempt_id: int, *, fresh: bool = False) -> list[AttemptAnswer]:
    query = (
        sa.select(AttemptAnswer)
        .where(AttemptAnswer.attempt_id == attempt_id)
        # Many-to-one: joined into the same statement, one query for the answers and questions.
        .options(joinedload(AttemptAnswer.question_version))
        .order_by(AttemptAnswer.position, AttemptAnswer.id)
    )
    if fresh:
        query = query.execution_options(populate_existing=True)
    return list(db.session.scalars(query))


def _stored_grade(attempt_id: int) -> AttemptGrade:
    grade = db.session.scalar(sa.select(AttemptGrade).where(AttemptGrade.attempt_id == attempt_id))
    if grade is None:
        raise AttemptError(
            "This attempt was submitted but has no grade; please tell an instructor."
        )
    return grade


def _store(answer: AttemptAnswer, response: Response) -> None:
    # SQL NULL, not JSON null, for "not answered", so queries can use IS NULL.
    answer.response = sa.null() if response is None else response
    answer.saved_at = utcnow()


def start_attempt(user_id: int, lesson_id: int) -> Attempt:
    """Open an attempt at the lesson's quiz, or return the student's open one.

    The attempt shows the lesson's current, non-retired question versions, in order.

    Raises:
        NotFound: no such lesson, or it is retired or unpublished.
        NoQuestions: the lesson has no questions.
    """
    for _ in range(_START_TRIES):
        try:
            with transaction():
                _published_lesson(lesson_id)
                attempt = _open_attempt(user_id, lesson_id)
                if attempt is None:
                    versions = _current_versions(lesson_id)
                    if not versions:
                        raise NoQuestions()
                    attempt = Attempt(user_id=user_id, lesson_id=lesson_id)
                    attempt.answers = [
                        AttemptAnswer(question_version_id=version.id, position=position)
                        for position, version in enumerate(versions, start=1)
                    ]
                    db.session.add(attempt)
            return attempt
        except sa.exc.IntegrityError:
            # Another request opened an attempt between our read and our insert (the partial
            # unique index refused ours): the next round finds and returns theirs.
            continue
    raise AttemptError("The quiz could not be started; please try again.")


def save_answer(
    user_id: int, attempt_id: int, question_version_id: int, response: Response
) -> AttemptAnswer:
    """Store the student's response to one question of their open attempt (None clears it).

    Raises:
        NotFound: no such attempt or question in it, or the attempt is someone else's.
        AttemptClosed: the attempt is submitted.
        InvalidResponse: the response cannot answer this question.
    """
    with transaction():
        answer = _save(user_id, attempt_id, {question_version_id: response})[0]
    return answer


def save_answers(user_id: int, attempt_id: int, responses: Mapping[int, Response]) -> None:
    """Store several responses (by question version id) to the student's open attempt at once.

    Raises:
        NotFound, AttemptClosed, InvalidResponse: as `save_answer`; then nothing is saved.
    """
    with transaction():
        _save(user_id, attempt_id, responses)


def _save(user_id: int, attempt_id: int, responses: Mapping[int, Response]) -> list[AttemptAnswer]:
    attempt = _owned_attempt(user_id, attempt_id, lock=True)
    if attempt.state != AttemptState.IN_PROGRESS:
        raise AttemptClosed()
    answers = _answers_for(attempt.id, responses)
    for answer in answers:
        _store(answer, responses[answer.question_version_id])
    return answers


def _answers_for(attempt_id: int, responses: Mapping[int, Response]) -> list[AttemptAnswer]:
    """Return the answers that `responses` are for, every response checked before any is kept."""
    by_version = {answer.question_version_id: answer for answer in _answers(attempt_id)}
    chosen = []
    for version_id, response in responses.items():
        answer = by_version.get(version_id)
        if answer is None:
            raise NotFound("There is no such question in this attempt.")
        questiontypes.check(answer.question_version, response)
        chosen.append(answer)
    return chosen


def apply_grades(answers: Sequence[AttemptAnswer]) -> Tally:
    """Set `is_correct` and `feedback` on each answer (in the session, uncommitted) and tally."""
    correct = 0
    for answer in answers:
        grading = questiontypes.grade(answer.question_version, answer.response)
        answer.is_correct = grading.correct
        answer.feedback = grading.feedback
        correct += grading.correct
    return Tally(correct=correct, total=len(answers))


def submit_attempt(
    user_id: int, attempt_id: int, responses: Mapping[int, Response] | None = None
) -> AttemptGrade:
    """Save any final responses, close the attempt and grade it, in one transaction.

    Submitting an attempt that is already submitted returns its stored grade: never twice.

    Raises:
        NotFound: no such attempt, or it belongs to someone else.
        InvalidResponse: a final response cannot answer its question; nothing is changed.
    """
    try:
        with transaction():
            attempt = _owned_attempt(user_id, attempt_id)
            if attempt.state != AttemptState.IN_PROGRESS:
                return _stored_grade(attempt_id)
            final = _answers_for(attempt_id, responses or {})
            # The compare-and-set: of two concurrent submits exactly one sees rowcount 1. On
            # PostgreSQL the loser's UPDATE waits for the winner's commit, then matches no row.
            claimed = cast(
                sa.CursorResult[Any],
                db.session.execute(
                    sa.update(Attempt)
                    .where(
                        Attempt.id == attempt_id, Attempt.state == AttemptState.IN_PROGRESS.value
                    )
                    .values(state=AttemptState.SUBMITTED.value, submitted_at=utcnow())
                    .execution_options(synchronize_session=False)
                ),
            ).rowcount
            if claimed != 1:
                # The winner has committed (our UPDATE waited for it), so its grade is visible.
                return _stored_grade(attempt_id)
            for answer in final:
                _store(answer, (responses or {})[answer.question_version_id])
            db.session.flush()
            # Re-read: a save that committed while our UPDATE waited must be graded as stored.
            answers = _answers(attempt_id, fresh=True)
            tally = apply_grades(answers)
            # The quiz answer is each question's first review: in this same transaction.
            review.record_quiz_answers(user_id, _lesson(attempt.lesson_id), answers)
            grade = AttemptGrade(
                attempt_id=attempt_id,
                user_id=user_id,
                lesson_id=attempt.lesson_id,
                correct=tally.correct,
                total=tally.total,
                score=tally.score,
            )
            db.session.add(grade)
    except sa.exc.IntegrityError:
        # The unique attempt_id on grades is the last line of defence: someone graded first.
        return _stored_grade(attempt_id)
    return grade
