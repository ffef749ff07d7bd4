"""A mentor's view of a cohort: class progress, one student in depth, and who is stuck.

Queries over the stored facts (reads, attempts, grades, answers), never counters. Each page
runs a fixed number of queries whatever the size of the class: the facts of every member are
loaded in one query per kind, then assembled with the mastery rules of `progress`.
Item analysis lives in `item_analysis`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from studyguide.errors import NotFound
from studyguide.extensions import db
from studyguide.models import (
    Attempt,
    AttemptAnswer,
    AttemptGrade,
    AttemptState,
    Cohort,
    CohortMember,
    Lesson,
    LessonRead,
    User,
    UTCDateTime,
    utcnow,
)
from studyguide.services import cohorts
from studyguide.services.progress import (
    PASS_SCORE,
    AttemptFact,
    CourseProgress,
    GradeFact,
    LessonProgress,
    Mastery,
    build_lesson_progress,
)
from studyguide.services.review_stats import StudentReviews, review_summary

ACTIVE_DAYS = 7
INACTIVE_DAYS = 14
FAILS_TO_BE_STUCK = 2
_EPSILON = 1e-9


@dataclass(frozen=True)
class StudentRow:
    """One student of a cohort: their progress in each lesson of its course."""

    user_id: int
    name: str
    email: str
    joined_at: datetime
    course: CourseProgress
    last_activity: datetime | None
    stuck: bool

    @property
    def attempts(self) -> int:
        return sum(lp.attempts for lp in self.course.lessons)

    @property
    def not_started(self) -> bool:
        return self.last_activity is None

    @property
    def mastered(self) -> bool:
        lessons = self.course.lessons
        return bool(lessons) and all(lp.mastery is Mastery.MASTERED for lp in lessons)


@dataclass(frozen=True)
class LessonSummary:
    """How the whole cohort stands in one lesson."""

    lesson: Lesson
    read: int
    attempts: int
    mean_best: float | None  # over the students who took the quiz
    levels: dict[Mastery, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ClassProgress:
    cohort: Cohort
    lessons: tuple[Lesson, ...]
    rows: tuple[StudentRow, ...]  # every member, in name order
    summaries: tuple[LessonSummary, ...]

    @property
    def course_average(self) -> int:
        if not self.rows:
            return 0
        return round(sum(row.course.percent for row in self.rows) / len(self.rows))

    def count(self, show: str) -> int:
        return sum(1 for row in self.rows if matches(row, show))


@dataclass(frozen=True)
class CohortSummary:
    """A cohort on the mentor's index: its size, who is active this week and who is stuck."""

    cohort: Cohort
    students: int
    active_this_week: int
    stuck: int


@dataclass(frozen=True)
class StudentDetail:
    cohort: Cohort
    row: StudentRow
    attempts: tuple[Attempt, ...]  # oldest first, answers and versions loaded
    reviews: StudentReviews


FILTERS = {
    "all": "Everyone",
    "not_started": "Not started",
    "struggling": "Struggling",
    "mastered": "Mastered",
}
SORTS = {
    "name": lambda row: (row.name.casefold(), row.user_id),
    "progress": lambda row: (row.course.percent, row.name.casefold(), row.user_id),
    "attempts": lambda row: (row.attempts, row.name.casefold(), row.user_id),
    "activity": lambda row: (
        row.last_activity is not None,
        row.last_activity or row.joined_at,
        row.user_id,
    ),
}


def matches(row: StudentRow, show: str) -> bool:
    """Return whether the row passes the class table's filter `show` (a key of FILTERS)."""
    if show == "not_started":
        return row.not_started
    if show == "struggling":
        return row.stuck
    if show == "mastered":
        return row.mastered
    return True


def sorted_rows(
    rows: Iterable[StudentRow], show: str = "all", sort: str = "name", descending: bool = False
) -> list[StudentRow]:
    """Return the rows that pass the filter, in the order asked (unknown keys: by name)."""
    key = SORTS.get(sort, SORTS["name"])
    return sorted((row for row in rows if matches(row, show)), key=key, reverse=descending)


def failed_twice(grades: Sequence[GradeFact]) -> bool:
    """Return whether these grades of one lesson failed twice without ever passing."""
    fails = sum(1 for g in grades if g.score + _EPSILON < PASS_SCORE)
    passed = any(g.score + _EPSILON >= PASS_SCORE for g in grades)
    return fails >= FAILS_TO_BE_STUCK and not passed


def is_stuck(
    lessons: Sequence[LessonProgress], last_activity: datetime | None, joined_at: datetime, now
) -> bool:
    """Return whether a student is stuck: failed a quiz twice, or inactive for 14 days."""
    if any(failed_twice(lp.grades) for lp in lessons):
        return True
    if lessons and all(lp.mastery is Mastery.MASTERED for lp in lessons):
        return False
    return (last_activity or joined_at) < now - timedelta(days=INACTIVE_DAYS)


def class_progress(mentor_id: int, cohort_id: int) -> ClassProgress:
    """Return every member's progress in the cohort's course (six queries in all).

    Raises:
        NotFound: no such cohort, or someone else's.
    """
    cohort = cohorts.mentored_cohort(mentor_id, cohort_id)
    lessons = _lessons_of_courses({cohort.course_id}).get(cohort.course_id, [])
    rows = _assemble(cohort, lessons, _facts(CohortMember.cohort_id == cohort.id), cohort.id)
    return ClassProgress(cohort, tuple(lessons), tuple(rows), _summaries(lessons, rows))


def student_detail(mentor_id: int, cohort_id: int, student_id: int) -> StudentDetail:
    """Return one member's lessons and every attempt with its answers and grade.

    Raises:
        NotFound: no such cohort, someone else's, or the student is not in it.
    """
    cohort = cohorts.mentored_cohort(mentor_id, cohort_id)
    lessons = _lessons_of_courses({cohort.course_id}).get(cohort.course_id, [])
    member = sa.and_(CohortMember.cohort_id == cohort.id, CohortMember.user_id == student_id)
    rows = _assemble(cohort, lessons, _facts(member), cohort.id)
    if not rows:
        raise NotFound("This student is not in the cohort.")
    attempts = db.session.scalars(
        sa.select(Attempt)
        .join(Lesson, Lesson.id == Attempt.lesson_id)
        .where(Attempt.user_id == student_id, Lesson.course_id == cohort.course_id)
        .options(
            selectinload(Attempt.grade),
            selectinload(Attempt.answers).selectinload(AttemptAnswer.question_version),
        )
        .order_by(Attempt.started_at, Attempt.id)
    )
    reviews = review_summary([student_id], cohort.course_id)[student_id]
    return StudentDetail(cohort, rows[0], tuple(attempts), reviews)


def cohort_summaries(mentor_id: int) -> list[CohortSummary]:
    """Return the mentor's cohorts, newest first, with who is active and who is stuck."""
    mine = list(
        db.session.scalars(
            cohorts.mentor_cohort_query(mentor_id).order_by(
                Cohort.created_at.desc(), Cohort.id.desc()
            )
        )
    )
    if not mine:
        return []
    lessons = _lessons_of_courses({c.course_id for c in mine})
    facts = _facts(CohortMember.cohort_id.in_([c.id for c in mine]))
    week_ago = utcnow() - timedelta(days=ACTIVE_DAYS)
    summaries = []
    for cohort in mine:
        rows = _assemble(cohort, lessons.get(cohort.course_id, []), facts, cohort.id)
        summaries.append(
            CohortSummary(
                cohort,
                students=len(rows),
                active_this_week=sum(
                    1 for r in rows if r.last_activity and r.last_activity >= week_ago
                ),
                stuck=sum(1 for r in rows if r.stuck),
            )
        )
    return summaries


def _lessons_of_courses(course_ids: set[int]) -> dict[int, list[Lesson]]:
    lessons = db.session.scalars(
        sa.select(Lesson)
        .where(Lesson.course_id.in_(course_ids), Lesson.retired_at.is_(None))
        .order_by(Lesson.position, Lesson.id)
    )
    by_course: dict[int, list[Lesson]] = defaultdict(list)
    for lesson in lessons:
        by_course[lesson.course_id].append(lesson)
    return by_course


def _core(statement: sa.Executable) -> Any:
    # Plain rows through the session's connection: the ORM's row loading would double the time.
    return db.session.connection().execute(statement)


@dataclass
class _Facts:
    members: list[sa.Row] = field(default_factory=list)
    reads: dict[tuple[int, int], dict[int, datetime]] = field(default_factory=dict)
    attempts: dict[tuple[int, int], list[AttemptFact]] = field(default_factory=dict)


def _facts(members_where: sa.ColumnElement[bool]) -> _Facts:
    """Load the members matching `members_where` and their facts in their cohort's course."""
    members = list(
        _core(
            sa.select(
                CohortMember.cohort_id,
                CohortMember.user_id,
                CohortMember.joined_at,
                User.display_name,
                User.email,
            )
            .join(User, User.id == CohortMember.user_id)
            .where(members_where)
        )
    )
    in_course = (
        sa.select(CohortMember.cohort_id, CohortMember.user_id, Cohort.course_id)
        .join(Cohort, Cohort.id == CohortMember.cohort_id)
        .where(members_where)
        .subquery()
    )
    return _Facts(members, _reads(in_course), _attempts(in_course))


def _reads(in_course: sa.Subquery) -> dict[tuple[int, int], dict[int, datetime]]:
    """Return read times by (cohort, student) and lesson, for lessons of the cohort's course."""
    reads: dict[tuple[int, int], dict[int, datetime]] = defaultdict(dict)
    for row in _core(
        sa.select(
            in_course.c.cohort_id, LessonRead.user_id, LessonRead.lesson_id, LessonRead.read_at
        )
        .join(in_course, in_course.c.user_id == LessonRead.user_id)
        .join(
            Lesson,
            sa.and_(Lesson.id == LessonRead.lesson_id, Lesson.course_id == in_course.c.course_id),
        )
    ):
        reads[(row.cohort_id, row.user_id)][row.lesson_id] = row.read_at
    return reads


def _attempts(in_course: sa.Subquery) -> dict[tuple[int, int], list[AttemptFact]]:
    """Return attempts (with grades) by (cohort, student), at the cohort's course's quizzes."""
    attempts: dict[tuple[int, int], list[AttemptFact]] = defaultdict(list)
    for row in _core(
        sa.select(
            in_course.c.cohort_id,
            Attempt.user_id,
            Attempt.id,
            Attempt.lesson_id,
            # Parsing dates is most of this page's time on SQLite: a graded attempt's start
            # never decides its last activity (its grade came later), so it is not read.
            sa.type_coerce(
                sa.case((AttemptGrade.id.is_(None), Attempt.started_at)), UTCDateTime()
            ).label("started_at"),
            Attempt.state,
            AttemptGrade.score,
            AttemptGrade.graded_at,
        )
        .join(in_course, in_course.c.user_id == Attempt.user_id)
        .join(
            Lesson,
            sa.and_(Lesson.id == Attempt.lesson_id, Lesson.course_id == in_course.c.course_id),
        )
        .outerjoin(AttemptGrade, AttemptGrade.attempt_id == Attempt.id)
        .order_by(Attempt.id)
    ):
        cohort_id, user_id, attempt_id, lesson_id, started_at, state, score, graded_at = row
        grade = None if score is None else GradeFact(score, graded_at, attempt_id)
        attempts[(cohort_id, user_id)].append(
            AttemptFact(
                lesson_id,
                attempt_id,
                started_at or graded_at,
                grade,
                state == AttemptState.IN_PROGRESS,
            )
        )
    return attempts


def _assemble(
    cohort: Cohort, lessons: Sequence[Lesson], facts: _Facts, cohort_id: int
) -> list[StudentRow]:
    now = utcnow()
    rows = []
    for member in facts.members:
        if member.cohort_id != cohort_id:
            continue
        key = (cohort_id, member.user_id)
        reads = facts.reads.get(key, {})
        by_lesson: dict[int, list[AttemptFact]] = defaultdict(list)
        for attempt in facts.attempts.get(key, ()):
            by_lesson[attempt.lesson_id].append(attempt)
        progress = tuple(
            build_lesson_progress(lesson, reads.get(lesson.id), by_lesson.get(lesson.id, ()))
            for lesson in lessons
        )
        last = max((lp.last_activity for lp in progress if lp.last_activity), default=None)
        rows.append(
            StudentRow(
                user_id=member.user_id,
                name=member.display_name,
                email=member.email,
                joined_at=member.joined_at,
                course=CourseProgress(cohort.course, progress),
                last_activity=last,
                stuck=is_stuck(progress, last, member.joined_at, now),
            )
        )
    return sorted_rows(rows)


def _summaries(lessons: Sequence[Lesson], rows: Sequence[StudentRow]) -> tuple[LessonSummary, ...]:
    summaries = []
    for i, lesson in enumerate(lessons):
        progress = [row.course.lessons[i] for row in rows]
        bests = [lp.best for lp in progress if lp.best is not None]
        summaries.append(
            LessonSummary(
                lesson=lesson,
                read=sum(1 for lp in progress if lp.read_at is not None),
                attempts=sum(lp.attempts for lp in progress),
                mean_best=sum(bests) / len(bests) if bests else None,
                levels=dict(Counter(lp.mastery for lp in progress)),
            )
        )
    return tuple(summaries)
