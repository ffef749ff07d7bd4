"""The flags item analysis raises on a question, from its figures (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

TOO_EASY = 0.9
TOO_HARD = 0.3
LOW_DISCRIMINATION = 0.2


class Flag(StrEnum):
    TOO_EASY = "too_easy"
    TOO_HARD = "too_hard"
    NOT_DISCRIMINATING = "not_discriminating"
    DISTRACTOR_NEVER_CHOSEN = "distractor_never_chosen"
    DISTRACTOR_BEATS_KEY = "distractor_beats_key"

    @property
    def label(self) -> str:
        return _FLAG_LABELS[self]


_FLAG_LABELS = {
    Flag.TOO_EASY: f"Too easy: more than {TOO_EASY:.0%} answer correctly",
    Flag.TOO_HARD: f"Too hard: fewer than {TOO_HARD:.0%} answer correctly",
    Flag.NOT_DISCRIMINATING: (
        f"Not discriminating: discrimination below {LOW_DISCRIMINATION} (strong students "
        "do not do better on it than weak ones)"
    ),
    Flag.DISTRACTOR_NEVER_CHOSEN: "A wrong choice nobody picks",
    Flag.DISTRACTOR_BEATS_KEY: "A wrong choice picked more often than the right answer",
}


def level_flags(facility: float, discrimination: float | None) -> tuple[Flag, ...]:
    """Return the flags a question's facility and discrimination raise."""
    flags = []
    if facility > TOO_EASY:
        flags.append(Flag.TOO_EASY)
    if facility < TOO_HARD:
        flags.append(Flag.TOO_HARD)
    if discrimination is not None and discrimination < LOW_DISCRIMINATION:
        flags.append(Flag.NOT_DISCRIMINATING)
    return tuple(flags)


def distractor_flags(choices: Sequence[tuple[int, bool]]) -> tuple[Flag, ...]:
    """Return the flags of a choice question's (times picked, is a right answer) choices."""
    distractors = [count for count, is_key in choices if not is_key]
    keys = [count for count, is_key in choices if is_key]
    flags = []
    if any(count == 0 for count in distractors):
        flags.append(Flag.DISTRACTOR_NEVER_CHOSEN)
    if keys and any(count > min(keys) for count in distractors):
        flags.append(Flag.DISTRACTOR_BEATS_KEY)
    return tuple(flags)
