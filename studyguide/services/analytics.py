"""A mentor's view of a cohort: class progress, one student in depth, and who is stuck.

Queries over the stored facts (reads, attempts, grades, answers), never counters. Each page
runs a fixed number of queries whatever the size of the class: the members with all their facts
are loaded in one query (services/cohort_facts.py), then assembled with the mastery rules of
`progress`.
Item analysis lives in `item_analysis`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from studyguide.extensions import db
from studyguide.models import (
    Attempt,
    AttemptAnswer,
    Cohort,
    CohortMember,
    Lesson,
    utcnow,
)
from studyguide.services import cohort_facts
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
    """Return every member's progress in the cohort's course (two queries in all).

    Raises:
        NotFound: no such cohort, or someone else's.
    """
    cohort, lessons = cohort_facts.cohort_with_lessons(mentor_id, cohort_id)
    facts = cohort_facts.load_facts(CohortMember.cohort_id == cohort.id)
    rows = _assemble(cohort, lessons, facts, cohort.id)
    return ClassProgress(cohort, tuple(lessons), tuple(rows), _summaries(lessons, rows))


def student_detail(mentor_id: int, cohort_id: int, student_id: int) -> StudentDetail:
    """Return one member's lessons and every attempt with its answers and grade (three
    queries: the cohort with its lessons and the member's reads, the attempts, the reviews).

    Raises:
        NotFound: no such cohort, someone else's, or the student is not in it.
    """
    cohort, lessons, facts = cohort_facts.member_with_lessons(mentor_id, cohort_id, student_id)
    attempts = list(
        db.session.scalars(
            sa.select(Attempt)
            .join(Lesson, Lesson.id == Attempt.lesson_id)
            .where(Attempt.user_id == student_id, Lesson.course_id == cohort.course_id)
            .options(
                joinedload(Attempt.grade),
                joinedload(Attempt.answers).joinedload(AttemptAnswer.question_version),
            )
            .order_by(Attempt.started_at, Attempt.id)
        ).unique()
    )
    facts.attempts[(cohort.id, student_id)] = cohort_facts.attempt_facts(attempts)
    rows = _assemble(cohort, lessons, facts, cohort.id)
    reviews = review_summary([student_id], cohort.course_id)[student_id]
    return StudentDetail(cohort, rows[0], tuple(attempts), reviews)


def cohort_summaries(mentor_id: int) -> list[CohortSummary]:
    """Return the mentor's cohorts, newest first, with who is active and who is stuck."""
    mine = cohort_facts.cohorts_with_lessons(mentor_id)
    if not mine:
        return []
    facts = cohort_facts.load_facts(CohortMember.cohort_id.in_([c.id for c, _ in mine]))
    week_ago = utcnow() - timedelta(days=ACTIVE_DAYS)
    summaries = []
    for cohort, lessons in mine:
        rows = _assemble(cohort, lessons, facts, cohort.id)
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


def _assemble(
    cohort: Cohort, lessons: Sequence[Lesson], facts: cohort_facts.Facts, cohort_id: int
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
