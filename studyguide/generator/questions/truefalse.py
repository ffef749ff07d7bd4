"""True/false items: the sentence as said, or with its key swapped for a distractor."""

from __future__ import annotations

from studyguide.generator.questions.items import Candidate, Passage, make
from studyguide.generator.questions.terms import Term
from studyguide.generator.textutil import clean_spacing
from studyguide.generator.tuning import TUNING


def true_false_item(passage: Passage, term: Term, wrong: str, score: float) -> Candidate:
    """A statement decided by the evidence: true or false by a hash-like parity, so about half
    the items are true."""
    text, quote = passage.text, passage.quote
    statement_true = (passage.sentence + len(term.surface)) % 2 == 0
    swapped = clean_spacing(text[: term.start] + wrong + text[term.end :])
    statement = passage.shown if statement_true else swapped
    explanation = (
        f"True: the transcript says {quote}"
        if statement_true
        else f"False: the transcript says “{term.surface}”, not “{wrong}”: {quote}"
    )
    return make(
        passage.slug, "true_false",
        f"True or false? In the transcript the speaker says: “{statement}”",
        statement_true, passage.evidence, explanation, score * TUNING.true_false,
        "true/false: the sentence as said" if statement_true else
        f"true/false: {term.kind} swapped for one from elsewhere",
        difficulty="medium", sentence=passage.sentence,
        distractors=() if statement_true else (wrong,),
    )  # fmt: skip
