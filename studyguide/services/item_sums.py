"""The aggregates behind item analysis, read in one statement.

Per question: the sums the point-biserial correlation needs, the mean time to answer, and how
often each response was given. The three are grouped differently, so they are one `UNION ALL`
of three grouped selects tagged by kind (one round trip, whatever the number of students,
attempts or questions); `item_analysis` turns them into statistics.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from studyguide.extensions import db
from studyguide.models import Attempt, AttemptAnswer, AttemptState, Lesson, QuestionVersion
from studyguide.questiontypes import QUESTION_TYPES

CHOICE_TYPES = tuple(name for name, kind in QUESTION_TYPES.items() if kind.input_kind != "text")
SUMS, TIMES, PICKS = 0, 1, 2
_VALUES = 7  # numeric columns of the union: as many as the sums need


@dataclass(frozen=True)
class Sums:
    n: int = 0
    sx: float = 0
    n_rest: int = 0
    sx_rest: float = 0
    sy: float = 0
    syy: float = 0
    sxy: float = 0


@dataclass
class Aggregates:
    sums: dict[int, Sums] = field(default_factory=dict)
    times: dict[int, tuple[float, int]] = field(default_factory=dict)  # mean seconds, count
    # Each response given (decoded; None: left blank) with how often, per question.
    picks: dict[int, list[tuple[Any, int]]] = field(default_factory=lambda: defaultdict(list))


def chosen_attempts(
    course_id: int, scope: sa.Select[Any], first_only: bool, lesson_id: int | None = None
) -> sa.Select[Any]:
    """The submitted attempts counted: each student's first at a quiz, or all of them."""
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


def _row(kind: int, question_id: Any, values: list[Any], response: Any = None) -> list[Any]:
    padded = [sa.cast(v, sa.Float) for v in values]
    padded += [sa.cast(sa.null(), sa.Float)] * (_VALUES - len(values))
    text = sa.cast(sa.null(), sa.Text) if response is None else response
    return [sa.literal(kind).label("kind"), question_id.label("question_id"), *padded, text]


def _for_question(query: Any, column: Any, question_id: int | None) -> Any:
    return query if question_id is None else query.where(column == question_id)


def _sums(chosen: sa.Select[Any], question_id: int | None) -> sa.Select[Any]:
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
    values = [
        sa.func.count(), sa.func.sum(x), sa.func.count(rest), sa.func.sum(x_with_rest),
        sa.func.sum(rest), sa.func.sum(rest * rest), sa.func.sum(x * rest),
    ]  # fmt: skip
    query = (
        sa.select(*_row(SUMS, QuestionVersion.question_id, values))
        .select_from(AttemptAnswer)
        .join(totals, totals.c.attempt_id == AttemptAnswer.attempt_id)
        .join(QuestionVersion, QuestionVersion.id == AttemptAnswer.question_version_id)
        .group_by(QuestionVersion.question_id)
    )
    return _for_question(query, QuestionVersion.question_id, question_id)


def _epoch_seconds(column: Any) -> Any:
    if db.engine.dialect.name == "sqlite":
        return (sa.func.julianday(column) - 2440587.5) * 86400.0
    return sa.extract("epoch", column)


def _times(chosen: sa.Select[Any], question_id: int | None) -> sa.Select[Any]:
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
    values = [sa.func.avg(seconds), sa.func.count()]
    query = sa.select(*_row(TIMES, timed.c.question_id, values)).group_by(timed.c.question_id)
    return _for_question(query, timed.c.question_id, question_id)


def _picks(chosen: sa.Select[Any], question_id: int | None) -> sa.Select[Any]:
    response = sa.cast(AttemptAnswer.response, sa.Text)
    query = (
        sa.select(*_row(PICKS, QuestionVersion.question_id, [sa.func.count()], response))
        .join(QuestionVersion, QuestionVersion.id == AttemptAnswer.question_version_id)
        .where(AttemptAnswer.attempt_id.in_(chosen), QuestionVersion.type.in_(CHOICE_TYPES))
        .group_by(QuestionVersion.question_id, response)
    )
    return _for_question(query, QuestionVersion.question_id, question_id)


def aggregates(chosen: sa.Select[Any], question_id: int | None = None) -> Aggregates:
    """Return the sums, times and picks of the chosen attempts' answers: one query."""
    both = sa.union_all(
        _sums(chosen, question_id), _times(chosen, question_id), _picks(chosen, question_id)
    ).subquery()
    found = Aggregates()
    responses: dict[str | None, Any] = {None: None}  # each stored response decoded once
    # Plain rows through the session's connection: no ORM entities here.
    for kind, qid, *values, text in db.session.connection().execute(sa.select(both)):
        if kind == SUMS:
            n, sx, n_rest, *rest = (value or 0 for value in values)
            found.sums[qid] = Sums(int(n), sx, int(n_rest), *rest)
        elif kind == TIMES:
            found.times[qid] = (float(values[0]), int(values[1]))
        else:
            if text not in responses:
                responses[text] = json.loads(text)
            found.picks[qid].append((responses[text], int(values[0])))
    return found
