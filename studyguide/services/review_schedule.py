"""The FSRS scheduler behind one small seam, with an injectable clock.

`fsrs` needs timezone-aware UTC datetimes; cards read from SQLite come back aware through
`UTCDateTime`, and every moment handed in here is checked. Fuzzing is off so that a due date
is a function of the card and its ratings alone (tests compare against fsrs itself).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import fsrs
from flask import current_app, has_app_context

from studyguide.models import ReviewCard, utcnow

Clock = Callable[[], datetime]
Rating = fsrs.Rating

# Quiz answers are the first review: wrong is Again, right is Good.
QUIZ_RATING = {False: fsrs.Rating.Again, True: fsrs.Rating.Good}
RATING_LABELS = {
    fsrs.Rating.Again: "Again",
    fsrs.Rating.Hard: "Hard",
    fsrs.Rating.Good: "Good",
    fsrs.Rating.Easy: "Easy",
}


def now() -> datetime:
    """Return the current moment: the app's REVIEW_CLOCK when one is set (tests), else UTC now."""
    clock: Clock = utcnow
    if has_app_context():
        clock = current_app.config.get("REVIEW_CLOCK") or utcnow
    moment = clock()
    if moment.tzinfo is None:
        raise ValueError("the review clock returned a naive datetime")
    return moment.astimezone(UTC)


@dataclass(frozen=True)
class Schedule:
    """FSRS with the project's settings; `clock` says what "now" is."""

    clock: Clock = now
    desired_retention: float = 0.9

    @property
    def scheduler(self) -> fsrs.Scheduler:
        return fsrs.Scheduler(desired_retention=self.desired_retention, enable_fuzzing=False)

    def rate(self, card: ReviewCard, rating: fsrs.Rating, at: datetime | None = None) -> fsrs.Card:
        """Apply one rating to the card's memory state (in the session) and return the new state."""
        moment = at or self.clock()
        updated, _ = self.scheduler.review_card(to_fsrs(card), rating, moment)
        card.state = int(updated.state)
        card.step = updated.step
        card.stability = updated.stability
        card.difficulty = updated.difficulty
        card.due = updated.due
        card.last_review = updated.last_review
        card.reps = (card.reps or 0) + 1
        return updated

    def retrievability(self, card: ReviewCard, at: datetime | None = None) -> float:
        """Return the predicted chance (0–1) that the student recalls the card now."""
        return self.scheduler.get_card_retrievability(to_fsrs(card), at or self.clock())


def to_fsrs(card: ReviewCard) -> fsrs.Card:
    """Return the card's memory state as an fsrs.Card (aware UTC datetimes)."""
    return fsrs.Card(
        card_id=card.id or 0,
        state=fsrs.State(card.state or 1),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=(card.due or now()).astimezone(UTC),
        last_review=card.last_review.astimezone(UTC) if card.last_review else None,
    )


def zone(name: str | None) -> tzinfo:
    """Return the time zone called `name`, or UTC when it is empty or unknown."""
    if not name:
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def is_zone(name: str) -> bool:
    """Return whether `name` is a time zone this machine knows."""
    return name == "UTC" or name in _zones()


_ZONES: frozenset[str] = frozenset()


def _zones() -> frozenset[str]:
    global _ZONES
    if not _ZONES:
        _ZONES = frozenset(available_timezones())
    return _ZONES


def cloze(text: str, keyphrases: list[str]) -> tuple[str, str, str] | None:
    """Return the takeaway split around its first key phrase (before, phrase, after), or None."""
    lowered = text.lower()
    for phrase in sorted(keyphrases, key=len, reverse=True):
        start = lowered.find(phrase.lower()) if phrase.strip() else -1
        if start >= 0:
            end = start + len(phrase)
            return text[:start], text[start:end], text[end:]
    return None
