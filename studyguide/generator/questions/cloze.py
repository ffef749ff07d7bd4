"""Cloze items: a central sentence with one term blanked."""

from __future__ import annotations

import re

from studyguide.generator.questions.items import Candidate, Passage, make
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
    """The cloze prompt for `term`: the sentence with a blank. A cloze answer is checked against
    the evidence verbatim (whitespace aside), so where the transcript has a spacing slip the
    prompt is the clause around the blank that reads cleanly, or nothing."""
    if not _ARTEFACT.search(text):
        return text[: term.start] + BLANK + text[term.end :]
    a, b = 0, len(text)
    for match in _ARTEFACT.finditer(text):
        if match.end() <= term.start:
            a = match.end()
        elif match.start() >= term.end:
            b = min(b, match.start())
    clause = text[a : term.start] + BLANK + text[term.end : b]
    if len(clause.split()) < 6:
        return None
    clause = clause.strip()
    return clause[:1].upper() + clause[1:]
