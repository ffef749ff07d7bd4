"""Passages of the transcript: verbatim evidence for a span, and how well a sentence reads alone.

Every stage that quotes the transcript (takeaways, quotes, quiz evidence) goes through
`evidence_for`; every stage that picks sentences to show ranks them by `sentence_quality`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from studyguide.coursepack.models import Evidence
from studyguide.generator.textutil import filler_ratio
from studyguide.generator.types import OffsetMap, Transcript


def is_contiguous(text: str, norm: str, offsets: OffsetMap, start: int, end: int) -> bool:
    """True if the normalised span is the original span with only whitespace collapsed."""
    a, b = offsets.span(start, end)
    if b - a > 4 * (end - start) + 16:
        return False
    return " ".join(text[a:b].split()) == " ".join(norm[start:end].split())


def evidence_for(transcript: Transcript, start: int, end: int) -> Evidence | None:
    """Verbatim evidence for a normalised span, or None if markup lies inside it."""
    if end <= start or not is_contiguous(
        transcript.text, transcript.norm, transcript.offsets, start, end
    ):
        return None
    a, b = transcript.original_span(start, end)
    return Evidence(transcript.text[a:b], a, b, transcript.time_at(start))


_PLEASANTRY = re.compile(
    r"\b(?:thank you|thanks|welcome (?:back|to)|good (?:morning|afternoon|evening)|"
    r"see you|goodbye|bye|for joining|for having me)\b",
    re.IGNORECASE,
)
_PRONOUN_START = re.compile(r"^(?:it|this|that|these|those|they|he|she|him|her|them|which)\b", re.I)


@lru_cache(maxsize=1 << 16)  # every stage that shows sentences ranks them: computed once each
def sentence_quality(text: str) -> float:
    """How readable a sentence is on its own, 0..1: length, fillers, elisions, pronoun start."""
    n = len(text.split())
    # (Automatic captions are all lower case: a sentence with no capital at all may start so.)
    starts_well = text[:1].isupper() or text[:1].isdigit() or text[:1] in "“\"'"
    if n < 6 or n > 55 or not (starts_well or not re.search(r"[A-HJ-Z]", text)):
        return 0.0
    score = 1.0 - min(1.0, 3.0 * filler_ratio(text))
    if n < 10:
        score *= 0.6
    if n > 40:
        score *= 0.7
    if _PRONOUN_START.match(text):
        score *= 0.6
    if _PLEASANTRY.search(text):
        return 0.0
    if "…" in text or "[" in text:
        score *= 0.5
    if not re.search(r"[.!?]['’\"”)]*$", text):
        score *= 0.5
    return max(score, 0.0)
