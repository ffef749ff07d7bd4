"""Progress: queries over a student's facts (reads, attempts, grades, reviews), never stored.

Mastery (the ladder and how reviews move it) is defined in `studyguide.services.mastery`.

Every page built from these functions runs a fixed number of queries: facts for all lessons
are loaded in one query per kind, then assembled in Python.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa

from studyguide.extensions import db
from studyguide.models import Course, Lesson, LessonRead
from studyguide.services import content
from studyguide.services._tx import transaction
from studyguide.services.content_cache import CourseListing, LessonContent, LessonListing
from studyguide.services.mastery import (
    PASS_SCORE,
    PROFICIENT_SCORE,
    GradeFact,
    Mastery,
    mastery_level,
    percent,
)
from studyguide.services.review import takeaway_key
from studyguide.services.review_stats import Tally
from studyguide.services.student_facts import AttemptFact, student_facts

# A lesson or course as the database holds it, or as the content cache lists it.
AnyLesson = Lesson | LessonListing | LessonContent
AnyCourse = Course | CourseListing

__all__ = [
    "AttemptFact",
    "PASS_SCORE",
    "PROFICIENT_SCORE",
    "GradeFact",
    "Mastery",
    "mastery_level",
    "percent",
]


class Status(StrEnum):
    """Where a student stands with a lesson, as the lesson list shows it."""

    NOT_STARTED = "not_started"
    READ = "read"
    IN_PROGRESS = "in_progress"  # a quiz started, or taken without reaching 70 %
    QUIZ_PASSED = "quiz_passed"
    MASTERED = "mastered"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


# How far along a lesson's progress bar is, by where the student stands.
_STATUS_PERCENT = {
    Status.NOT_STARTED: 0,
    Status.READ: 20,
    Status.IN_PROGRESS: 35,
    Status.QUIZ_PASSED: 60,
    Status.MASTERED: 100,
}
_PROFICIENT_PERCENT = 80


@dataclass(frozen=True)
class LessonProgress:
    lesson: AnyLesson
    read_at: datetime | None
    grades: tuple[GradeFact, ...]  # chronological
    open_attempt: bool
    last_activity: datetime | None
    mastery: Mastery
    status: Status

    @property
    def attempts(self) -> int:
        return len(self.grades)

    @property
    def best(self) -> float | None:
        return max((g.score for g in self.grades), default=None)

    @property
    def latest(self) -> float | None:
        return self.grades[-1].score if self.grades else None

    @property
    def best_percent(self) -> int | None:
        return None if self.best is None else percent(self.best)

    @property
    def latest_percent(self) -> int | None:
        return None if self.latest is None else percent(self.latest)

    @property
    def percent(self) -> int:
        if self.mastery is Mastery.PROFICIENT:
            return _PROFICIENT_PERCENT
        return _STATUS_PERCENT[self.status]


@dataclass(frozen=True)
class CourseProgress:
    course: AnyCourse
    lessons: tuple[LessonProgress, ...]

    @property
    def percent(self) -> int:
        return _mean_percent(self.lessons)

    def count(self, *statuses: Status) -> int:
        return sum(1 for lp in self.lessons if lp.status in statuses)

    @property
    def passed(self) -> int:
        return self.count(Status.QUIZ_PASSED, Status.MASTERED)

    @property
    def mastered(self) -> int:
        return self.count(Status.MASTERED)


@dataclass(frozen=True)
class TimelineEntry:
    """One graded attempt placed in time, for the scores-over-time chart."""

    course: AnyCourse
    lesson: AnyLesson
    grade: GradeFact


@dataclass(frozen=True)
class Overview:
    """A student's progress across every published course."""

    courses: tuple[CourseProgress, ...]
    continue_with: LessonProgress | None

    @property
    def lessons(self) -> tuple[LessonProgress, ...]:
        return tuple(lp for cp in self.courses for lp in cp.lessons)

    @property
    def percent(self) -> int:
        return _mean_percent(self.lessons)

    @property
    def read(self) -> int:
        return sum(1 for lp in self.lessons if lp.read_at is not None)

    @property
    def attempts(self) -> int:
        return sum(lp.attempts for lp in self.lessons)

    @property
    def passed(self) -> int:
        return sum(cp.passed for cp in self.courses)

    @property
    def mastered(self) -> int:
        return sum(cp.mastered for cp in self.courses)

    @property
    def timeline(self) -> tuple[TimelineEntry, ...]:
        entries = [
            TimelineEntry(cp.course, lp.lesson, grade)
            for cp in self.courses
            for lp in cp.lessons
            for grade in lp.grades
        ]
        entries.sort(key=lambda e: (e.grade.graded_at, e.grade.attempt_id))
        return tuple(entries)


@dataclass(frozen=True)
class LessonPage:
    lesson: LessonContent
    neighbours: content.LessonNeighbours
    progress: LessonProgress
    remembered: set[int]  # the takeaways (numbered from 1) the student keeps as cards


def _mean_percent(lessons: Sequence[LessonProgress]) -> int:
    if not lessons:
        return 0
    return round(sum(lp.percent for lp in lessons) / len(lessons))


def lesson_status(*, read: bool, mastery: Mastery, open_attempt: bool = False) -> Status:
    """Return the status shown in the lesson list for these facts."""
    if mastery is Mastery.MASTERED:
        return Status.MASTERED
    if mastery in (Mastery.FAMILIAR, Mastery.PROFICIENT):
        return Status.QUIZ_PASSED
    if mastery is Mastery.ATTEMPTED or open_attempt:
        return Status.IN_PROGRESS
    return Status.READ if read else Status.NOT_STARTED


def build_lesson_progress(
    lesson: AnyLesson,
    read_at: datetime | None,
    attempts: Iterable[AttemptFact],
    reviews: Tally | None = None,
) -> LessonProgress:
    """Assemble one lesson's progress from the student's facts about it."""
    attempts = list(attempts)
    grades = tuple(
        sorted(
            (a.grade for a in attempts if a.grade is not None),
            key=lambda g: (g.graded_at, g.attempt_id),
        )
    )
    open_attempt = any(a.open for a in attempts)
    moments = [read_at, *(a.started_at for a in attempts), *(g.graded_at for g in grades)]
    mastery = mastery_level(grades, reviews)
    return LessonProgress(
        lesson=lesson,
        read_at=read_at,
        grades=grades,
        open_attempt=open_attempt,
        last_activity=max((m for m in moments if m is not None), default=None),
        mastery=mastery,
        status=lesson_status(read=read_at is not None, mastery=mastery, open_attempt=open_attempt),
    )


def continue_with(lessons: Sequence[LessonProgress]) -> LessonProgress | None:
    """Return the most recently active lesson not mastered, else the first not started, or None.

    `lessons` are in course order.
    """
    active = [
        (lp.last_activity, -i, lp)
        for i, lp in enumerate(lessons)
        if lp.last_activity is not None and lp.mastery is not Mastery.MASTERED
    ]
    if active:
        # Ties on time go to the earlier lesson, so the choice never depends on dict order.
        return max(active, key=lambda item: (item[0], item[1]))[2]
    return next((lp for lp in lessons if lp.status is Status.NOT_STARTED), None)


def build_overview(
    courses: Sequence[AnyCourse],
    reads: Mapping[int, datetime],
    attempts: Iterable[AttemptFact],
    reviews: Mapping[int, Tally] | None = None,
) -> Overview:
    """Assemble a student's overview from courses (lessons loaded) and their facts."""
    by_lesson: dict[int, list[AttemptFact]] = defaultdict(list)
    for attempt in attempts:
        by_lesson[attempt.lesson_id].append(attempt)
    course_progress = tuple(
        CourseProgress(
            course,
            tuple(
                build_lesson_progress(
                    lesson,
                    reads.get(lesson.id),
                    by_lesson.get(lesson.id, ()),
                    (reviews or {}).get(lesson.id),
                )
                for lesson in course.lessons
            ),
        )
        for course in courses
    )
    all_lessons = [lp for cp in course_progress for lp in cp.lessons]
    return Overview(course_progress, continue_with(all_lessons))


def student_overview(user_id: int) -> Overview:
    """Return the student's progress in every published course.

    One query (the student's facts); the courses and lessons come from the content cache.
    """
    facts = student_facts(user_id)
    return build_overview(content.listing(), facts.reads, facts.attempts, facts.tallies)


def lesson_page(user_id: int, course_slug: str, lesson_slug: str) -> LessonPage:
    """Return a current lesson with its neighbours, the student's progress in it and which of
    its takeaways (numbered from 1) they keep as cards. One query: the student's facts.

    Raises:
        NotFound: no such current lesson in a published course.
    """
    course, listed = content.listed_lesson(course_slug, lesson_slug)
    lesson = content.lesson_content(course, listed.id)
    keys = {takeaway_key(lesson.id, t["text"]): n for n, t in enumerate(lesson.takeaways, 1)}
    facts = student_facts(user_id, lesson.id, keys)
    progress = build_lesson_progress(
        lesson, facts.reads.get(lesson.id), facts.attempts, facts.tallies.get(lesson.id)
    )
    remembered = {keys[key] for key in facts.kept}
    return LessonPage(lesson, content.neighbours(course, lesson.id), progress, remembered)


def mark_read(user_id: int, course_slug: str, lesson_slug: str) -> LessonListing:
    """Record that the student read the lesson (once; again is a no-op) and return it.

    Raises:
        NotFound: no such current lesson in a published course.
    """
    _, lesson = content.listed_lesson(course_slug, lesson_slug)
    if lesson.id in _reads(user_id, lesson.id):
        return lesson
    try:
        with transaction():
            db.session.add(LessonRead(user_id=user_id, lesson_id=lesson.id))
    except sa.exc.IntegrityError:
        # A double click raced this request and recorded the read first: that is the same fact.
        pass
    return lesson


def _reads(user_id: int, lesson_id: int | None = None) -> dict[int, datetime]:
    query = sa.select(LessonRead.lesson_id, LessonRead.read_at).where(LessonRead.user_id == user_id)
    if lesson_id is not None:
        query = query.where(LessonRead.lesson_id == lesson_id)
    return {row.lesson_id: row.read_at for row in db.session.execute(query)}
