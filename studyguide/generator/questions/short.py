"""Short-answer items: an interviewer's "where / when / how many / who" question and the one
term of the asked kind its answer opens with."""

from __future__ import annotations

import re
from collections.abc import Sequence

from studyguide.generator.passages import evidence_for
from studyguide.generator.questions.context import QuizContext
from studyguide.generator.questions.items import Candidate, make
from studyguide.generator.textutil import clean_spacing, normalize_choice
from studyguide.generator.tuning import TUNING

_WH_KINDS = (
    (re.compile(r"^(?:when|in what year|in which year|what year|which year)\b", re.I), {"year"}),
    (re.compile(r"^how (?:many|much|long|old|big|far)\b", re.I), {"number", "year"}),
    (re.compile(r"^where\b", re.I), {"place", "name", "acronym"}),
    (re.compile(r"^(?:who|which|what) (?:\w+ )?(?:company|companies|university|universities|"
                r"city|country|school|firm|lab|team|person|people|institution)\b", re.I),
     {"place", "name", "acronym"}),
    (re.compile(r"^who\b", re.I), {"name"}),
)  # fmt: skip


def short_answer_items(ctx: QuizContext, slug: str, sentence_ids: Sequence[int]) -> list[Candidate]:
    """An answer turn in the lesson whose question asks for a kind of term it opens with: the
    question, the term its answer."""
    out: list[Candidate] = []
    ids = set(sentence_ids)
    for turn in ctx.analysis.turns:
        if turn.role != "answer" or turn.first_sentence not in ids:
            continue
        asked = ctx.asked_before(turn)
        if not asked:
            continue
        kinds = _asked_kind(asked)
        if not kinds:
            continue
        opening = range(turn.first_sentence, min(turn.first_sentence + 2, turn.last_sentence + 1))
        found = [t for j in opening for t in ctx.terms[j] if t.kind in kinds]
        distinct = {normalize_choice(t.surface) for t in found}
        if len(distinct) != 1:
            continue  # none, or several candidates: the answer would be ambiguous
        term = found[0]
        s = ctx.sentences[term.sentence]
        evidence = evidence_for(ctx.transcript, s.start, s.end)
        if evidence is None:
            continue
        who = ctx.who(s.speaker)
        prompt = f"The interviewer asks: “{asked}” What does {who} answer? (a word or two)"
        out.append(
            make(
                slug, "short_answer", prompt, term.surface, evidence,
                f"The answer is “{term.surface}”: “{clean_spacing(s.text)}”", TUNING.short_answer,
                f"short answer: the {term.kind} that answers an interviewer's question",
                difficulty="medium", sentence=s.index,
            )
        )  # fmt: skip
    return out


def _asked_kind(question: str) -> set[str]:
    for pattern, kinds in _WH_KINDS:
        if pattern.search(question):
            return kinds
    return set()
