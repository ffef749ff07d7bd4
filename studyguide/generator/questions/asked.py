"""Items on the interviewer's own "why" and "how" questions: "Asked “Why did you fork it?”,
what does Ann answer?" The key is the answer's first sentence that reads alone; the
distractors are how the same talk answers its *other* why/how questions (other parts of the
talk, sharing no content word with the asked answer), so each is an answer of the same kind
and none is also this answer."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from studyguide.generator.disfluency import clean_spoken
from studyguide.generator.passages import evidence_for
from studyguide.generator.quality import content_stems
from studyguide.generator.questions.context import QuizContext
from studyguide.generator.questions.items import Candidate, make, shuffle
from studyguide.generator.questions.standalone import reads_alone, starts_sentence
from studyguide.generator.textutil import clean_spacing
from studyguide.generator.tuning import TUNING
from studyguide.generator.types import Turn

_WHY_HOW = re.compile(
    r"^(?:why\b|how (?!many|much|long|old|big|far|often|are you|is it going|was it|about)\w+|"
    r"what(?:'s| is| was) the (?:difference|reason|problem|challenge|advantage|benefit|"
    r"trade-?off|point)\b|what makes\b|what happens\b)",
    re.IGNORECASE,
)
_ANSWER_WORDS = (6, 26)


@dataclass(frozen=True)
class Answer:
    """An answer to a why/how question: the question, the sentence answering it (cleaned)."""

    turn: Turn
    asked: str
    sentence: int
    shown: str
    stems: frozenset[str]


def find_answers(ctx: QuizContext) -> list[Answer]:
    """Every why/how question of the talk with a first answer sentence that reads alone."""
    out = []
    for turn in ctx.analysis.turns:
        if turn.role != "answer":
            continue
        asked = ctx.asked_before(turn)
        if not asked or not _WHY_HOW.match(asked):
            continue
        last = min(turn.first_sentence + 2, turn.last_sentence)
        for j in range(turn.first_sentence, last + 1):
            text = ctx.sentences[j].text
            shown = clean_spoken(clean_spacing(text))
            if not starts_sentence(text) or not reads_alone(shown):
                continue
            if not _ANSWER_WORDS[0] <= len(shown.split()) <= _ANSWER_WORDS[1]:
                continue
            out.append(Answer(turn, asked, j, shown, content_stems(text)))
            break
    return out


def asked_items(
    ctx: QuizContext, answers: Sequence[Answer], slug: str, scored: Sequence[tuple[float, int]]
) -> list[Candidate]:
    """Items on the lesson's why/how answers (those whose sentence is in `scored`)."""
    base_of = {i: base for base, i in scored}
    out = []
    for answer in answers:
        base = base_of.get(answer.sentence)
        if base is None:
            continue
        s = ctx.sentences[answer.sentence]
        evidence = evidence_for(ctx.transcript, s.start, s.end)
        wrong = _distractors(answer, answers)
        if evidence is None or len(wrong) < 2:
            continue
        who = ctx.who(s.speaker)
        prompt = f"Asked “{answer.asked}”, what does {who} answer?"
        out.append(
            make(
                slug, "multiple_choice", prompt, answer.shown, evidence,
                f"The answer given: “{clean_spacing(s.text)}”", base * TUNING.reason_item,
                "why/how: the answer to the interviewer's question, distractors the answers "
                "to other why/how questions", choices=shuffle([answer.shown, *wrong], prompt),
                difficulty="medium", sentence=s.index, distractors=tuple(wrong),
            )
        )  # fmt: skip
    return out


def _distractors(answer: Answer, pool: Sequence[Answer]) -> list[str]:
    """Up to three answers to other why/how questions, of about the key's length, sharing at
    most one content word with this question and answer; none if the key echoes the question
    (it would stand out by its words)."""
    asked_stems = content_stems(answer.asked) | answer.stems
    if len(content_stems(answer.asked) & answer.stems) >= 2:
        return []
    key_words = len(answer.shown.split())
    options = []
    for other in pool:
        if other.turn.index == answer.turn.index or len(other.stems & asked_stems) > 1:
            continue
        words = len(other.shown.split())
        if not 0.5 <= words / key_words <= 2.0:
            continue
        options.append((abs(words - key_words), other.sentence, other.shown))
    options.sort()
    return [shown for *_, shown in options[:3]]
