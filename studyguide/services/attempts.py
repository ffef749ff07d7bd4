"""Quiz attempts: start, save answers as the student goes, submit once, read back.

Every function checks the attempt against the student asking, and every write is one
transaction that this module commits (or rolls back). An attempt moves `in_progress` →
`submitted` exactly once, by a compare-and-set; a second submit returns the stored grade.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from studyguide import errors
from studyguide.extensions import db
from studyguide.models import (
    Attempt,
    AttemptAnswer,
    AttemptGrade,
    AttemptState,
    Course,
    Lesson,
    Question,
    QuestionVersion,
    utcnow,
)
from studyguide.questiontypes import InvalidResponse, Response
from studyguide.services._tx import transaction
from studyguide.services.grading import apply_grades, check_response

__all__ = [
    "AttemptClosed",
    "AttemptDetail",
    "AttemptError",
    "InvalidResponse",
    "NoQuestions",
    "NotFound",
    "QuizOverview",
    "get_answer_for_user",
    "load_attempt",
    "quiz_overview",
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
class QuizOverview:
    """What the quiz intro page shows: the lesson, its size, and the student's attempts."""

    lesson: Lesson
    course: Course
    question_count: int
    open_attempt: Attempt | None
    grades: list[AttemptGrade]  # submitted attempts, newest first


@dataclass(frozen=True)
class AttemptDetail:
    """One attempt with everything its pages show, loaded for the student who owns it."""

    attempt: Attempt
    lesson: Lesson
    course: Course
    answers: list[AttemptAnswer]
    grade: AttemptGrade | None

    @property
    def submitted(self) -> bool:
        return self.attempt.state == AttemptState.SUBMITTED


def _published_lesson(lesson_id: int) -> Lesson:
    lesson = db.session.get(Lesson, lesson_id)
    if lesson is None or lesson.retired_at is not None or lesson.course.status != "published":
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
        .options(selectinload(AttemptAnswer.question_version))
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


def quiz_overview(user_id: int, lesson_id: int) -> QuizOverview:
    """Return the lesson's quiz as the student sees it before starting.

    Raises:
        NotFound: no such lesson, or it is retired or unpublished.
    """
    lesson = _published_lesson(lesson_id)
    grades = db.session.scalars(
        sa.select(AttemptGrade)
        .where(AttemptGrade.user_id == user_id, AttemptGrade.lesson_id == lesson_id)
        .order_by(AttemptGrade.graded_at.desc(), AttemptGrade.id.desc())
    )
    return QuizOverview(
        lesson=lesson,
        course=lesson.course,
        question_count=len(_current_versions(lesson_id)),
        open_attempt=_open_attempt(user_id, lesson_id),
        grades=list(grades),
    )


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


def load_attempt(user_id: int, attempt_id: int) -> AttemptDetail:
    """Return the student's attempt with its lesson, course, answers and grade.

    Raises:
        NotFound: no such attempt, or it belongs to someone else.
    """
    attempt = _owned_attempt(user_id, attempt_id)
    lesson = db.session.get_one(Lesson, attempt.lesson_id)
    return AttemptDetail(
        attempt=attempt,
        lesson=lesson,
        course=lesson.course,
        answers=_answers(attempt.id),
        grade=attempt.grade,
    )


def get_answer_for_user(user_id: int, attempt_id: int, answer_id: int) -> AttemptAnswer:
    """Return one answer of the student's attempt, with its question version.

    Raises:
        NotFound: no such answer in this attempt, or the attempt belongs to someone else.
    """
    answer = db.session.scalar(
        sa.select(AttemptAnswer)
        .join(Attempt, AttemptAnswer.attempt_id == Attempt.id)
        .where(
            AttemptAnswer.id == answer_id,
            Attempt.id == attempt_id,
            Attempt.user_id == user_id,
        )
        .options(selectinload(AttemptAnswer.question_version))
    )
    if answer is None:
        raise NotFound("There is no such question in this attempt.")
    return answer


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
        check_response(answer.question_version, response)
        chosen.append(answer)
    return chosen


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
