"""Select-all-that-apply items: the good terms of one short passage among absent ones."""

from __future__ import annotations

import re
from collections.abc import Sequence

from studyguide.generator.passages import evidence_for
from studyguide.generator.quality import content_stems, overlaps
from studyguide.generator.questions.context import QuizContext
from studyguide.generator.questions.items import Candidate, make, shuffle
from studyguide.generator.questions.standalone import reads_alone
from studyguide.generator.questions.terms import Term, family
from studyguide.generator.textutil import clean_spacing, fold
from studyguide.generator.tuning import TUNING
from studyguide.generator.types import Turn

_POINTER = re.compile(r"\b(?:that|this|it|them|they|those|these|there|he|she|him|her)\b", re.I)


def multiple_select_items(
    ctx: QuizContext, slug: str, title: str, scored: Sequence[tuple[float, int]]
) -> list[Candidate]:
    """ "Asked “…?”, which of these does the speaker mention?": the keys are names (of tools,
    products, places) said in one short passage (one to three sentences of one answer), the
    distractors names from elsewhere that the whole lesson never says. Only names, and only
    under the interviewer's own question: a phrase ("key problems", "generic solution") or a
    stem naming a title left options neither clearly right nor clearly wrong (issue 12's
    review: 1 of 9 kept)."""
    out: list[Candidate] = []
    best = dict((i, base) for base, i in scored)
    lesson_text = fold(" ".join(ctx.sentences[i].text for i in sorted(best)))
    tried = 0
    for _, i in sorted(scored, key=lambda x: (-x[0], x[1]))[:12]:
        turn = ctx.analysis.turn_of.get(i)
        if turn is None or tried >= 6:
            break
        first, last = i, min(i + 2, turn.last_sentence)
        while first > turn.first_sentence and i - first < 1:
            first -= 1
        if ctx.asked_before(turn) is None:
            continue
        for kind in ("proper",):
            keys = _keys(ctx, kind, first, last)
            if len(keys) < 2:
                continue
            tried += 1
            # (a key may lie in a neighbour of sentence i that was not scored)
            base = max([best[i], *(best.get(k.sentence, 0.0) for k in keys[:3])])
            item = _item(ctx, slug, lesson_text, turn, i, kind, keys[:3], base)
            if item is not None:
                out.append(item)
                break
    return out


def _keys(ctx: QuizContext, kind: str, first: int, last: int) -> list[Term]:
    keys: list[Term] = []
    for j in range(first, last + 1):
        for term in ctx.terms[j]:
            if family(term) != kind or len(term.surface) < 3:
                continue
            if kind == "concept" and " " not in term.surface:
                continue
            if any(fold(term.surface) in fold(name) for name in ctx.analysis.names):
                continue  # a speaker or the show: asked, it is trivia
            if any(overlaps(term.surface, k.surface) for k in keys):
                continue
            keys.append(term)
    return keys


def _item(
    ctx: QuizContext,
    slug: str,
    lesson_text: str,
    turn: Turn,
    i: int,
    kind: str,
    keys: Sequence[Term],
    base: float,
) -> Candidate | None:
    sentences = ctx.sentences
    a = min(sentences[k.sentence].start for k in keys)
    b = max(sentences[k.sentence].end for k in keys)
    evidence = evidence_for(ctx.transcript, a, b)
    if evidence is None or len(evidence.quote) > 700:
        return None
    wrong = [w for w in _absent(ctx, turn, keys) if fold(w) not in lesson_text]
    if len(wrong) < 2 or len(keys) + len(wrong) < 4:
        return None
    who = ctx.who(sentences[i].speaker)
    asked = ctx.asked_before(turn)
    if not asked or not reads_alone(asked) or _POINTER.search(asked):
        return None  # "Where can that fit in?": the stem must say what it asks about
    prompt = f"Asked “{asked}”, which of these does {who} mention? Select all that apply."
    answer = tuple(k.surface for k in keys)
    return make(
        slug, "multiple_select", prompt, answer, evidence,
        f"The transcript mentions {', '.join(answer)} here; "
        f"not {', '.join(wrong)}: “{clean_spacing(evidence.quote)}”",
        base * TUNING.multiple_select, f"multiple select: {kind} terms of one passage, "
        "distractors of the same kind absent from the answer",
        choices=shuffle([*answer, *wrong], prompt), difficulty="medium", sentence=i,
        distractors=tuple(wrong),
    )  # fmt: skip


def _absent(ctx: QuizContext, turn: Turn, keys: Sequence[Term]) -> list[str]:
    """One distractor per key: a same-kind term the whole answer turn does not contain."""
    turn_text = fold(ctx.transcript.norm[turn.start : turn.end])
    turn_stems = content_stems(turn_text)
    wrong: list[str] = []
    for key in keys:
        for cand in ctx.distractors.pick(
            key, turn_text, k=4, window=frozenset(), same_length=False
        ):
            stems = content_stems(cand)
            if fold(cand) in turn_text or len(stems & turn_stems) * 2 >= len(stems):
                continue
            if any(overlaps(cand, x) for x in [*wrong, *(k.surface for k in keys)]):
                continue
            wrong.append(cand)
            break
    return wrong
