"""Cloze items: a central sentence with one term blanked."""

from __future__ import annotations

import re

from studyguide.generator.questions.items import Candidate, Passage, make, spoken_parts
from studyguide.generator.questions.terms import Term
from studyguide.generator.textutil import BLANK

_ARTEFACT = re.compile(r"\s+[,.;:?!]+\s*")


def cloze_item(passage: Passage, term: Term, score: float) -> Candidate | None:
    """The cloze item blanking `term`, if a clean prompt can be made."""
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
