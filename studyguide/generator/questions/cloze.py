"""Cloze items: a central sentence with one term blanked — only a content term the sentence
defines or describes ("ASICs, which is …", "what is called ____"), never a name or a number: a
blank on those, or on a phrase in passing, is filled as well by many words (one defensible
answer, issue 12's review: 4 of 14 cloze items kept)."""

from __future__ import annotations

import re

from studyguide.generator.questions.items import Candidate, Passage, make, spoken_parts
from studyguide.generator.questions.terms import Term
from studyguide.generator.textutil import BLANK

_ARTEFACT = re.compile(r"\s+[,.;:?!]+\s*")
# The term is the subject of a definition ("Transfer learning is …", "ASICs, which are …") …
_DEFINED_AFTER = re.compile(
    r"^\s*(?:\([^)]{1,40}\)\s*)?(?:,\s*(?:which|that)\s+)?(?:(?:is|are)\b(?!\s+\w+ing\b)|means|"
    r"refers to|stands for|describes|lets you|allows|enables)\b",
    re.IGNORECASE,
)
# … or what a definition names ("what is called ____", "known as ____").
_DEFINED_BEFORE = re.compile(r"\b(?:called|known as|named|termed|defined as)\s+$", re.IGNORECASE)


def cloze_item(passage: Passage, term: Term, score: float) -> Candidate | None:
    """The cloze item blanking `term`, if the sentence defines it and a clean prompt can be
    made."""
    if not defines(passage.text, term):
        return None
    prompt = cloze_prompt(passage.text, term)
    if not prompt:
        return None
    return make(
        passage.slug, "cloze", prompt, term.surface, passage.evidence,
        f"The transcript says: {passage.quote}", score,
        f"cloze: blanked a {term.kind} in a central sentence",
        difficulty="hard" if term.kind == "concept" else "medium", sentence=passage.sentence,
    )  # fmt: skip


def cloze_prompt(text: str, term: Term) -> str | None:
    """The cloze prompt for `term`: the sentence with a blank, cleaned of spoken disfluencies
    (`questiontypes.spoken.words_in_order` matches it to the verbatim evidence). Where the
    transcript has a spacing slip ("question , I") the prompt is the clause around the blank
    that reads cleanly, or nothing."""
    a, b = 0, len(text)
    for match in _ARTEFACT.finditer(text):
        if match.end() <= term.start:
            a = match.end()
        elif match.start() >= term.end:
            b = min(b, match.start())
    parts = spoken_parts(text[a:b], term.start - a, term.end - a)
    if parts is None:
        return None
    clause = (parts[0] + BLANK + parts[1]).strip()
    if (a, b) != (0, len(text)) and len(clause.split()) < 6:
        return None
    return clause[:1].upper() + clause[1:]


def defines(text: str, term: Term) -> bool:
    """True if `text` defines or describes the concept `term` (a multi-word concept, or a
    word rare in the talk): it is the subject of "is"/"means"/"refers to", or what is
    "called"/"known as" so."""
    if term.kind != "concept":
        return False
    return bool(
        _DEFINED_AFTER.match(text[term.end :]) or _DEFINED_BEFORE.search(text[: term.start])
    )
