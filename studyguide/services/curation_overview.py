"""The curation overview's read: a course's lessons and questions, and its generator acceptance.

Two queries: the course (with the access check) and its current lessons, one row per lesson;
then the current questions with their current versions and the type of their first version,
from which the acceptance table is counted (services/acceptance.py `tally`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from studyguide.extensions import db
from studyguide.models import Course, Lesson, Question, User
from studyguide.services import acceptance, teaching
from studyguide.services.acceptance import AcceptanceRow
from studyguide.services.curation import QuestionItem, _current


@dataclass(frozen=True)
class CourseQuestions:
    """The curation overview: the course, its lessons, and each lesson's questions."""

    course: Course
    lessons: list[Lesson]
    questions: dict[int, list[QuestionItem]] = field(default_factory=dict)
    acceptance: list[AcceptanceRow] = field(default_factory=list)


def course_questions(user: User, slug: str) -> CourseQuestions:
    """Return the course `slug` with its current lessons, questions and acceptance.

    Raises:
        NotFound: no such course, or `user` may not edit it.
    """
    current = sa.and_(Lesson.course_id == Course.id, Lesson.retired_at.is_(None))
    rows = teaching.editable_course_rows(
        user, slug, (Lesson, current), order_by=(Lesson.position, Lesson.id)
    )
    course = rows[0][0]
    lessons = [lesson for _, lesson in rows if lesson is not None]
    by_id = {lesson.id: lesson for lesson in lessons}
    questions: dict[int, list[QuestionItem]] = {lesson.id: [] for lesson in lessons}
    query = _current(Question.course_id == course.id).add_columns(acceptance.first_type())
    found = db.session.execute(query).all()
    for question, version, _ in found:
        if question.lesson_id in by_id:
            item = QuestionItem(question, version, by_id[question.lesson_id])
            questions[question.lesson_id].append(item)
    rows_by_type = acceptance.tally((kind, question) for question, _, kind in found)
    return CourseQuestions(course, lessons, questions, rows_by_type)
