"""The due queue and review sessions, built so that a month away is a normal-sized session.

Order: cards already reviewed and now due, most overdue relative to their interval first
(a card a day late on a 1-day interval beats one a week late on a 90-day one), then new cards
(chosen takeaways never reviewed yet), at most `new_per_day` of them a day in the student's
time zone. A session ends after its time limit or its number of cards; what is still due is
"left for later". The queue is computed from one query of small rows, no query per card.
"""

from __future__ import annotations

import functools
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
from studyguide.services.review import card_for_user, current_version
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


def _urgency(at: datetime) -> Any:
    """Return the SQL for `urgency` (see there): overdue days over interval days."""
    due = _days(ReviewCard.due)
    since = _days(sa.func.coalesce(ReviewCard.last_review, ReviewCard.created_at))
    floor = _MIN_INTERVAL / timedelta(days=1)
    greatest = sa.func.max if db.engine.dialect.name == "sqlite" else sa.func.greatest
    return (at.timestamp() / 86400.0 - due) / greatest(due - since, floor)


def due_queue(
    user_id: int,
    at: datetime | None = None,
    *,
    settings: ReviewSettings | None = None,
    browser_zone: str | None = None,
    limit: int | None = None,
) -> Queue:
    """Return the student's cards to review now, in order: the first `limit` (all if None),
    and the counts of all. Four queries; the database sorts, so 5,000 cards cost no Python loop.
    """
    at = at or now()
    settings = settings or settings_for(user_id)
    since = start_of_day(at, student_zone(settings, browser_zone))
    allowed = max(settings.new_per_day - new_introduced(user_id, since), 0)
    total = sa.func.count().over()
    reviewed = (
        _active_cards(user_id)
        .with_only_columns(ReviewCard.id, total)
        .where(ReviewCard.reps > 0, ReviewCard.due <= at)
        .order_by(_urgency(at).desc(), ReviewCard.due, ReviewCard.id)
        .limit(limit)
    )
    due_rows = db.session.execute(reviewed).all()
    due_total = due_rows[0][1] if due_rows else 0
    room = allowed if limit is None else min(allowed, max(limit - len(due_rows), 0))
    fresh = (
        _active_cards(user_id)
        .with_only_columns(ReviewCard.id, total)
        .where(ReviewCard.reps == 0)
        .order_by(ReviewCard.created_at, ReviewCard.id)
        .limit(max(room, 1))
    )
    new_rows = db.session.execute(fresh).all()
    new_total = min(new_rows[0][1] if new_rows else 0, allowed)
    ids = tuple(row[0] for row in due_rows) + tuple(row[0] for row in new_rows[:room])
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

    Raises:
        NotFound: no such session, or it is someone else's.
    """
    session = db.session.get(ReviewSession, session_id)
    if session is None or session.user_id != user_id:
        raise errors.NotFound("There is no such review session.")
    at = now()
    done = (
        db.session.scalar(
            sa.select(sa.func.count(ReviewLog.id)).where(ReviewLog.session_id == session.id)
        )
        or 0
    )
    queue = due_queue(user_id, at, browser_zone=browser_zone, limit=1)
    elapsed = at - session.started_at
    limit = timedelta(minutes=session.time_limit_minutes)
    ended = None
    if done >= session.card_limit:
        ended = "count"
    elif elapsed >= limit:
        ended = "time"
    elif not queue.card_ids:
        ended = "empty"
    card = version = None
    if ended is None:
        card = card_for_user(user_id, queue.card_ids[0])
        version = current_version(card)
    minutes_left = max(0, int((limit - elapsed).total_seconds() // 60))
    left = len(queue) - (1 if card is not None else 0)
    return SessionView(session, done, ended, card, version, left, minutes_left)
