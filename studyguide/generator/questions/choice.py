"""Multiple-choice items: fill the blank among same-kind distractors, and "who said this?"."""

from __future__ import annotations

from collections.abc import Sequence

from studyguide.generator.questions.items import Candidate, Passage, make, shuffle
from studyguide.generator.questions.terms import Term
from studyguide.generator.tuning import TUNING


def choice_item(
    passage: Passage, term: Term, prompt: str, wrong: Sequence[str], score: float
) -> Candidate:
    """ "Choose the words that fill the blank": the key `term` among the distractors `wrong`."""
    choices = shuffle([term.surface, *wrong], prompt)
    return make(
        passage.slug, "multiple_choice", f"Choose the words that fill the blank: {prompt}",
        term.surface, passage.evidence, f"The transcript says: {passage.quote}",
        score * (1.0 + TUNING.distractor_bonus * len(wrong)),
        f"multiple choice: {term.kind} with same-kind distractors from other "
        "segments", choices=choices, difficulty="easy" if len(wrong) < 3 else
        "medium", sentence=passage.sentence, distractors=tuple(wrong),
    )  # fmt: skip


def who_said_item(passage: Passage, speakers: Sequence[str], said: str, base: float) -> Candidate:
    """ "Who said this?": a distinctive sentence, the speakers as choices."""
    shown = passage.shown
    return make(
        passage.slug, "multiple_choice", f"Who said this? “{shown}”", said, passage.evidence,
        f"{said} said it: “{shown}”", base * TUNING.who_said,
        "who said it: a distinctive sentence from a multi-speaker transcript",
        choices=shuffle(speakers, passage.text), difficulty="easy", sentence=passage.sentence,
    )  # fmt: skip
