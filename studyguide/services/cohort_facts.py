"""What the mentor's cohort pages read, in as few statements as each page allows.

A cohort comes with its course and the course's current lessons in one query (the mentor check
is a join: someone else's cohort gives no row, exactly like a missing one). The members of one
or more cohorts come with their reads and attempts in one `UNION ALL`, tagged by kind, so a
class page costs the same three statements (with the user) for one student as for a hundred.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, load_only

from studyguide.errors import NotFound
from studyguide.extensions import db
from studyguide.models import (
    Attempt,
    AttemptGrade,
    AttemptState,
    Cohort,
    CohortMember,
    CohortMentor,
    Lesson,
    LessonRead,
    User,
    UTCDateTime,
)
from studyguide.services.cohorts import NO_SUCH_COHORT
from studyguide.services.progress import AttemptFact, GradeFact

# What the mentor pages show of a lesson: its content and segments are never read here.
LESSON_COLUMNS = (Lesson.id, Lesson.course_id, Lesson.slug, Lesson.position, Lesson.title)
MEMBER, READ, ATTEMPT = 0, 1, 2
NO_SUCH_STUDENT = "This student is not in the cohort."
IN_PROGRESS = AttemptState.IN_PROGRESS.value


class Member(NamedTuple):
    cohort_id: int
    user_id: int
    joined_at: datetime
    display_name: str
    email: str


@dataclass
class Facts:
    members: list[Member] = field(default_factory=list)
    reads: dict[tuple[int, int], dict[int, datetime]] = field(default_factory=dict)
    attempts: dict[tuple[int, int], list[AttemptFact]] = field(default_factory=dict)


def _current_lessons(query: Any) -> Any:
    return query.outerjoin(
        Lesson, sa.and_(Lesson.course_id == Cohort.course_id, Lesson.retired_at.is_(None))
    ).options(joinedload(Cohort.course), load_only(*LESSON_COLUMNS))


def cohorts_with_lessons(
    mentor_id: int, cohort_id: int | None = None
) -> list[tuple[Cohort, list[Lesson]]]:
    """Return the cohorts `mentor_id` mentors (newest first, or just `cohort_id`), each with
    its course loaded and the course's current lessons in order: one query."""
    query = _current_lessons(
        sa.select(Cohort, Lesson)
        .join(CohortMentor, CohortMentor.cohort_id == Cohort.id)
        .where(CohortMentor.user_id == mentor_id)
    ).order_by(Cohort.created_at.desc(), Cohort.id.desc(), Lesson.position, Lesson.id)
    if cohort_id is not None:
        query = query.where(Cohort.id == cohort_id)
    found: dict[int, tuple[Cohort, list[Lesson]]] = {}
    for cohort, lesson in db.session.execute(query):
        lessons = found.setdefault(cohort.id, (cohort, []))[1]
        if lesson is not None:
            lessons.append(lesson)
    return list(found.values())


def cohort_with_lessons(mentor_id: int, cohort_id: int) -> tuple[Cohort, list[Lesson]]:
    """Return the cohort with its course and current lessons.

    Raises:
        NotFound: no such cohort, or someone else's.
    """
    found = cohorts_with_lessons(mentor_id, cohort_id)
    if not found:
        raise NotFound(NO_SUCH_COHORT)
    return found[0]


def member_with_lessons(
    mentor_id: int, cohort_id: int, student_id: int
) -> tuple[Cohort, list[Lesson], Facts]:
    """Return the cohort, its lessons and one member with their reads (attempts left out):
    one query, a row per lesson, the membership and the reads joined to it.

    Raises:
        NotFound: no such cohort, someone else's, or the student is not in it.
    """
    member = sa.and_(CohortMember.cohort_id == Cohort.id, CohortMember.user_id == student_id)
    query = _current_lessons(
        sa.select(
            Cohort,
            Lesson,
            LessonRead.read_at,
            CohortMember.joined_at,
            User.display_name,
            User.email,
        )  # fmt: skip
        .join(CohortMentor, CohortMentor.cohort_id == Cohort.id)
        .outerjoin(CohortMember, member)
        .outerjoin(User, User.id == CohortMember.user_id)
        .where(CohortMentor.user_id == mentor_id, Cohort.id == cohort_id)
    )
    query = query.outerjoin(
        LessonRead, sa.and_(LessonRead.lesson_id == Lesson.id, LessonRead.user_id == student_id)
    ).order_by(Lesson.position, Lesson.id)
    rows = db.session.execute(query).all()
    if not rows:
        raise NotFound(NO_SUCH_COHORT)
    cohort, _, _, joined_at, name, email = rows[0]
    if joined_at is None:
        raise NotFound(NO_SUCH_STUDENT)
    lessons = [row[1] for row in rows if row[1] is not None]
    reads = {row[1].id: row[2] for row in rows if row[1] is not None and row[2] is not None}
    facts = Facts([Member(cohort.id, student_id, joined_at, name, email)])
    facts.reads[(cohort.id, student_id)] = reads
    return cohort, lessons, facts


def _facts_statement(members_where: sa.ColumnElement[bool]) -> sa.Select[Any]:
    """The members matching `members_where`, their reads and their attempts in their cohort's
    course, as one `UNION ALL` tagged by kind (members first, attempts by id)."""
    nothing = sa.null()
    members = sa.select(
        sa.literal(MEMBER).label("kind"), CohortMember.cohort_id, CohortMember.user_id,
        sa.cast(nothing, sa.Integer).label("lesson_id"), CohortMember.joined_at.label("at"),
        sa.cast(nothing, sa.Integer).label("attempt_id"),
        sa.cast(nothing, sa.String).label("state"), sa.cast(nothing, sa.Float).label("score"),
        sa.cast(nothing, AttemptGrade.graded_at.type).label("graded_at"),
        User.display_name, User.email,
    ).join(User, User.id == CohortMember.user_id).where(members_where)  # fmt: skip
    in_course = (
        sa.select(CohortMember.cohort_id, CohortMember.user_id, Cohort.course_id)
        .join(Cohort, Cohort.id == CohortMember.cohort_id)
        .where(members_where)
        .subquery()
    )
    no_name = (sa.cast(nothing, sa.String), sa.cast(nothing, sa.String))
    read = (LessonRead.lesson_id, LessonRead.read_at, nothing, nothing, nothing, nothing)
    reads = (
        sa.select(sa.literal(READ), in_course.c.cohort_id, LessonRead.user_id, *read, *no_name)
        .join(in_course, in_course.c.user_id == LessonRead.user_id)
        .join(
            Lesson,
            sa.and_(Lesson.id == LessonRead.lesson_id, Lesson.course_id == in_course.c.course_id),
        )
    )
    attempts = _attempts_part(in_course, no_name)
    both = sa.union_all(members, reads, attempts).subquery()
    return sa.select(both).order_by(both.c.kind, both.c.attempt_id)


def _attempts_part(in_course: sa.Subquery, no_name: tuple[Any, ...]) -> sa.Select[Any]:
    attempt = (
        Attempt.lesson_id,
        # Parsing dates is most of this page's time on SQLite: a graded attempt's start
        # never decides its last activity (its grade came later), so it is not read.
        sa.type_coerce(sa.case((AttemptGrade.id.is_(None), Attempt.started_at)), UTCDateTime()),
        Attempt.id,
        Attempt.state,
        AttemptGrade.score,
        AttemptGrade.graded_at,
    )
    return (
        sa.select(sa.literal(ATTEMPT), in_course.c.cohort_id, Attempt.user_id, *attempt, *no_name)
        .join(in_course, in_course.c.user_id == Attempt.user_id)
        .join(
            Lesson,
            sa.and_(Lesson.id == Attempt.lesson_id, Lesson.course_id == in_course.c.course_id),
        )
        .outerjoin(AttemptGrade, AttemptGrade.attempt_id == Attempt.id)
    )


def load_facts(members_where: sa.ColumnElement[bool]) -> Facts:
    """Load the members matching `members_where` with their reads and attempts in their
    cohort's course: one query."""
    facts = Facts()
    reads_by: dict[tuple[int, int], dict[int, datetime]] = defaultdict(dict)
    attempts_by: dict[tuple[int, int], list[AttemptFact]] = defaultdict(list)
    # Plain rows through the session's connection: the ORM's row loading would double the time.
    rows = db.session.connection().execute(_facts_statement(members_where))
    for kind, cohort_id, user_id, lesson_id, at, attempt_id, state, score, graded_at, *who in rows:
        key = (cohort_id, user_id)
        if kind == MEMBER:
            facts.members.append(Member(cohort_id, user_id, at, *who))
        elif kind == READ:
            reads_by[key][lesson_id] = at
        else:
            grade = None if score is None else GradeFact(score, graded_at, attempt_id)
            open_ = state == IN_PROGRESS
            attempts_by[key].append(
                AttemptFact(lesson_id, attempt_id, at or graded_at, grade, open_)
            )
    facts.reads, facts.attempts = reads_by, attempts_by
    return facts


def attempt_facts(attempts: list[Attempt]) -> list[AttemptFact]:
    """Return the progress facts of loaded attempts (their grades loaded)."""
    facts = []
    for attempt in attempts:
        grade = attempt.grade
        graded = None if grade is None else GradeFact(grade.score, grade.graded_at, attempt.id)
        open_ = attempt.state == AttemptState.IN_PROGRESS
        facts.append(AttemptFact(attempt.lesson_id, attempt.id, attempt.started_at, graded, open_))
    return facts
