"""Review statistics, all queries over stored reviews: forecast, history, retention, summaries.

Retention is the share of session reviews recalled (rated Hard, Good or Easy; for a question
card, answered right); the quiz answer that made a card is not counted, it was not a review.
Days are the student's local days (their time zone setting, else the browser's, else UTC).
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

import sqlalchemy as sa

from studyguide.extensions import db
from studyguide.models import ReviewCard, ReviewLog, ReviewSettings, ReviewSource, UTCDateTime
from studyguide.services.review_queue import _active_cards, start_of_day, student_zone
from studyguide.services.review_schedule import now
from studyguide.services.review_settings import settings_for

FORECAST_DAYS = 14
HISTORY_DAYS = 14
# Mastery looks at reviews of this recent window.
MASTERY_WINDOW = timedelta(days=30)

# A session review recalled (1) or not (0), and the logs that are session reviews.
recalled = sa.case((ReviewLog.rating > 1, 1), else_=0)
session_reviews = ReviewLog.source == ReviewSource.REVIEW.value


@dataclass(frozen=True)
class Day:
    day: date
    count: int
    recalled: int = 0

    @property
    def label(self) -> str:
        return f"{self.day:%a} {self.day.day} {self.day:%b}"


@dataclass(frozen=True)
class Tally:
    """Reviews and how many were recalled."""

    reviews: int
    recalled: int

    @property
    def retention(self) -> float | None:
        return self.recalled / self.reviews if self.reviews else None

    @property
    def retention_percent(self) -> int | None:
        r = self.retention
        return None if r is None else int(r * 100 + 1e-6)


@dataclass(frozen=True)
class ReviewProgress:
    forecast: tuple[Day, ...]
    history: tuple[Day, ...]
    all_time: Tally
    recent: Tally  # the last 30 days
    cards: int
    suspended: int


def forecast(
    user_id: int,
    browser_zone: str | None = None,
    at: datetime | None = None,
    *,
    settings: ReviewSettings | None = None,
) -> tuple[Day, ...]:
    """Return how many reviewed cards fall due on each of the next 14 local days.

    Today includes every card already overdue. New cards are not forecast: they wait for you.
    """
    at = at or now()
    tz = student_zone(settings or settings_for(user_id), browser_zone)
    end = _forecast_end(at, tz)
    rows = db.session.execute(_forecast_cards(user_id, end))
    return _forecast_days((row.due for row in rows), at, tz)


def _forecast_end(at: datetime, tz: tzinfo) -> datetime:
    return start_of_day(at, tz) + timedelta(days=FORECAST_DAYS)


def _forecast_cards(user_id: Any, end: Any) -> sa.Select[Any]:
    return _active_cards(user_id).where(ReviewCard.reps > 0, ReviewCard.due < end)


def _forecast_days(dues: Iterable[datetime], at: datetime, tz: tzinfo) -> tuple[Day, ...]:
    today = at.astimezone(tz).date()
    counts: Counter[date] = Counter(max(due.astimezone(tz).date(), today) for due in dues)
    days = (today + timedelta(days=n) for n in range(FORECAST_DAYS))
    return tuple(Day(day, counts.get(day, 0)) for day in days)


def _history_since(at: datetime, tz: tzinfo) -> datetime:
    return start_of_day(at, tz) - timedelta(days=HISTORY_DAYS - 1)


def _history_days(
    logs: Iterable[tuple[datetime, int]], at: datetime, tz: tzinfo
) -> tuple[Day, ...]:
    per_day: Counter[date] = Counter()
    good_per_day: Counter[date] = Counter()
    for moment, rating in logs:
        day = moment.astimezone(tz).date()
        per_day[day] += 1
        good_per_day[day] += rating > 1
    first = _history_since(at, tz).astimezone(tz).date()
    return tuple(
        Day(d, per_day[d], good_per_day[d])
        for d in (first + timedelta(days=n) for n in range(HISTORY_DAYS))
    )


_FORECAST, _HISTORY, _TOTALS = 0, 1, 2


def progress(user_id: int, browser_zone: str | None = None) -> ReviewProgress:
    """Return the student's forecast, daily history, retention and card counts, in one query:
    the cards falling due, the recent session reviews and the totals, tagged by kind."""
    at = now()
    tz = student_zone(settings_for(user_id), browser_zone)
    values = {
        "user_id": user_id, "end": _forecast_end(at, tz), "since": _history_since(at, tz),
        "recent": at - MASTERY_WINDOW,
    }  # fmt: skip
    rows: Sequence[Any] = db.session.execute(_progress_statement(), values).all()
    n = next([int(value or 0) for value in row[2:]] for row in rows if row[0] == _TOTALS)
    return ReviewProgress(
        _forecast_days((row[1] for row in rows if row[0] == _FORECAST), at, tz),
        _history_days(((row[1], row[2]) for row in rows if row[0] == _HISTORY), at, tz),
        Tally(n[0], n[1]),
        Tally(n[2], n[3]),
        n[4],
        n[5],
    )


@functools.cache
def _progress_statement() -> sa.CompoundSelect[Any]:
    # Built once, with bound parameters: building it cost more than running it.
    user_id = sa.bindparam("user_id", type_=sa.Integer)
    moment = ReviewLog.reviewed_at.type
    none = [sa.cast(sa.null(), sa.Integer)] * 6
    dues = _forecast_cards(user_id, sa.bindparam("end", type_=moment)).with_only_columns(
        sa.literal(_FORECAST).label("kind"), ReviewCard.due.label("at"), *none
    )
    since = sa.bindparam("since", type_=moment)
    logs = sa.select(
        sa.literal(_HISTORY), ReviewLog.reviewed_at, ReviewLog.rating, *none[1:]
    ).where(ReviewLog.user_id == user_id, session_reviews, ReviewLog.reviewed_at >= since)
    no_moment = sa.cast(sa.null(), UTCDateTime())
    recent = sa.bindparam("recent", type_=moment)
    totals = sa.select(sa.literal(_TOTALS), no_moment, *_totals(user_id, recent))
    return sa.union_all(dues, logs, totals)


def _totals(user_id: Any, recent_since: Any) -> list[sa.ScalarSelect[Any]]:
    """Session reviews and those recalled (all time, last 30 days), cards kept and suspended."""
    mine = sa.and_(ReviewLog.user_id == user_id, session_reviews)
    recent = sa.and_(mine, ReviewLog.reviewed_at >= recent_since)
    kept = sa.and_(ReviewCard.user_id == user_id, ReviewCard.removed_at.is_(None))

    def count(column: Any, where: Any, good: bool = False) -> sa.ScalarSelect[Any]:
        counted = sa.func.sum(recalled) if good else sa.func.count(column)
        return sa.select(sa.cast(counted, sa.Integer)).where(where).scalar_subquery()

    return [
        count(ReviewLog.id, mine),
        count(ReviewLog.id, mine, good=True),
        count(ReviewLog.id, recent),
        count(ReviewLog.id, recent, good=True),
        count(ReviewCard.id, kept),
        count(ReviewCard.id, sa.and_(kept, ReviewCard.suspended_at.is_not(None))),
    ]


@dataclass(frozen=True)
class StudentReviews:
    """One student's reviews in a course, for the mentor's class view."""

    user_id: int
    reviews: int
    recalled: int
    last_review_at: datetime | None

    @property
    def retention(self) -> float | None:
        return self.recalled / self.reviews if self.reviews else None


def review_summary(user_ids: Iterable[int], course_id: int) -> dict[int, StudentReviews]:
    """Return reviews per student in one course (every id given gets an entry; one query)."""
    ids = list(user_ids)
    summary = {uid: StudentReviews(uid, 0, 0, None) for uid in ids}
    if not ids:
        return summary
    query = (
        sa.select(
            ReviewLog.user_id,
            sa.func.count(ReviewLog.id),
            sa.func.sum(recalled),
            sa.func.max(ReviewLog.reviewed_at),
        )
        .join(ReviewCard, ReviewCard.id == ReviewLog.card_id)
        .where(ReviewLog.user_id.in_(ids), ReviewCard.course_id == course_id, session_reviews)
        .group_by(ReviewLog.user_id)
    )
    for uid, count, good, last in db.session.execute(query):
        # max() over a UTCDateTime comes back untyped on SQLite: re-attach UTC.
        summary[uid] = StudentReviews(uid, count, good or 0, _aware(last))
    return summary


def _aware(moment: datetime | str | None) -> datetime | None:
    from datetime import UTC

    if moment is None:
        return None
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
