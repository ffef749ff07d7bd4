"""Item analysis: how each question of a course performs, over a cohort or over all students.

Per question: attempts, facility (the share answering correctly), discrimination (the
point-biserial correlation between the item and the rest of the quiz, i.e. the share of the
attempt's other questions answered correctly), how often each choice was picked, and the mean
time to answer. Statistics count each student's first submitted attempt at a quiz unless all
attempts are asked for. Computed by aggregate queries over the stored answers (four queries
whatever the number of students, attempts or questions), never kept as counters.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from typing import Any

import sqlalchemy as sa

from studyguide.errors import NotFound
from studyguide.extensions import db
from studyguide.models import (
    Attempt,
    AttemptAnswer,
    AttemptState,
    Cohort,
    CohortMember,
    Course,
    Lesson,
    Question,
    QuestionVersion,
    Role,
    User,
)
from studyguide.questiontypes import QUESTION_TYPES, question_type
from studyguide.services import cohorts
from studyguide.services.item_flags import Flag, distractor_flags, level_flags

# Below this many attempts a question's figures are shown but not flagged: too few to judge.
MIN_ATTEMPTS_TO_FLAG = 5
CHOICE_TYPES = tuple(name for name, kind in QUESTION_TYPES.items() if kind.input_kind != "text")


@dataclass(frozen=True)
class ChoiceCount:
    value: str
    label: str
    count: int
    is_key: bool


@dataclass(frozen=True)
class ItemStats:
    question: Question
    version: QuestionVersion  # the current one
    lesson: Lesson
    attempts: int
    correct: int
    discrimination: float | None
    mean_seconds: float | None
    timed: int  # answers whose time could be measured
    choices: tuple[ChoiceCount, ...]
    unanswered: int
    flags: tuple[Flag, ...]

    @property
    def facility(self) -> float | None:
        return self.correct / self.attempts if self.attempts else None

    @property
    def flaggable(self) -> bool:
        return self.attempts >= MIN_ATTEMPTS_TO_FLAG


@dataclass(frozen=True)
class ItemReport:
    course: Course
    cohort: Cohort | None  # None: all students of the course
    first_only: bool
    items: tuple[ItemStats, ...]

    @property
    def flagged(self) -> tuple[ItemStats, ...]:
        return tuple(item for item in self.items if item.flags)


@dataclass(frozen=True)
class _Sums:
    n: int = 0
    sx: float = 0
    n_rest: int = 0
    sx_rest: float = 0
    sy: float = 0
    syy: float = 0
    sxy: float = 0


def point_biserial(s: _Sums) -> float | None:
    """Return Pearson's r between item (0/1) and rest score from their sums, None if undefined."""
    n, sx, sy = s.n_rest, s.sx_rest, s.sy
    spread_x = n * sx - sx * sx  # x is 0 or 1, so the sum of x² is the sum of x
    spread_y = n * s.syy - sy * sy
    if n < 2 or spread_x <= 1e-12 or spread_y <= 1e-12:
        return None
    return (n * s.sxy - sx * sy) / math.sqrt(spread_x * spread_y)


def cohort_items(
    mentor_id: int, cohort_id: int, *, first_only: bool = True, question_id: int | None = None
) -> ItemReport:
    """Return item statistics of the cohort's course over the cohort's students.

    Raises:
        NotFound: no such cohort, or someone else's; the question is not in its course.
    """
    cohort = cohorts.mentored_cohort(mentor_id, cohort_id)
    scope = sa.select(CohortMember.user_id).where(CohortMember.cohort_id == cohort.id)
    items = _items(cohort.course_id, scope, first_only, question_id)
    return ItemReport(cohort.course, cohort, first_only, items)


def course_items(
    user: User, course_id: int, *, first_only: bool = True, question_id: int | None = None
) -> ItemReport:
    """Return item statistics of a course over all its students.

    Raises:
        NotFound: the course is not one `user` may mentor; the question is not in it.
    """
    course = cohorts.mentored_course(user, course_id)
    items = _items(course.id, _all_students(), first_only, question_id)
    return ItemReport(course, None, first_only, items)


def item_analysis_for_question(
    user: User, question_id: int, *, cohort_id: int | None = None, first_only: bool = True
) -> ItemStats:
    """Return one question's statistics over a cohort of `user`'s, or over all students.

    For the question's curation page; the template is templates/cohorts/_item_analysis.html.

    Raises:
        NotFound: no such question, not in a course `user` may mentor, or not their cohort.
    """
    question = db.session.get(Question, question_id)
    if question is None:
        raise NotFound("There is no such question.")
    if cohort_id is None:
        report = course_items(
            user, question.course_id, first_only=first_only, question_id=question_id
        )
    else:
        report = cohort_items(user.id, cohort_id, first_only=first_only, question_id=question_id)
    return report.items[0]


def curation_stats(user: User, course: Course, question_id: int) -> ItemStats | None:
    """Return a question's statistics over all students for its curation page, or None while
    its course is not one `user` may mentor (a draft has no students yet: no query then)."""
    if course.status != cohorts.PUBLISHED:
        return None
    try:
        return item_analysis_for_question(user, question_id)
    except NotFound:
        return None


def _all_students() -> sa.Select[Any]:
    return sa.select(User.id).where(User.role == Role.STUDENT.value)


def _items(
    course_id: int, scope: sa.Select[Any], first_only: bool, question_id: int | None
) -> tuple[ItemStats, ...]:
    query = (
        sa.select(Question, QuestionVersion, Lesson)
        .join(QuestionVersion, QuestionVersion.question_id == Question.id)
        .join(Lesson, Lesson.id == Question.lesson_id)
        .where(
            Question.course_id == course_id,
            QuestionVersion.is_current.is_(True),
            Lesson.retired_at.is_(None),
        )
        .order_by(Lesson.position, Lesson.id, Question.position, Question.id)
    )
    if question_id is not None:
        query = query.where(Question.id == question_id)
    else:
        query = query.where(Question.retired_at.is_(None))
    questions = list(db.session.execute(query))
    if question_id is not None and not questions:
        raise NotFound("There is no such question in this course.")
    # One question needs only the attempts at its own lesson's quiz.
    lesson_id = questions[0][2].id if question_id is not None and questions else None
    chosen = _chosen_attempts(course_id, scope, first_only, lesson_id)
    sums = _sums(chosen, question_id)
    times = _times(chosen, question_id)
    picks = _picks(chosen, question_id)
    return tuple(
        _stats(q, v, lesson, sums.get(q.id, _Sums()), times.get(q.id), picks.get(q.id, {}))
        for q, v, lesson in questions
    )


def _chosen_attempts(
    course_id: int, scope: sa.Select[Any], first_only: bool, lesson_id: int | None = None
) -> sa.Select[Any]:
    attempt_id = sa.func.min(Attempt.id) if first_only else Attempt.id
    query = (
        sa.select(attempt_id)
        .join(Lesson, Lesson.id == Attempt.lesson_id)
        .where(
            Lesson.course_id == course_id,
            Attempt.state == AttemptState.SUBMITTED.value,
            Attempt.user_id.in_(scope),
        )
    )
    if lesson_id is not None:
        query = query.where(Attempt.lesson_id == lesson_id)
    return query.group_by(Attempt.user_id, Attempt.lesson_id) if first_only else query


def _for_question(query: Any, question_id: int | None) -> Any:
    return query if question_id is None else query.where(QuestionVersion.question_id == question_id)


def _sums(chosen: sa.Select[Any], question_id: int | None) -> dict[int, _Sums]:
    correct = sa.case((AttemptAnswer.is_correct.is_(True), 1), else_=0)
    totals = (
        sa.select(
            AttemptAnswer.attempt_id,
            sa.func.sum(correct).label("right"),
            sa.func.count().label("asked"),
        )
        .where(AttemptAnswer.attempt_id.in_(chosen))
        .group_by(AttemptAnswer.attempt_id)
        .subquery()
    )
    x = sa.case((AttemptAnswer.is_correct.is_(True), 1.0), else_=0.0)
    others = sa.func.nullif(totals.c.asked - 1, 0)
    rest = (totals.c.right - x) / others
    x_with_rest = sa.case((totals.c.asked > 1, x), else_=None)
    query = (
        sa.select(
            QuestionVersion.question_id,
            sa.func.count(),
            sa.func.sum(x),
            sa.func.count(rest),
            sa.func.sum(x_with_rest),
            sa.func.sum(rest),
            sa.func.sum(rest * rest),
            sa.func.sum(x * rest),
        )
        .select_from(AttemptAnswer)
        .join(totals, totals.c.attempt_id == AttemptAnswer.attempt_id)
        .join(QuestionVersion, QuestionVersion.id == AttemptAnswer.question_version_id)
        .group_by(QuestionVersion.question_id)
    )
    return {
        row[0]: _Sums(*(value or 0 for value in row[1:]))
        for row in db.session.execute(_for_question(query, question_id))
    }


def _epoch_seconds(column: Any) -> Any:
    if db.engine.dialect.name == "sqlite":
        return (sa.func.julianday(column) - 2440587.5) * 86400.0
    return sa.extract("epoch", column)


def _times(chosen: sa.Select[Any], question_id: int | None) -> dict[int, tuple[float, int]]:
    """Mean seconds from the previous save (or the attempt's start) to each answer's save.

    Only answers saved while the quiz was open count: answers sent with the submit are not
    timed one by one.
    """
    previous = sa.func.lag(AttemptAnswer.saved_at).over(
        partition_by=AttemptAnswer.attempt_id, order_by=(AttemptAnswer.saved_at, AttemptAnswer.id)
    )
    # The question filter comes after the window: the previous save may be another question's.
    timed = (
        sa.select(
            QuestionVersion.question_id,
            AttemptAnswer.saved_at,
            previous.label("previous"),
            Attempt.started_at,
        )
        .select_from(AttemptAnswer)
        .join(Attempt, Attempt.id == AttemptAnswer.attempt_id)
        .join(QuestionVersion, QuestionVersion.id == AttemptAnswer.question_version_id)
        .where(
            AttemptAnswer.attempt_id.in_(chosen),
            AttemptAnswer.saved_at.is_not(None),
            AttemptAnswer.saved_at <= Attempt.submitted_at,
        )
    ).subquery()
    seconds = _epoch_seconds(timed.c.saved_at) - _epoch_seconds(
        sa.func.coalesce(timed.c.previous, timed.c.started_at)
    )
    query = sa.select(timed.c.question_id, sa.func.avg(seconds), sa.func.count()).group_by(
        timed.c.question_id
    )
    if question_id is not None:
        query = query.where(timed.c.question_id == question_id)
    return {row[0]: (float(row[1]), row[2]) for row in db.session.execute(query)}


def _picks(chosen: sa.Select[Any], question_id: int | None) -> dict[int, dict[Any, int]]:
    response = sa.cast(AttemptAnswer.response, sa.Text)
    query = (
        sa.select(QuestionVersion.question_id, response, sa.func.count())
        .join(QuestionVersion, QuestionVersion.id == AttemptAnswer.question_version_id)
        .where(AttemptAnswer.attempt_id.in_(chosen), QuestionVersion.type.in_(CHOICE_TYPES))
        .group_by(QuestionVersion.question_id, response)
    )
    picks: dict[int, dict[Any, int]] = defaultdict(Counter)
    for qid, text, count in db.session.execute(_for_question(query, question_id)):
        value = None if text is None else json.loads(text)
        key = json.dumps(value, sort_keys=True)
        picks[qid][key] += count
    return picks


def _choice_counts(
    version: QuestionVersion, picks: dict[Any, int]
) -> tuple[tuple[ChoiceCount, ...], int]:
    kind = question_type(version.type)
    counts: Counter[str] = Counter()
    unanswered = 0
    for key, count in picks.items():
        response = json.loads(key)
        if response is None:
            unanswered += count
            continue
        chosen = kind.input_value(response, version)
        for value in chosen if isinstance(chosen, list) else [chosen]:
            counts[value] += count
    key = kind.input_value(version.answer, version)
    keys = set(key) if isinstance(key, list) else {key}
    choices = tuple(
        ChoiceCount(value, label, counts.get(value, 0), value in keys)
        for value, label in kind.options(version)
    )
    return choices, unanswered


def _stats(
    question: Question,
    version: QuestionVersion,
    lesson: Lesson,
    sums: _Sums,
    time: tuple[float, int] | None,
    picks: dict[Any, int],
) -> ItemStats:
    choices, unanswered = (
        _choice_counts(version, picks) if version.type in CHOICE_TYPES else ((), 0)
    )
    stats = ItemStats(
        question=question,
        version=version,
        lesson=lesson,
        attempts=sums.n,
        correct=round(sums.sx),
        discrimination=point_biserial(sums),
        mean_seconds=time[0] if time else None,
        timed=time[1] if time else 0,
        choices=choices,
        unanswered=unanswered,
        flags=(),
    )
    return _with_flags(stats)


def _with_flags(stats: ItemStats) -> ItemStats:
    if not stats.flaggable:
        return stats
    flags = level_flags(stats.facility or 0.0, stats.discrimination)
    flags += distractor_flags([(c.count, c.is_key) for c in stats.choices])
    return replace(stats, flags=flags)
