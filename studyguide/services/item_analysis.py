"""Item analysis: how each question of a course performs, over a cohort or over all students.

Per question: attempts, facility (the share answering correctly), discrimination (the
point-biserial correlation between the item and the rest of the quiz, i.e. the share of the
attempt's other questions answered correctly), how often each choice was picked, and the mean
time to answer. Statistics count each student's first submitted attempt at a quiz unless all
attempts are asked for. Computed by aggregate queries over the stored answers
(services/item_sums.py: one query whatever the number of students, attempts or questions),
never kept as counters; the cohort or course with its questions is one more.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, load_only

from studyguide.errors import NotFound
from studyguide.extensions import db
from studyguide.models import (
    Cohort,
    CohortMember,
    CohortMentor,
    Course,
    Lesson,
    Question,
    QuestionVersion,
    Role,
    User,
)
from studyguide.questiontypes import question_type
from studyguide.services import cohorts
from studyguide.services.cohort_facts import LESSON_COLUMNS
from studyguide.services.item_flags import Flag, distractor_flags, level_flags
from studyguide.services.item_sums import (
    CHOICE_TYPES,
    Aggregates,
    Sums,
    aggregates,
    chosen_attempts,
)

# What the item pages show of a course, and whether it may be mentored: its transcript would be
# sent again with every question's row.
COURSE_COLUMNS = (Course.id, Course.slug, Course.title, Course.status, Course.origin)
# Below this many attempts a question's figures are shown but not flagged: too few to judge.
MIN_ATTEMPTS_TO_FLAG = 5


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


def point_biserial(s: Sums) -> float | None:
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
    """Return item statistics of the cohort's course over the cohort's students (two queries:
    the cohort with its course and questions, then the aggregates).

    Raises:
        NotFound: no such cohort, or someone else's; the question is not in its course.
    """
    owner = (
        sa.select(Cohort)
        .join(CohortMentor, CohortMentor.cohort_id == Cohort.id)
        .where(CohortMentor.user_id == mentor_id, Cohort.id == cohort_id)
        .options(joinedload(Cohort.course).load_only(*COURSE_COLUMNS))
    )
    cohort, questions = _with_questions(owner, Cohort.course_id, question_id)
    if cohort is None:
        raise NotFound(cohorts.NO_SUCH_COHORT)
    scope = sa.select(CohortMember.user_id).where(CohortMember.cohort_id == cohort.id)
    items = _items(cohort.course_id, scope, first_only, question_id, questions)
    return ItemReport(cohort.course, cohort, first_only, items)


def course_items(
    user: User, course_id: int, *, first_only: bool = True, question_id: int | None = None
) -> ItemReport:
    """Return item statistics of a course over all its students (two queries, and one more
    for a course made in the browser: whether `user` edits it).

    Raises:
        NotFound: the course is not one `user` may mentor; the question is not in it.
    """
    owner = sa.select(Course).where(Course.id == course_id).options(load_only(*COURSE_COLUMNS))
    course, questions = _with_questions(owner, Course.id, question_id)
    if course is None or not cohorts.can_mentor_course(user, course):
        raise NotFound("There is no such course.")
    items = _items(course.id, _all_students(), first_only, question_id, questions)
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


def curation_stats(
    question: Question, version: QuestionVersion, lesson: Lesson
) -> ItemStats | None:
    """Return a question's statistics over all students for its curation page (one query), or
    None while its course is a draft (no students yet: no query).

    The question, its current version and lesson are the curation page's, loaded from a course
    the instructor may edit: once published, a course they may mentor (`can_mentor_course`)."""
    if lesson.course.status != cohorts.PUBLISHED:
        return None
    chosen = chosen_attempts(lesson.course_id, _all_students(), True, lesson.id)
    found = aggregates(chosen, question.id)
    return _stats(question, version, lesson, found, question.id)


def _all_students() -> sa.Select[Any]:
    return sa.select(User.id).where(User.role == Role.STUDENT.value)


def _with_questions(
    owner: sa.Select[Any], course_id: Any, question_id: int | None
) -> tuple[Any, list[tuple[Question, QuestionVersion, Lesson]]]:
    """Run `owner` (a select of one cohort or course) with the course's current questions
    outer-joined: one query. Return the owner (None if no row) and the questions in order."""
    question = sa.and_(
        Question.course_id == course_id,
        Question.retired_at.is_(None) if question_id is None else Question.id == question_id,
    )
    query = (
        owner.add_columns(Question, QuestionVersion, Lesson)
        .outerjoin(Question, question)
        .outerjoin(
            QuestionVersion,
            sa.and_(QuestionVersion.question_id == Question.id, QuestionVersion.is_current),
        )
        .outerjoin(Lesson, sa.and_(Lesson.id == Question.lesson_id, Lesson.retired_at.is_(None)))
        .order_by(Lesson.position, Lesson.id, Question.position, Question.id)
        # A row per question: the lesson's content columns would be decoded on every one.
        .options(load_only(*LESSON_COLUMNS))
    )
    rows = db.session.execute(query).all()
    found = [(q, v, lesson) for _, q, v, lesson in rows if v is not None and lesson is not None]
    return (rows[0][0] if rows else None), found


def _items(
    course_id: int,
    scope: sa.Select[Any],
    first_only: bool,
    question_id: int | None,
    questions: list[tuple[Question, QuestionVersion, Lesson]],
) -> tuple[ItemStats, ...]:
    if question_id is not None and not questions:
        raise NotFound("There is no such question in this course.")
    # One question needs only the attempts at its own lesson's quiz.
    lesson_id = questions[0][2].id if question_id is not None else None
    found = aggregates(chosen_attempts(course_id, scope, first_only, lesson_id), question_id)
    return tuple(_stats(q, v, lesson, found, q.id) for q, v, lesson in questions)


def _choice_counts(
    version: QuestionVersion, picks: list[tuple[Any, int]]
) -> tuple[tuple[ChoiceCount, ...], int]:
    kind = question_type(version.type)
    counts: Counter[str] = Counter()
    unanswered = 0
    for response, count in picks:
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
    question: Question, version: QuestionVersion, lesson: Lesson, found: Aggregates, qid: int
) -> ItemStats:
    sums = found.sums.get(qid, Sums())
    time = found.times.get(qid)
    picks = found.picks.get(qid, [])
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
