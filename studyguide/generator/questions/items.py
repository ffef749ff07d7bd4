"""What every item builder shares: the candidate record, its stable id and a fair shuffle."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from studyguide.coursepack.models import Evidence, Question
from studyguide.generator.disfluency import clean_spoken
from studyguide.generator.textutil import clean_spacing

OPENERS = re.compile(
    r"^(?:(?:yeah|yes|so|okay|ok|well|and|but|sure|also|now|right|"
    r"essentially|basically|of course)\b[,…]?\s+)+",
    re.IGNORECASE,
)
_ABBR = {"multiple_choice": "mc", "multiple_select": "ms", "true_false": "tf", "cloze": "cz",
         "short_answer": "sa"}  # fmt: skip


@dataclass(frozen=True)
class Passage:
    """The text an item is made from: a sentence (or the stretch of it within one caption cue),
    its verbatim evidence and the lesson it belongs to."""

    slug: str  # the lesson's
    sentence: int
    text: str
    evidence: Evidence

    @property
    def shown(self) -> str:
        """The text as a prompt shows it: cleaned of spoken disfluencies."""
        return clean_spoken(clean_spacing(self.text))

    @property
    def quote(self) -> str:
        """The text as the transcript says it, for explanations."""
        return f"“{clean_spacing(self.text)}”"


@dataclass(frozen=True)
class Candidate:
    """A question with the builder's ranking data: the sentence it uses, its score, the reason
    it was made and the distractors it offers."""

    question: Question
    sentence: int
    score: float
    reason: str
    distractors: tuple[str, ...] = ()


def make(
    lesson_slug: str,
    type_: str,
    prompt: str,
    answer: str | bool | tuple[str, ...],
    evidence: Evidence,
    explanation: str,
    score: float,
    reason: str,
    *,
    difficulty: str,
    sentence: int,
    choices: Sequence[str] = (),
    distractors: tuple[str, ...] = (),
    accepted: tuple[str, ...] = (),
) -> Candidate:
    """A candidate whose id is the lesson's slug, the type and a digest of prompt and answer."""
    digest = hashlib.sha1(
        f"{type_}\x00{prompt}\x00{answer}".encode(), usedforsecurity=False
    ).hexdigest()[:8]
    question = Question(
        id=f"{lesson_slug[:40].rstrip('-')}-{_ABBR[type_]}-{digest}",
        type=type_,
        prompt=prompt,
        answer=answer,
        evidence=evidence,
        explanation=explanation,
        difficulty=difficulty,
        choices=tuple(choices),
        accepted=accepted,
    )
    return Candidate(question, sentence, round(score, 4), reason, distractors)


def shuffle(choices: Sequence[str], salt: str) -> tuple[str, ...]:
    """A deterministic shuffle: order by a hash, so the key's position carries no signal."""
    return tuple(
        sorted(
            choices,
            key=lambda c: hashlib.sha1(
                f"{salt}\x00{c}".encode(), usedforsecurity=False
            ).hexdigest(),
        )
    )


_SLOT = "Qqslotqq"  # stands for the asked term while the text around it is cleaned


def spoken_parts(text: str, start: int, end: int) -> tuple[str, str] | None:
    """The cleaned text before and after text[start:end] (`clean_spoken` on the whole, the
    term kept as it is), or None if the cleaning would cut into the term."""
    cleaned = clean_spoken(clean_spacing(text[:start] + _SLOT + text[end:]))
    if cleaned.count(_SLOT) != 1:
        return None
    before, after = cleaned.split(_SLOT)
    return before, after
