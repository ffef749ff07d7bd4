"""Quiz attempts read back: the quiz intro, one attempt with its answers, one answer.

Every function checks what it reads against the student asking, through the same lookups
as the writes in `attempts`; none writes.
"""

import functools
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, load_only

from studyguide import errors
from studyguide.extensions import db
from studyguide.models import Attempt, AttemptAnswer, AttemptGrade, AttemptState, Course, Lesson
from studyguide.services import content
from studyguide.services.attempts import NotFound
from studyguide.services.content import LESSON_LISTING
from studyguide.services.content_cache import CourseListing, LessonListing


@dataclass(frozen=True)
class QuizOverview:
    """What the quiz intro page shows: the lesson, its size, and the student's attempts."""

    lesson: LessonListing
    course: CourseListing
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
    """Return the lesson's quiz as the student sees it before starting (one query: the
    student's attempts at it with their grades; the lesson from the content cache).

    Raises:
        NotFound: no such lesson, or it is retired or unpublished.
    """
    try:
        course, lesson = content.listed_lesson(lesson_id=lesson_id)
    except errors.NotFound as missing:
        raise NotFound(str(missing)) from None  # the quiz services' own kind of NotFound
    attempts = db.session.scalars(
        sa.select(Attempt)
        .where(Attempt.user_id == user_id, Attempt.lesson_id == lesson_id)
        .options(joinedload(Attempt.grade))
        .order_by(Attempt.id)
    ).unique()
    mine = list(attempts)
    grades = sorted(
        (attempt.grade for attempt in mine if attempt.grade is not None),
        key=lambda grade: (grade.graded_at, grade.id),
        reverse=True,
    )
    open_attempt = next((a for a in mine if a.state == AttemptState.IN_PROGRESS), None)
    return QuizOverview(lesson, course, lesson.question_count, open_attempt, grades)


def load_attempt(user_id: int, attempt_id: int) -> AttemptDetail:
    """Return the student's attempt with its lesson, course, answers and grade.

    Raises:
        NotFound: no such attempt, or it belongs to someone else.
    """
    values = {"user_id": user_id, "attempt_id": attempt_id}
    row = db.session.execute(_attempt_with_lesson(), values).first()
    if row is None:
        raise NotFound("There is no such attempt.")
    attempt, lesson, course = row
    answers = db.session.scalars(_answers_with_questions(), {"attempt_id": attempt_id})
    return AttemptDetail(
        attempt=attempt,
        lesson=lesson,
        course=course,
        answers=list(answers),
        grade=attempt.grade,
    )


# The attempt pages' two queries, built once with bound parameters: building them on every
# request cost more than running them.


@functools.cache
def _attempt_with_lesson() -> sa.Select[Attempt, Lesson, Course]:
    """The attempt (of `user_id`) with its grade, lesson and course, without their content."""
    return (
        sa.select(Attempt, Lesson, Course)
        .join(Lesson, Lesson.id == Attempt.lesson_id)
        .join(Course, Course.id == Lesson.course_id)
        .where(Attempt.id == sa.bindparam("attempt_id"), Attempt.user_id == sa.bindparam("user_id"))
        .options(
            joinedload(Attempt.grade),
            load_only(*LESSON_LISTING),
            load_only(Course.id, Course.slug, Course.title, Course.status),
        )
    )


@functools.cache
def _answers_with_questions() -> sa.Select[AttemptAnswer]:
    return (
        sa.select(AttemptAnswer)
        .where(AttemptAnswer.attempt_id == sa.bindparam("attempt_id"))
        .options(joinedload(AttemptAnswer.question_version))
        .order_by(AttemptAnswer.position, AttemptAnswer.id)
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
