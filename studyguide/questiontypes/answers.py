"""Normalise and match free-text answers (cloze and short answer), shared by checks and grading."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

ARTICLES = frozenset({"a", "an", "the"})
# Normalised answers shorter than this get no typo tolerance: one edit turns "cat" into "bat".
MIN_TYPO_LENGTH = 4
# Normalised answers up to this many characters tolerate one edit, longer ones two.
SHORT_ANSWER_LENGTH = 6

_QUOTES = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    }
)  # fmt: skip
# A decimal point between digits carries meaning ("3.5" is not "35"); keep it.
_DECIMAL_POINT = re.compile(r"(?<=\d)\.(?=\d)")
_DIGIT_RUNS = re.compile(r"\d+")
_KEEP = "\x00"  # stands in for a kept decimal point while punctuation is stripped


@dataclass(frozen=True)
class TextMatch:
    """How a response matched: `matched` is the answer or accepted form it matched, if any."""

    correct: bool
    exact: bool
    matched: str | None
    typo: bool


_WRONG = TextMatch(correct=False, exact=False, matched=None, typo=False)


def normalize_answer(text: str) -> str:
    """Return `text` casefolded, without punctuation, extra whitespace or leading articles."""
    text = _fold(text).translate(_QUOTES)
    text = _DECIMAL_POINT.sub(_KEEP, text.replace(_KEEP, ""))
    text = "".join(_strip_char(char) for char in text).replace(_KEEP, ".")
    # Fold again: a combining mark freed from the punctuation before it joins the letter.
    words = _fold(text).split()
    # Keep a lone article: the answer may really be "A" (a grade, a vitamin).
    while len(words) > 1 and words[0] in ARTICLES:
        words.pop(0)
    return " ".join(words)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())


def _strip_char(char: str) -> str:
    if char == _KEEP:
        return char
    category = unicodedata.category(char)
    if char == "/" or category == "Pd":
        return " "  # "well-known" and "and/or" are two words, not one
    if category[0] == "P" or (category in ("Cc", "Cf") and not char.isspace()):
        return ""
    return char


def match_text_answer(response: str, answer: str, accepted: Sequence[str] = ()) -> TextMatch:
    """Match a student's response against the answer and accepted forms, tolerating a typo."""
    given = normalize_answer(response)
    if not given:
        return _WRONG
    forms = [(form, normalize_answer(form)) for form in (answer, *accepted)]
    forms = [(form, norm) for form, norm in forms if norm]
    for form, norm in forms:
        if norm == given:
            return TextMatch(correct=True, exact=True, matched=form, typo=False)
    best: tuple[int, str] | None = None
    for form, norm in forms:
        limit = typo_allowance(norm)
        # Numbers must match exactly: 1998 is one edit from 1999 but simply wrong.
        if limit == 0 or _DIGIT_RUNS.findall(norm) != _DIGIT_RUNS.findall(given):
            continue
        distance = Levenshtein.distance(norm, given, score_cutoff=limit)
        if distance <= limit and (best is None or distance < best[0]):
            best = (distance, form)
    if best is None:
        return _WRONG
    return TextMatch(correct=True, exact=False, matched=best[1], typo=True)


def typo_allowance(normalized: str) -> int:
    """Return how many edits a response may differ from a normalised answer by."""
    if len(normalized) < MIN_TYPO_LENGTH:
        return 0
    return 1 if len(normalized) <= SHORT_ANSWER_LENGTH else 2
