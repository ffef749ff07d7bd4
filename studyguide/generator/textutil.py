"""Small text helpers shared by the stages: words, stems, stop words, fillers, pronouns."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

WORD = re.compile(r"[^\W_](?:[\w'’.-]*[^\W_])?")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})

STOPWORDS = frozenset(
    """
a about above after again against all almost along already also although always am among an and
another any anybody anyone anything anyway anywhere are aren't around as at away back be became
because become becomes been before being below best better between beyond both but by can can't
cannot could couldn't did didn't do does doesn't doing don't done down during each either else
enough especially etc even ever every everybody everyone everything exactly far few first for
from further get gets getting give given gives go goes going gone good got gotten great had
hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself him himself
his how how's however i i'd i'll i'm i've if in indeed instead into is isn't it it'd it'll it's
its itself just keep kind kinds last least less let let's like likely little lot lots made make
makes making many may maybe me mean means meant might mine more most mostly much must my myself
need needs neither never new next no nobody none nor not nothing now of off often oh ok okay on
once one ones only onto or other others otherwise ought our ours ourselves out over own part
perhaps pretty probably put quite rather re really right said same saw say saying says see seem
seemed seems seen several shall she she'd she'll she's should shouldn't since so some somebody
somehow someone something sometimes somewhat soon sort sorts still stuff such sure take taken
than thank thanks that that's the their theirs them themselves then there there's these they
they'd they'll they're they've thing things think thinking thought this those though through
thus to today together too took toward towards truly try trying two um uh under until up upon us
use used using usually various very via want wanted wants was wasn't way ways we we'd we'll we're
we've well went were weren't what what's whatever when where whether which while who whoever
whole whom whose why will with within without won't would wouldn't yeah yes yet you you'd
you'll you're you've your yours yourself yourselves actually basically essentially literally
definitely certainly totally simply generally obviously honestly gonna wanna kinda sorta hmm mm
huh ah er erm anyways bit able around came come comes coming
""".split()
)

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
