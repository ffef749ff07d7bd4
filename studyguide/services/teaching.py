"""Who may edit which course: the access checks every /teach page goes through.

The rule (see studyguide/models/teaching.py): a course loaded from data/ (origin "data") is
editable by every instructor; a course made in the browser by its editors only. A student, or
an instructor without rights, asking for a course gets `NotFound` — exactly what a missing
course gives, so nobody learns which slugs exist.

Services that change a course from the browser call `note_browser_edit(course)` inside their
transaction, so `load-courses` knows not to overwrite the edit (see services/importer.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from studyguide.errors import NotFound, Refused
from studyguide.extensions import db
from studyguide.models import (
    Attempt,
    Course,
    CourseEditor,
    CourseOrigin,
    CurationState,
    Lesson,
    LessonRead,
    Question,
    Role,
    User,
    utcnow,
)
from studyguide.services._tx import transaction


def _editable_clause(user: User) -> sa.ColumnElement[bool]:
    is_editor = (
        sa.select(CourseEditor.id)
        .where(CourseEditor.course_id == Course.id, CourseEditor.user_id == user.id)
        .exists()
    )
    return sa.or_(Course.origin == CourseOrigin.DATA.value, is_editor)


def editable_courses(user: User) -> list[Course]:
    """Return the courses `user` may edit, by title; none for a student."""
    if not user.is_instructor:
        return []
    query = sa.select(Course).where(_editable_clause(user)).order_by(Course.title, Course.id)
    return list(db.session.scalars(query))


def editable_course(user: User, slug: str) -> Course:
    """Return the course `slug` if `user` may edit it.

    Raises:
        NotFound: no such course, or `user` may not edit it (the two look the same).
    """
    course: Course = editable_course_with(user, slug)[0]
    return course


def editable_course_with(user: User, slug: str, *joins: tuple[Any, Any]) -> tuple[Any, ...]:
    """Return the row (course, then one of each joined entity or None) of the course `slug`
    if `user` may edit it: the access check and what the page shows of the course, one query.

    Each join is (entity, on clause), outer-joined in order; the clauses pick at most one row.

    Raises:
        NotFound: no such course, or `user` may not edit it (the two look the same).
    """
    return editable_course_rows(user, slug, *joins)[0]


def editable_course_rows(
    user: User,
    slug: str,
    *joins: tuple[Any, Any],
    order_by: tuple[Any, ...] = (),
    options: tuple[Any, ...] = (),
) -> list[tuple[Any, ...]]:
    """Return every row of `editable_course_with`'s query (in `order_by`, with loader
    `options`): at least one.

    Raises:
        NotFound: no such course, or `user` may not edit it (the two look the same).
    """
    if not user.is_instructor:
        raise NotFound("No such course.")
    query = sa.select(Course).where(Course.slug == slug, _editable_clause(user))
    for entity, onclause in joins:
        query = query.add_columns(entity).outerjoin(entity, onclause)
    rows = db.session.execute(query.order_by(*order_by).options(*options)).all()
    if not rows:
        raise NotFound("No such course.")
    return [tuple(row) for row in rows]


def workspace(user: User, slug: str) -> tuple[Course, list[Lesson]]:
    """Return the course `slug` if `user` may edit it, with the titles of its current lessons
    in order: one query.

    Raises:
        NotFound: no such course, or `user` may not edit it.
    """
    current = sa.and_(Lesson.course_id == Course.id, Lesson.retired_at.is_(None))
    rows = editable_course_rows(
        user, slug, (Lesson, current), order_by=(Lesson.position, Lesson.id),
        options=(sa.orm.load_only(Lesson.id, Lesson.course_id, Lesson.position, Lesson.title),),
    )  # fmt: skip
    return rows[0][0], [lesson for _, lesson in rows if lesson is not None]


def can_edit(user: User, course: Course) -> bool:
    """Return whether `user` may edit `course` (one query at most)."""
    if not user.is_instructor:
        return False
    if course.origin == CourseOrigin.DATA.value:
        return True
    query = sa.select(CourseEditor.id).where(
        CourseEditor.course_id == course.id, CourseEditor.user_id == user.id
    )
    return db.session.scalar(query) is not None


def course_editors(course: Course) -> list[CourseEditor]:
    """Return the editors of `course`, first added first."""
    query = (
        sa.select(CourseEditor)
        .where(CourseEditor.course_id == course.id)
        .options(sa.orm.joinedload(CourseEditor.user), sa.orm.joinedload(CourseEditor.added_by))
        .order_by(CourseEditor.added_at, CourseEditor.id)
    )
    return list(db.session.scalars(query))


def make_creator_editor(course: Course, user: User) -> None:
    """Stage `user` as the first editor of the new browser course `course`; the caller commits."""
    course.origin = CourseOrigin.BROWSER.value
    db.session.add(CourseEditor(course=course, user=user, added_by=None))


def add_editor(actor: User, slug: str, email: str) -> CourseEditor:
    """Make the instructor with `email` a co-editor of the course `slug`, which `actor` edits.

    Raises:
        NotFound: `actor` may not edit the course.
        Refused: no instructor has that email, or they already edit the course.
    """
    course = editable_course(actor, slug)
    with transaction():
        user = db.session.scalar(sa.select(User).where(User.email == User.normalize_email(email)))
        if user is None or not user.is_instructor:
            raise Refused("No instructor has that email. Promote the account to instructor first.")
        existing = sa.select(CourseEditor.id).where(
            CourseEditor.course_id == course.id, CourseEditor.user_id == user.id
        )
        if db.session.scalar(existing) is not None:
            raise Refused(f"{user.display_name} already edits this course.")
        editor = CourseEditor(course=course, user=user, added_by=actor)
        db.session.add(editor)
        return editor


def promote_to_instructor(actor: User, email: str) -> User:
    """Make the account with `email` an instructor; only an instructor may do it.

    Raises:
        NotFound: `actor` is not an instructor.
        Refused: no account has that email, or it is an instructor already.
    """
    if not actor.is_instructor:
        raise NotFound("No such page.")
    with transaction():
        user = db.session.scalar(sa.select(User).where(User.email == User.normalize_email(email)))
        if user is None:
            raise Refused("No account has that email. Ask them to sign up first.")
        if user.is_instructor:
            raise Refused(f"{user.email} is an instructor already.")
        user.role = Role.INSTRUCTOR.value
        return user


def note_browser_edit(course: Course) -> None:
    """Stage the mark that `course` was changed in the browser; the caller commits."""
    course.edited_at = utcnow()


LIST_COLUMNS = (
    Course.id, Course.slug, Course.title, Course.status, Course.origin, Course.updated_at,
    Course.edited_at,
)  # fmt: skip


@dataclass(frozen=True)
class CourseRow:
    """One line of the instructor's course list."""

    course: Course
    lessons: int
    questions: dict[str, int]  # by review state, the states with questions
    students: int
    last_change: datetime


def course_rows(user: User) -> list[CourseRow]:
    """Return the courses `user` may edit with their figures, in one query (the figures are
    subqueries correlated to each course row)."""
    if not user.is_instructor:
        return []

    def count(*where: Any) -> Any:
        return sa.select(sa.func.count()).where(*where).scalar_subquery()

    current = (Question.course_id == Course.id, Question.retired_at.is_(None))
    states = [state.value for state in CurationState]
    query = (
        sa.select(
            Course,
            count(Lesson.course_id == Course.id, Lesson.retired_at.is_(None)),
            _students(),
            *(count(*current, Question.review_state == state) for state in states),
        )
        .where(_editable_clause(user))
        .order_by(Course.title, Course.id)
        # The list shows neither transcripts nor descriptions.
        .options(sa.orm.load_only(*LIST_COLUMNS))
    )
    return [
        CourseRow(
            course=course,
            lessons=lessons,
            questions={state: n for state, n in zip(states, by_state, strict=True) if n},
            students=students,
            last_change=max(t for t in (course.updated_at, course.edited_at) if t is not None),
        )
        for course, lessons, students, *by_state in db.session.execute(query)
    ]


def _students() -> Any:
    """Students enrolled in the course row: those who read a lesson or tried a quiz in it
    (until courses have cohorts, that is what enrolled means)."""
    in_course = Lesson.course_id == Course.id
    readers = (
        sa.select(LessonRead.user_id)
        .join(Lesson, Lesson.id == LessonRead.lesson_id)
        .where(in_course)
        .correlate(Course)
    )
    triers = (
        sa.select(Attempt.user_id)
        .join(Lesson, Lesson.id == Attempt.lesson_id)
        .where(in_course)
        .correlate(Course)
    )
    activity = sa.union(readers, triers).subquery()
    return sa.select(sa.func.count()).select_from(activity).scalar_subquery()


def set_status(user: User, slug: str, status: str) -> Course:
    """Publish (`status` "published") or unpublish ("draft") the course `slug`.

    Raises:
        NotFound: `user` may not edit the course.
        Refused: an unknown status, or publishing a course with no lessons.
    """
    if status not in ("draft", "published"):
        raise Refused("A course is either a draft or published.")
    course = editable_course(user, slug)
    with transaction():
        if status == "published":
            lessons = db.session.scalar(
                sa.select(sa.func.count())
                .select_from(Lesson)
                .where(Lesson.course_id == course.id, Lesson.retired_at.is_(None))
            )
            if not lessons:
                raise Refused("A course with no lessons cannot be published.")
        if course.status != status:
            course.status = status
            note_browser_edit(course)
        return course
