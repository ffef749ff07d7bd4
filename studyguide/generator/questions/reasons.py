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

import re
from collections.abc import Sequence

from studyguide.coursepack.models import Evidence
from studyguide.generator.disfluency import clean_spoken
from studyguide.generator.passages import evidence_for
from studyguide.generator.quality import content_stems, overlaps
from studyguide.generator.questions.context import QuizContext
from studyguide.generator.questions.cues import AS_SAID, Cue, as_option, lower_first
from studyguide.generator.questions.items import Candidate, make, shuffle
from studyguide.generator.questions.standalone import (
    context_problem,
    is_trivia,
    reads_alone,
    starts_sentence,
)
from studyguide.generator.textutil import clean_spacing, fold, is_question
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
# The kinds whose clauses may stand in for one another as options: all are clauses with their
# own subject ("in order to" takes a verb phrase and keeps to its own kind).
_CLAUSES = ("reason", "purpose", "consequence", "contrast", "condition", "problem")
CLAUSE_KINDS = {kind: _CLAUSES for kind in _CLAUSES}
_CUED = re.compile(r"^(?:it['’]s |that['’]s )?(?:because|but|so|since)\b", re.IGNORECASE)
_CONTEXT_WORDS = 30  # the longest sentence shown before a head that points back
_LONGEST_KEY = 1.25  # the key may be at most a quarter longer than the longest distractor
# A word pointing outside a question's own words ("what happens if they did that?")
_POINTER = re.compile(r"\b(?:that|this|they|them|those|these|it)\b", re.IGNORECASE)


def reason_items(
    ctx: QuizContext,
    cues: Sequence[Cue],
    slug: str,
    scored: Sequence[tuple[float, int]],
    *,
    limit: int,
) -> list[Candidate]:
    """Items on the lesson's cue sentences (those in `scored`, the lesson's quizzable ones):
    the best `sentences_per_item` × `limit` of them, so the work stays linear in the talk
    (each one scans the talk's cues for its distractors)."""
    base_of = {i: base for base, i in scored}
    asked = sorted(
        (c for c in cues if c.sentence in base_of), key=lambda c: (-base_of[c.sentence], c.sentence)
    )
    out = []
    for cue in asked[: TUNING.sentences_per_item * limit]:
        item = _item(ctx, cue, cues, slug, base_of[cue.sentence])
        if item is not None:
            out.append(item)
    return out


def _item(
    ctx: QuizContext, cue: Cue, pool: Sequence[Cue], slug: str, base: float
) -> Candidate | None:
    s = ctx.sentences[cue.sentence]
    if cue.kind in AS_SAID:
        head, evidence = lower_first(cue.head), evidence_for(ctx.transcript, s.start, s.end)
        if context_problem(cue.head, whole=False) == "a person not named" or _POINTER.search(
            cue.head
        ):
            return None  # "what happens if you look at why they did that?": asks about nothing
    else:
        if not starts_sentence(s.text):
            return None
        head, evidence = _headed(ctx, cue)
    if evidence is None:
        return None
    if (cue.stems & content_stems(head)) - ctx.topic_stems:
        return None  # "… is streams." / "But the streams implementation …": the key repeats it
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
    """Up to three clauses from other parts of the talk, of about the key's length, shown as
    the key is ("Because …"): of the same kind first, else any clause the talk gives for
    something (a "but" clause is no less a clause). None shares a content word with the asked
    sentence (but for the talk's topic words), nor more than one with its neighbours or the
    key: so none is also a reason the talk gives for it."""
    lo, hi = max(cue.sentence - 2, 0), min(cue.sentence + 3, len(ctx.stems))
    near = frozenset().union(*ctx.stems[lo:hi])
    asked = ctx.stems[cue.sentence] | (ctx.stems[cue.first] if cue.first >= 0 else frozenset())
    asked -= ctx.topic_stems  # ("Node" in a talk on Node says nothing either way)
    segment = ctx.analysis.segment_of[cue.sentence]
    key_words = len(cue.tail.split())
    options = []
    for other in pool:
        if other.kind not in CLAUSE_KINDS.get(cue.kind, (cue.kind,)):
            continue
        if other.kind != cue.kind and _CUED.match(other.clause):
            continue  # "Because it's because …"
        shown = other.tail if other.kind == cue.kind else as_option(cue.kind, other.clause)
        if abs(other.sentence - cue.sentence) <= 2 or fold(shown) == fold(cue.tail):
            continue
        if other.stems & asked or len(other.stems & near) > 1 or len(other.stems & cue.stems) > 1:
            continue
        if overlaps(shown.split(" ", 1)[-1], cue.tail.split(" ", 1)[-1]):
            continue  # a word of the key ("people") would tie the two
        words = len(shown.split())
        if not 0.5 <= words / key_words <= 2.0:
            continue
        same_segment = ctx.analysis.segment_of[other.sentence] == segment
        far = abs(words - key_words) > 0.3 * key_words  # (a key much longer would stand out)
        options.append((far, other.kind != cue.kind, same_segment, abs(words - key_words),
                        other.sentence, shown))  # fmt: skip
    options.sort()
    wrong: list[str] = []
    for *_, shown in options:
        if all(fold(shown) != fold(w) for w in wrong):
            wrong.append(shown)
        if len(wrong) == 3:
            break
    longest_other = max((len(w) for w in wrong), default=0)
    return wrong if len(cue.tail) <= _LONGEST_KEY * longest_other else []  # it would stand out
