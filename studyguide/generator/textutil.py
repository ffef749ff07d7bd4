"""Small text helpers shared by the stages: words, stems, fillers, spacing, kinds of terms."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from studyguide.generator.lexicon import ADVERBS, NOT_ADVERBS, NUMBER_WORDS, PLACES, STOPWORDS

WORD = re.compile(r"[^\W_](?:[\w'’.-]*[^\W_])?")
BLANK = "____"  # the gap of a cloze prompt
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})

FILLERS = re.compile(
    r"\b(?:you know|i mean|kind of|sort of|you see|like|um+|uh+|er+m?|essentially|basically|"
    r"actually|literally|right\?)\b[,]?\s*",
    re.IGNORECASE,
)
_FILLER_COUNT = re.compile(
    r"\b(?:you know|i mean|kind of|sort of|like|um+|uh+|essentially|basically|actually)\b|"
    r"\[…\]|\[\.\.\.\]|…|\.\.\.",
    re.IGNORECASE,
)


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower-case and straighten apostrophes, for matching."""
    return text.translate(_APOSTROPHES).lower()


def words(text: str) -> list[str]:
    """Return the words of `text` as written."""
    return WORD.findall(text)


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A light suffix-stripping stemmer: enough to tie 'researchers' to 'researcher'."""
    w = fold(word)
    if w.endswith(("'s", "s'")):
        w = w[:-2]
    if len(w) <= 3:
        return w
    for suffix, repl, min_len in (
        ("ies", "y", 5), ("sses", "ss", 5), ("ness", "", 7), ("ing", "", 6), ("ed", "", 5),
        ("ly", "", 6), ("es", "", 5), ("s", "", 4),
    ):  # fmt: skip
        if w.endswith(suffix) and len(w) >= min_len and not w.endswith("ss"):
            return w[: len(w) - len(suffix)] + repl
    return w


def content_terms(text: str) -> list[str]:
    """Stems of the non-stop words in `text`, in order."""
    out = []
    for word in WORD.findall(text):
        folded = fold(word)
        if folded in STOPWORDS or len(folded) < 2 or folded.isdigit():
            continue
        out.append(stem(folded))
    return out


def filler_ratio(text: str) -> float:
    """Share of the words that are fillers or elisions ("kind of", "you know", "[…]")."""
    n = max(len(WORD.findall(text)), 1)
    return len(_FILLER_COUNT.findall(text)) / n


def strip_fillers(text: str) -> str:
    """Remove spoken fillers for display (never for quotes or evidence)."""
    out = FILLERS.sub("", text)
    out = re.sub(r"\[…\]|\[\.\.\.\]", "", out)
    out = re.sub(r"\s+([,.;:?!])", r"\1", out)
    out = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", out)
    out = re.sub(r"\s{2,}", " ", out).strip(" ,;")
    return out[:1].upper() + out[1:] if out else out


def slugify(text: str, *, max_len: int = 60) -> str:
    """Return a `[a-z0-9-]+` slug for `text` (never empty)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > max_len:
        slug = slug[:max_len].rsplit("-", 1)[0] or slug[:max_len]
    return slug or "untitled"


def normalize_choice(text: str) -> str:
    """Compare answers and choices as the package checker does: case, punctuation, articles."""
    folded = fold(unicodedata.normalize("NFKC", text))
    folded = re.sub(r"[^\w\s]", " ", folded)
    folded = re.sub(r"^\s*(?:the|a|an)\s+", "", folded)
    return " ".join(folded.split())


def is_adverb(word: str) -> bool:
    w = fold(word)
    if w in ADVERBS:
        return True
    return w.endswith("ly") and len(w) > 4 and w not in NOT_ADVERBS


# --- kinds of terms, so a distractor is "a place for a place, a number for a number" ----------

_YEAR = re.compile(r"^(?:1[6-9]|20)\d\d$")
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?%?$")


def term_kind(surface: str) -> str | None:
    """Return the kind of a term: year, number, place, acronym, name or concept."""
    folded = fold(surface)
    if _YEAR.match(folded):
        return "year"
    if _NUMBER.match(folded) or folded in NUMBER_WORDS:
        return "number"
    if folded in PLACES:
        return "place"
    words = surface.split()
    if all(w[:1].isupper() for w in words):
        if len(words) == 1 and len(surface) >= 2 and sum(ch.isupper() for ch in surface) >= 2:
            return "acronym"
        return "name" if len(surface) >= 2 else None
    if all(fold(w) not in STOPWORDS for w in (words[0], words[-1])):
        return "concept"
    return None


# --- sentences as they read ---------------------------------------------------------------

_SPACED_PUNCT = re.compile(r"\s+([,.;:?!])")


def clean_spacing(text: str) -> str:
    """The text as it should read: no space before punctuation ("question , I")."""
    return " ".join(_SPACED_PUNCT.sub(r"\1", text).split())


_LEADING = r"^(?:(?:so|and|but|okay|ok|now|well|then|also|alright|right|and then)\b[,\s]*)*"
INTERROGATIVE_YOU = re.compile(
    _LEADING + r"(?:do|did|does|would|could|can|will|have|had|are|were|should|what|why|how|"
    r"when|where|which|who|is there|was there|tell me)\b(?:\s+[\w'’]+){0,4}?\s+(?:you|your)\b",
    re.IGNORECASE,
)


def is_question(sentence: str) -> bool:
    """True for a sentence that asks something (a question mark or "do you …" word order)."""
    stripped = sentence.rstrip(" \"'”’)]")
    return stripped.endswith("?") or bool(INTERROGATIVE_YOU.match(sentence))
