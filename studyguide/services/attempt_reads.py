"""Quiz attempts read back: the quiz intro, one attempt with its answers, one answer.

Every function checks what it reads against the student asking, through the same lookups
as the writes in `attempts`; none writes.
"""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from studyguide.extensions import db
from studyguide.models import Attempt, AttemptAnswer, AttemptGrade, AttemptState, Course, Lesson
from studyguide.services.attempts import (
    NotFound,
    _answers,
    _current_versions,
    _open_attempt,
    _published_lesson,
)


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


def load_attempt(user_id: int, attempt_id: int) -> AttemptDetail:
    """Return the student's attempt with its lesson, course, answers and grade.

    Raises:
        NotFound: no such attempt, or it belongs to someone else.
    """
    # Two queries: the attempt with its lesson, course and grade; its answers with questions.
    row = db.session.execute(
        sa.select(Attempt, Lesson, Course)
        .join(Lesson, Lesson.id == Attempt.lesson_id)
        .join(Course, Course.id == Lesson.course_id)
        .where(Attempt.id == attempt_id, Attempt.user_id == user_id)
        .options(joinedload(Attempt.grade))
    ).first()
    if row is None:
        raise NotFound("There is no such attempt.")
    attempt, lesson, course = row
    return AttemptDetail(
        attempt=attempt,
        lesson=lesson,
        course=course,
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
        .options(joinedload(AttemptAnswer.question_version))
    )
    if answer is None:
        raise NotFound("There is no such question in this attempt.")
    return answer
