"""Items that test understanding from the talk's own cues (`cues`): "“We refactored the
streams.” What reason does Ann give for this?" The key is the clause the speaker gave; the
distractors are clauses the same talk gives for *other* things, of the same kind (a reason for
a reason, a purpose for a purpose), so no option stands out by form, and none the transcript
ties to the asked sentence: they come from other parts of the talk and share at most one
content word with the asked sentence and its neighbours.

A head that points back ("It's going to take a while, because …") is shown after the sentence
before it, when that one reads alone: the quote then carries its own context.
"""

from __future__ import annotations

from collections.abc import Sequence

from studyguide.coursepack.models import Evidence
from studyguide.generator.disfluency import clean_spoken
from studyguide.generator.passages import evidence_for
from studyguide.generator.questions.context import QuizContext
from studyguide.generator.questions.cues import AS_SAID, Cue, lower_first
from studyguide.generator.questions.items import Candidate, make, shuffle
from studyguide.generator.questions.standalone import (
    context_problem,
    is_trivia,
    reads_alone,
    starts_sentence,
)
from studyguide.generator.textutil import clean_spacing, is_question
from studyguide.generator.tuning import TUNING

_ASK = {
    "problem": "According to {who}, what is the problem {head}?",
    "condition": "According to {who}, what happens if {head}?",
    "consequence": "“{head}.” What follows from this, according to {who}?",
    "purpose": "“{head}.” What is this for, according to {who}?",
    "purpose_to": "“{head}.” What is this for, according to {who}?",
    "contrast": "“{head}.” What does {who} say in contrast?",
    "reason": "“{head}.” What reason does {who} give for this?",
}
_CONTEXT_WORDS = 30  # the longest sentence shown before a head that points back


def reason_items(
    ctx: QuizContext, cues: Sequence[Cue], slug: str, scored: Sequence[tuple[float, int]]
) -> list[Candidate]:
    """Items on the lesson's cue sentences (those in `scored`, the lesson's quizzable ones)."""
    base_of = {i: base for base, i in scored}
    out = []
    for cue in cues:
        base = base_of.get(cue.sentence)
        if base is None:
            continue
        item = _item(ctx, cue, [c for c in cues if c.kind == cue.kind], slug, base)
        if item is not None:
            out.append(item)
    return out


def _item(
    ctx: QuizContext, cue: Cue, pool: Sequence[Cue], slug: str, base: float
) -> Candidate | None:
    s = ctx.sentences[cue.sentence]
    if cue.kind in AS_SAID:
        head, evidence = lower_first(cue.head), evidence_for(ctx.transcript, s.start, s.end)
        if context_problem(cue.head, whole=False) == "a person not named":
            return None
    else:
        if not starts_sentence(s.text):
            return None
        head, evidence = _headed(ctx, cue)
    if evidence is None:
        return None
    wrong = _distractors(ctx, cue, pool)
    if len(wrong) < 2:
        return None
    who = ctx.who(s.speaker)
    prompt = _ASK[cue.kind].format(who=who, head=head)
    return make(
        slug, "multiple_choice", prompt, cue.tail, evidence,
        f"{who[:1].upper() + who[1:]} says: “{clean_spacing(s.text)}”",
        base * TUNING.reason_item, f"why: the {cue.kind} the talk gives, distractors the "
        f"{cue.kind}s it gives for other things", choices=shuffle([cue.tail, *wrong], prompt),
        difficulty="medium", sentence=s.index, distractors=tuple(wrong),
    )  # fmt: skip


def _headed(ctx: QuizContext, cue: Cue) -> tuple[str, Evidence | None]:
    """The head as the prompt quotes it and the evidence: the sentence alone if its head reads
    alone, else after the sentence before it (same turn, reading alone itself)."""
    s = ctx.sentences[cue.sentence]
    if cue.first >= 0:  # the head is the sentence before, which reads alone
        return cue.head, evidence_for(ctx.transcript, ctx.sentences[cue.first].start, s.end)
    if reads_alone(cue.head, whole=False):
        return cue.head, evidence_for(ctx.transcript, s.start, s.end)
    problem = context_problem(cue.head, whole=False)
    if problem not in ("opens with a word pointing back", "a group not named"):
        return cue.head, None
    turn = ctx.analysis.turn_of.get(s.index)
    if s.index == 0 or turn is None or turn.first_sentence >= s.index:
        return cue.head, None
    prev = ctx.sentences[s.index - 1]
    shown = clean_spoken(clean_spacing(prev.text))
    if (
        is_question(prev.text)
        or is_trivia(prev.text)
        or not starts_sentence(prev.text)
        or not reads_alone(shown)
        or len(shown.split()) > _CONTEXT_WORDS
    ):
        return cue.head, None
    return f"{shown} {cue.head}", evidence_for(ctx.transcript, prev.start, s.end)


def _distractors(ctx: QuizContext, cue: Cue, pool: Sequence[Cue]) -> list[str]:
    """Up to three clauses of the same kind from other parts of the talk, of about the key's
    length, sharing at most one content word with the asked sentence and its neighbours (so
    none is also a reason the talk gives for it) and with the key."""
    lo, hi = max(cue.sentence - 2, 0), min(cue.sentence + 3, len(ctx.stems))
    near = frozenset().union(*ctx.stems[lo:hi])
    segment = ctx.analysis.segment_of[cue.sentence]
    key_words = len(cue.tail.split())
    options = []
    for other in pool:
        if abs(other.sentence - cue.sentence) <= 2 or other.tail == cue.tail:
            continue
        if len(other.stems & near) > 1 or len(other.stems & cue.stems) > 1:
            continue
        words = len(other.tail.split())
        if not 0.5 <= words / key_words <= 2.0:
            continue
        same_segment = ctx.analysis.segment_of[other.sentence] == segment
        options.append((same_segment, abs(words - key_words), other.sentence, other.tail))
    options.sort()
    wrong = [tail for *_, tail in options[:3]]
    longest_other = max((len(w) for w in wrong), default=0)
    return wrong if len(cue.tail) <= 1.4 * longest_other else []  # the key would stand out
