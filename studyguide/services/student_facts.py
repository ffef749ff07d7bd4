"""A student's facts for the lesson pages, in one query: reads, attempts with grades, review
tallies per lesson, and which takeaways they keep as cards.

One `UNION ALL` of small rows tagged by kind, so `/lessons`, `/progress` and the lesson page
each spend one query on them whatever the number of lessons, attempts and reviews.
"""

from __future__ import annotations

import functools
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from studyguide.extensions import db
from studyguide.models import Attempt, AttemptGrade, AttemptState, LessonRead, ReviewCard, ReviewLog
from studyguide.services.mastery import GradeFact
from studyguide.services.review_schedule import now
from studyguide.services.review_stats import MASTERY_WINDOW, Tally, recalled, session_reviews

_READ, _ATTEMPT, _TALLY, _KEPT = 0, 1, 2, 3


@dataclass(frozen=True)
class AttemptFact:
    """An attempt at a lesson's quiz, with its grade once submitted."""

    lesson_id: int
    attempt_id: int
    started_at: datetime
    grade: GradeFact | None = None
    open: bool = False  # still in progress: started, not submitted


@dataclass
class StudentFacts:
    reads: dict[int, datetime] = field(default_factory=dict)  # by lesson
    attempts: list[AttemptFact] = field(default_factory=list)  # in order
    tallies: dict[int, Tally] = field(default_factory=dict)  # session reviews, last 30 days
    kept: set[str] = field(default_factory=set)  # card source keys among those asked for


def _null(kind: Any) -> sa.Cast[Any]:
    return sa.cast(sa.null(), kind)


def student_facts(
    user_id: int, lesson_id: int | None = None, card_keys: Collection[str] = ()
) -> StudentFacts:
    """Return the student's facts (about one lesson, or all), and which of `card_keys` are
    cards they keep (not removed)."""
    values: dict[str, Any] = {"user_id": user_id, "since": now() - MASTERY_WINDOW}
    if lesson_id is not None:
        values["lesson_id"] = lesson_id
    if card_keys:
        values["card_keys"] = list(card_keys)
    statement = _statement(lesson_id is not None, bool(card_keys))
    return _assemble(db.session.execute(statement, values))


@functools.cache
def _statement(one_lesson: bool, with_cards: bool) -> sa.Select[Any]:
    # Built once per shape, with bound parameters: on every page, building this statement
    # cost more than running it.
    user_id: sa.BindParameter[int] = sa.bindparam("user_id")
    at_type = AttemptGrade.graded_at.type
    reads = sa.select(
        sa.literal(_READ).label("kind"), LessonRead.lesson_id, LessonRead.read_at.label("at"),
        _null(sa.Integer).label("id"), _null(sa.String).label("state"),
        _null(sa.Float).label("score"), _null(at_type).label("graded_at"),
    ).where(LessonRead.user_id == user_id)  # fmt: skip
    attempts = (
        sa.select(
            sa.literal(_ATTEMPT),
            Attempt.lesson_id,
            Attempt.started_at,
            Attempt.id,
            Attempt.state,
            AttemptGrade.score,
            AttemptGrade.graded_at,
        )  # fmt: skip
        .outerjoin(AttemptGrade, AttemptGrade.attempt_id == Attempt.id)
        .where(Attempt.user_id == user_id)
    )
    tallies = _tallies(user_id)
    parts = [reads, attempts, tallies]
    if one_lesson:
        lesson_id: sa.BindParameter[int] = sa.bindparam("lesson_id")
        parts = [
            reads.where(LessonRead.lesson_id == lesson_id),
            attempts.where(Attempt.lesson_id == lesson_id),
            tallies.where(ReviewCard.lesson_id == lesson_id),
        ]
    if with_cards:
        parts.append(_kept(user_id))
    both = sa.union_all(*parts).subquery()
    return sa.select(both).order_by(both.c.kind, both.c.id)


def _tallies(user_id: sa.BindParameter[Any]) -> sa.Select[Any]:
    at_type = AttemptGrade.graded_at.type
    return (
        sa.select(
            sa.literal(_TALLY),
            ReviewCard.lesson_id,
            _null(at_type),
            sa.func.count(ReviewLog.id),
            _null(sa.String),
            sa.cast(sa.func.sum(recalled), sa.Float),
            _null(at_type),
        )  # fmt: skip
        .join(ReviewCard, ReviewCard.id == ReviewLog.card_id)
        .where(
            ReviewLog.user_id == user_id,
            session_reviews,
            ReviewLog.reviewed_at >= sa.bindparam("since", type_=ReviewLog.reviewed_at.type),
        )
        .group_by(ReviewCard.lesson_id)
    )


def _kept(user_id: sa.BindParameter[Any]) -> sa.Select[Any]:
    at_type = AttemptGrade.graded_at.type
    return sa.select(
        sa.literal(_KEPT), ReviewCard.lesson_id, _null(at_type), ReviewCard.id,
        ReviewCard.source_key, _null(sa.Float), _null(at_type),
    ).where(
        ReviewCard.user_id == user_id,
        ReviewCard.source_key.in_(sa.bindparam("card_keys", expanding=True)),
        ReviewCard.removed_at.is_(None),
    )  # fmt: skip


def _assemble(rows: sa.Result[tuple[object, ...]]) -> StudentFacts:
    facts = StudentFacts()
    for row in rows:
        if row.kind == _READ:
            facts.reads[row.lesson_id] = row.at
        elif row.kind == _ATTEMPT:
            grade = None if row.score is None else GradeFact(row.score, row.graded_at, row.id)
            open_ = row.state == AttemptState.IN_PROGRESS
            facts.attempts.append(AttemptFact(row.lesson_id, row.id, row.at, grade, open_))
        elif row.kind == _TALLY:
            facts.tallies[row.lesson_id] = Tally(int(row.id), int(row.score or 0))
        else:
            facts.kept.add(row.state)
    return facts
