"""The due queue and review sessions, built so that a month away is a normal-sized session.

Order: cards already reviewed and now due, most overdue relative to their interval first
(a card a day late on a 1-day interval beats one a week late on a 90-day one), then new cards
(chosen takeaways never reviewed yet), at most `new_per_day` of them a day in the student's
time zone. A session ends after its time limit or its number of cards; what is still due is
"left for later". The queue is computed from one query of small rows, no query per card.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm

from studyguide import errors
from studyguide.extensions import db
from studyguide.models import (
    CurationState,
    Lesson,
    Question,
    QuestionVersion,
    ReviewCard,
    ReviewLog,
    ReviewSession,
    ReviewSettings,
    ReviewSource,
)
from studyguide.services._tx import transaction
from studyguide.services.review_schedule import now, zone
from studyguide.services.review_settings import settings_for

# An interval shorter than this (a learning step of a minute) counts as this long for urgency.
_MIN_INTERVAL = timedelta(minutes=1)
# julianday('1970-01-01 00:00:00') in SQLite.
_JULIAN_UNIX_EPOCH = 2440587.5
# Keys of db.session.info (one request): the browser zone of a request whose page shows the
# due count, and the counts the user loader read along with the user, by user id.
_EXPECTED = "studyguide.due_count_expected"
_COUNTED = "studyguide.due_counts"
# A user id in a statement: a bound parameter, or the users table's column (correlated).
_UserId = sa.ColumnElement[int] | orm.InstrumentedAttribute[int]


@dataclass(frozen=True)
class QueueRow:
    card_id: int
    due: datetime
    last_review: datetime | None
    reps: int
    created_at: datetime


@dataclass(frozen=True)
class Queue:
    """The cards to review now, in order, and how many new cards today still allows."""

    card_ids: tuple[int, ...]
    due_reviews: int
    new_today: int

    def __len__(self) -> int:
        return self.due_reviews + self.new_today


@dataclass(frozen=True)
class SessionView:
    session: ReviewSession
    done: int
    ended: str | None  # "time", "count", "empty" or None while going on
    card: ReviewCard | None
    version: QuestionVersion | None
    left_for_later: int
    minutes_left: int


def student_zone(settings: ReviewSettings, browser_zone: str | None) -> tzinfo:
    """Return the student's time zone: their setting, else the browser's, else UTC."""
    return zone(settings.time_zone or browser_zone)


def start_of_day(at: datetime, tz: tzinfo) -> datetime:
    """Return the UTC moment the student's local day containing `at` began."""
    local = at.astimezone(tz)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight.astimezone(UTC)


def urgency(row: QueueRow, at: datetime) -> float:
    """Return how overdue a reviewed card is relative to its interval (0: due just now)."""
    interval = max(row.due - (row.last_review or row.created_at), _MIN_INTERVAL)
    return (at - row.due) / interval


def order_queue(rows: list[QueueRow], at: datetime, new_allowed: int) -> Queue:
    """Order due reviewed cards by urgency, then the oldest new cards up to `new_allowed`."""
    reviewed = [row for row in rows if row.reps > 0 and row.due <= at]
    reviewed.sort(key=lambda row: (-urgency(row, at), row.due, row.card_id))
    fresh = sorted((row for row in rows if row.reps == 0), key=lambda r: (r.created_at, r.card_id))
    chosen = fresh[: max(new_allowed, 0)]
    ids = tuple(row.card_id for row in reviewed) + tuple(row.card_id for row in chosen)
    return Queue(ids, len(reviewed), len(chosen))


def _active_cards(user_id: int | _UserId) -> sa.Select:  # type: ignore[type-arg]
    # A retired (or rejected) question or lesson suspends its cards (they come back if it returns).
    return (
        sa.select(
            ReviewCard.id, ReviewCard.due, ReviewCard.last_review, ReviewCard.reps,
            ReviewCard.created_at,
        )
        .join(Lesson, Lesson.id == ReviewCard.lesson_id)
        .outerjoin(Question, Question.id == ReviewCard.question_id)
        .where(
            ReviewCard.user_id == user_id,
            ReviewCard.suspended_at.is_(None),
            ReviewCard.removed_at.is_(None),
            Lesson.retired_at.is_(None),
            Question.retired_at.is_(None),
            # A question rejected in curation is hidden from students, its cards too.
            sa.or_(Question.id.is_(None), Question.review_state == CurationState.APPROVED.value),
        )
    )  # fmt: skip


def _introduced(user_id: int | _UserId, since: datetime | sa.BindParameter[datetime]) -> sa.Select:  # type: ignore[type-arg]
    return sa.select(sa.func.count(ReviewLog.id)).where(
        ReviewLog.user_id == user_id,
        ReviewLog.rep == 1,
        ReviewLog.source == ReviewSource.REVIEW.value,
        ReviewLog.reviewed_at >= since,
    )


def new_introduced(user_id: int, since: datetime) -> int:
    """Return how many cards had their first review in a session since `since`."""
    return db.session.scalar(_introduced(user_id, since)) or 0


def _days(column: Any) -> Any:
    """Return a SQL expression for a UTC datetime column as days since the Unix epoch."""
    if db.engine.dialect.name == "sqlite":
        return sa.func.julianday(column) - _JULIAN_UNIX_EPOCH
    return sa.extract("epoch", column) / 86400.0


def _urgency(now_days: Any) -> Any:
    """Return the SQL for `urgency` (see there): overdue days over interval days, at the
    moment `now_days` (days since the Unix epoch: a number, or a bound parameter)."""
    due = _days(ReviewCard.due)
    since = _days(sa.func.coalesce(ReviewCard.last_review, ReviewCard.created_at))
    floor = _MIN_INTERVAL / timedelta(days=1)
    greatest = sa.func.max if db.engine.dialect.name == "sqlite" else sa.func.greatest
    return (now_days - due) / greatest(due - since, floor)


def due_queue(
    user_id: int,
    at: datetime | None = None,
    *,
    settings: ReviewSettings | None = None,
    browser_zone: str | None = None,
    limit: int | None = None,
) -> Queue:
    """Return the student's cards to review now, in order: the first `limit` (all if None),
    and the counts of all. One query; the database sorts, so 5,000 cards cost no Python loop.
    """
    at = at or now()
    settings = settings or settings_for(user_id)
    queued, values = _queued(user_id, at, settings, browser_zone, limit)
    rows = db.session.execute(sa.select(queued), values).all()
    return _queue_of(rows, settings, limit)


def _queued(
    user_id: int,
    at: datetime,
    settings: ReviewSettings,
    browser_zone: str | None,
    limit: int | None,
) -> tuple[sa.Subquery, dict[str, Any]]:
    """The queue's rows and the values of their parameters: due reviewed cards (kind 0), then
    new cards (kind 1) up to today's cap at most, each with its place (`n`), the number of its
    kind (`total`) and the new cards introduced today (`introduced`)."""
    # Today's cap less those introduced is applied in Python (`_queue_of`): the cap bounds it.
    cap = settings.new_per_day if limit is None else min(settings.new_per_day, limit)
    values = {
        "user_id": user_id, "at": at, "at_days": at.timestamp() / 86400.0,
        "since": start_of_day(at, student_zone(settings, browser_zone)),
        "limit": limit, "fresh_limit": max(cap, 1),
    }  # fmt: skip
    return _queued_shape(db.engine.dialect.name, limit is not None), values


@functools.cache
def _queued_shape(dialect: str, limited: bool) -> sa.Subquery:
    # Built once per database and shape, with bound parameters (see `_queued`): building it
    # cost more than running it.
    user_id: sa.BindParameter[int] = sa.bindparam("user_id")
    introduced = _introduced(user_id, sa.bindparam("since")).scalar_subquery()
    total = sa.func.count().over()
    by_urgency = (_urgency(sa.bindparam("at_days")).desc(), ReviewCard.due, ReviewCard.id)
    reviewed = (
        _active_cards(user_id)
        .with_only_columns(
            ReviewCard.id, total.label("total"), sa.func.row_number().over(order_by=by_urgency)
        )
        .where(ReviewCard.reps > 0, ReviewCard.due <= sa.bindparam("at"))
        .order_by(*by_urgency)
    )
    if limited:
        reviewed = reviewed.limit(sa.bindparam("limit"))
    oldest = (ReviewCard.created_at, ReviewCard.id)
    fresh = (
        _active_cards(user_id)
        .with_only_columns(
            ReviewCard.id, total.label("total"), sa.func.row_number().over(order_by=oldest)
        )
        .where(ReviewCard.reps == 0)
        .order_by(*oldest)
        .limit(sa.bindparam("fresh_limit"))
    )
    return sa.union_all(
        *(
            sa.select(sa.literal(kind).label("kind"), part.c.id, part.c.total,
                      part.c[2].label("n"), introduced.label("introduced"))
            for kind, part in ((0, reviewed.subquery()), (1, fresh.subquery()))
        )
    ).subquery()  # fmt: skip


def _queue_of(rows: Sequence[Any], settings: ReviewSettings, limit: int | None) -> Queue:
    rows = sorted(rows, key=lambda row: (row.kind, row.n))
    due_rows = [row for row in rows if row.kind == 0]
    new_rows = [row for row in rows if row.kind == 1]
    introduced = int(rows[0].introduced) if rows else 0
    allowed = max(settings.new_per_day - introduced, 0)
    room = allowed if limit is None else min(allowed, max(limit - len(due_rows), 0))
    due_total = due_rows[0].total if due_rows else 0
    new_total = min(new_rows[0].total if new_rows else 0, allowed)
    ids = tuple(row.id for row in due_rows) + tuple(row.id for row in new_rows[:room])
    return Queue(ids, due_total, new_total)


@dataclass(frozen=True)
class _CountedAhead:
    """Due counts read along with the user: the moment and start of day they were counted for."""

    at: datetime
    since: datetime
    counts: tuple[int, int, int]  # reviewed cards due, new cards, new cards introduced since


def expect_due_count(browser_zone: str | None) -> None:
    """Have this request's user loader count the cards due along with the user.

    Call before the user is loaded (a `before_request` hook), on requests whose page shows the
    count: the navigation then spends no query of its own (see `due_count`).
    """
    db.session.info[_EXPECTED] = browser_zone


def due_count_ahead() -> tuple[datetime, datetime] | None:
    """Return the moment and the start of day to count the due cards for along with the user,
    or None when this request did not ask for the count (`expect_due_count`).

    The start of day is the browser's: a student with a time zone of their own is only known
    once their settings are read, so their count is read again by `due_count` (one query more).
    """
    if _EXPECTED not in db.session.info:
        return None
    at = now()
    return at, start_of_day(at, zone(db.session.info[_EXPECTED]))


def remember_due_counts(user_id: int, at: datetime, since: datetime, counts: Any) -> None:
    """Keep the counts the user loader read with `due_count_columns`, for `due_count`."""
    counted = _CountedAhead(at, since, tuple(int(count) for count in counts))  # type: ignore[arg-type]
    db.session.info.setdefault(_COUNTED, {})[user_id] = counted


def due_count(user_id: int, browser_zone: str | None = None) -> int:
    """Return how many cards are due now (new ones within today's cap), for the navigation.

    No query when the user loader counted them for the same day (`expect_due_count`), else one
    whatever the number of cards (three counts in one statement); the settings come with the
    user (services/review_settings.py).
    """
    settings = settings_for(user_id)
    ahead = db.session.info.get(_COUNTED, {}).get(user_id)
    at = ahead.at if ahead else now()
    since = start_of_day(at, student_zone(settings, browser_zone))
    if ahead is not None and ahead.since == since:
        reviewed, fresh, introduced = ahead.counts
    else:
        values = {"user_id": user_id, "at": at, "since": since}
        reviewed, fresh, introduced = db.session.execute(_due_counts(), values).one()
    return int(reviewed) + max(0, min(int(fresh), settings.new_per_day - int(introduced)))


@functools.cache
def _due_counts() -> sa.Select:  # type: ignore[type-arg]
    # Built once, with bound parameters: on every page, building the statement cost more
    # than running it.
    return sa.select(*due_count_columns(sa.bindparam("user_id")))


def due_count_columns(
    user_id: _UserId,
) -> tuple[sa.ScalarSelect[int], ...]:
    """Return the three counts `due_count` needs as scalar subqueries (bound "at", "since"):
    of a user id parameter, or of a user id column to read them along with the user."""
    active = _active_cards(user_id).with_only_columns(sa.func.count(ReviewCard.id))
    reviewed = active.where(ReviewCard.reps > 0, ReviewCard.due <= sa.bindparam("at"))
    fresh = active.where(ReviewCard.reps == 0)
    introduced = _introduced(user_id, sa.bindparam("since"))
    return (
        reviewed.scalar_subquery(), fresh.scalar_subquery(), introduced.scalar_subquery()
    )  # fmt: skip


def start_session(user_id: int) -> ReviewSession:
    """Open a review session with the student's current limits."""
    settings = settings_for(user_id)
    with transaction():
        session = ReviewSession(
            user_id=user_id,
            started_at=now(),
            time_limit_minutes=settings.time_limit_minutes,
            card_limit=settings.card_limit,
        )
        db.session.add(session)
    return session


def session_view(user_id: int, session_id: int, browser_zone: str | None = None) -> SessionView:
    """Return where the student's session stands: the next card, or why it ended.

    Two queries: the session with its number of cards done, then the queue with its first
    card, that card's lesson, course and current question version joined.

    Raises:
        NotFound: no such session, or it is someone else's.
    """
    done = sa.select(sa.func.count(ReviewLog.id)).where(ReviewLog.session_id == ReviewSession.id)
    found = db.session.execute(
        sa.select(ReviewSession, done.scalar_subquery()).where(
            ReviewSession.id == session_id, ReviewSession.user_id == user_id
        )
    ).first()
    if found is None:
        raise errors.NotFound("There is no such review session.")
    session, done_count = found[0], int(found[1] or 0)
    at = now()
    settings = settings_for(user_id)
    queued, values = _queued(user_id, at, settings, browser_zone, limit=1)
    rows = db.session.execute(_with_cards(queued), values).all()
    queue = _queue_of(rows, settings, limit=1)
    elapsed = at - session.started_at
    limit = timedelta(minutes=session.time_limit_minutes)
    ended = None
    if done_count >= session.card_limit:
        ended = "count"
    elif elapsed >= limit:
        ended = "time"
    elif not queue.card_ids:
        ended = "empty"
    card = version = None
    if ended is None:
        first = next(row for row in rows if row.ReviewCard.id == queue.card_ids[0])
        card, version = first.ReviewCard, first.QuestionVersion
    minutes_left = max(0, int((limit - elapsed).total_seconds() // 60))
    left = len(queue) - (1 if card is not None else 0)
    return SessionView(session, done_count, ended, card, version, left, minutes_left)


@functools.cache
def _with_cards(queued: sa.Subquery) -> sa.Select[Any]:
    """The queue's rows with their cards, the cards' lessons and courses and current versions."""
    return (
        sa.select(queued, ReviewCard, QuestionVersion)
        .join(ReviewCard, ReviewCard.id == queued.c.id)
        .outerjoin(
            QuestionVersion,
            sa.and_(
                QuestionVersion.question_id == ReviewCard.question_id, QuestionVersion.is_current
            ),
        )
        .options(orm.joinedload(ReviewCard.lesson).joinedload(Lesson.course))
    )
