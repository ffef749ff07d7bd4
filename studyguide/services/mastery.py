"""Mastery: Khan Academy's ladder on a lesson's quiz scores, moved by how reviews go (pure).

The best graded attempt of a lesson's quiz sets the level:

    not started  no graded attempt
    attempted    best score below 70 %
    familiar     best score 70–89 %
    proficient   best score 90 % or more
    mastered     proficient again on a later UTC calendar day than the first proficient attempt

Then spaced review of the lesson's cards (its questions and chosen takeaways) over the last
30 days, once there are at least `MIN_REVIEWS` of them: recalling 90 % or more raises a
proficient lesson to mastered (remembering it weeks later is what mastery means); recalling
under 60 % lowers any passed level by one step (what is forgotten is not mastered).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Protocol

PASS_SCORE = 0.70
PROFICIENT_SCORE = 0.90
# Scores are correct/total floats: 7/10 must count as 70 % even if it arrives as 0.69999….
_EPSILON = 1e-9
MIN_REVIEWS = 3
REVIEW_RAISE = 0.90
REVIEW_LOWER = 0.60


class Mastery(StrEnum):
    NOT_STARTED = "not_started"
    ATTEMPTED = "attempted"
    FAMILIAR = "familiar"
    PROFICIENT = "proficient"
    MASTERED = "mastered"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


_LADDER = list(Mastery)


@dataclass(frozen=True)
class GradeFact:
    """A graded attempt: its score (0–1) and when it was graded."""

    score: float
    graded_at: datetime
    attempt_id: int = 0

    @property
    def score_percent(self) -> int:
        return percent(self.score)


class ReviewTally(Protocol):
    """How many reviews of a lesson's cards there were and how many were recalled."""

    @property
    def reviews(self) -> int: ...

    @property
    def recalled(self) -> int: ...


def percent(score: float) -> int:
    """Return a 0–1 score as whole percent, rounded down so 89.9 % never shows as 90 %."""
    return math.floor(score * 100 + 1e-6)


def quiz_mastery(grades: Iterable[GradeFact]) -> Mastery:
    """Return the mastery level the graded attempts of one lesson's quiz reach."""
    ordered = sorted(grades, key=lambda g: (g.graded_at, g.attempt_id))
    if not ordered:
        return Mastery.NOT_STARTED
    best = max(g.score for g in ordered)
    if best + _EPSILON < PASS_SCORE:
        return Mastery.ATTEMPTED
    if best + _EPSILON < PROFICIENT_SCORE:
        return Mastery.FAMILIAR
    proficient_days = [
        g.graded_at.astimezone(UTC).date()
        for g in ordered
        if g.score + _EPSILON >= PROFICIENT_SCORE
    ]
    if any(day > proficient_days[0] for day in proficient_days[1:]):
        return Mastery.MASTERED
    return Mastery.PROFICIENT


def with_reviews(level: Mastery, reviews: ReviewTally | None) -> Mastery:
    """Return `level` moved by the lesson's recent reviews, as the module docstring says."""
    if reviews is None or reviews.reviews < MIN_REVIEWS or level is Mastery.NOT_STARTED:
        return level
    share = reviews.recalled / reviews.reviews
    if share + _EPSILON >= REVIEW_RAISE and level is Mastery.PROFICIENT:
        return Mastery.MASTERED
    if share + _EPSILON < REVIEW_LOWER and level in (
        Mastery.FAMILIAR,
        Mastery.PROFICIENT,
        Mastery.MASTERED,
    ):
        return _LADDER[_LADDER.index(level) - 1]
    return level


def mastery_level(grades: Iterable[GradeFact], reviews: ReviewTally | None = None) -> Mastery:
    """Return a lesson's mastery from its quiz grades and, when given, its recent reviews."""
    return with_reviews(quiz_mastery(grades), reviews)
