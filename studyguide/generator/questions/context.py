"""What the item builders read about one transcript: its terms, distractors and speakers."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from studyguide.generator.analysis import Analysis
from studyguide.generator.quality import content_stems
from studyguide.generator.questions.distractors import Distractors
from studyguide.generator.questions.items import OPENERS
from studyguide.generator.questions.terms import find_terms, proper_words
from studyguide.generator.textutil import WORD, clean_spacing, fold, is_question, term_kind
from studyguide.generator.tuning import TUNING
from studyguide.generator.types import Sentence, Turn

_PRONOUN_SUBJECT = re.compile(
    r"^(?:\w+ )?(?:they|it|this|that|these|those|he|she|him|them)\b", re.IGNORECASE
)
_ASIDE = re.compile(r"^[^:?]{0,40}:\s*(?=\w)")  # "Ok and last question: do you …"


class QuizContext:
    """One transcript's analysis plus the terms of every sentence and who may be asked about."""

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.transcript = analysis.transcript
        self.sentences = analysis.sentences
        self.terms = find_terms(
            self.sentences,
            _concepts(analysis),
            proper_words(self.sentences),
            analysis.index.per_sentence,
        )
        self.stems = [content_stems(s.text) for s in self.sentences]
        self.topic_stems = _topic_stems(self.stems)
        self.distractors = Distractors(analysis, self.terms, self.stems)
        self.speakers = _quiz_speakers(self.sentences)
        # the spoken text, folded, one space between words: to look a phrase up
        self.folded_text = " " + " ".join(WORD.findall(fold(self.transcript.norm))) + " "

    def who(self, speaker: str | None) -> str:
        """A speaker as named in running text: "Ann", "the interviewer", "the speaker"."""
        if not speaker:
            return "the speaker"
        role = self.analysis.speaker_roles.get(speaker)
        return f"the {role.lower()}" if role else speaker

    def asked_before(self, turn: Turn) -> str | None:
        """The interviewer's question just before an answer turn, if it is short."""
        if turn.index == 0:
            return None
        prev = self.analysis.turns[turn.index - 1]
        if prev.role != "question":
            return None
        asked = [
            self.sentences[j].text
            for j in range(prev.first_sentence, prev.last_sentence + 1)
            if is_question(self.sentences[j].text)
        ]
        if not asked:
            return None
        text = clean_spacing(OPENERS.sub("", _ASIDE.sub("", asked[-1]))).strip("\"“”' ")
        if not 4 <= len(text.split()) <= 16 or _PRONOUN_SUBJECT.match(text):
            return None  # too long, or "Are they …?" without what "they" are
        return text[:1].upper() + text[1:]


def _topic_stems(stems: Sequence[frozenset[str]]) -> frozenset[str]:
    """The talk's topic words: content stems in `topic_share` of its sentences ("node" in a
    talk on Node.js). An option sharing one with the question gives nothing away."""
    counts: dict[str, int] = defaultdict(int)
    for sentence_stems in stems:
        for stem in sentence_stems:
            counts[stem] += 1
    least = max(5, TUNING.topic_share * len(stems))
    return frozenset(stem for stem, n in counts.items() if n >= least)


def _concepts(analysis: Analysis) -> set[str]:
    """The key concepts that may be answers: multi-word phrases, or words rare across segments,
    among each segment's best phrases."""
    index = analysis.index
    concepts: set[str] = set()
    for seg in analysis.segments:
        for phrase in index.top(analysis.segment_sentences(seg), TUNING.concept_phrases):
            key = fold(phrase)
            if len(phrase) < 4 or term_kind(phrase) != "concept":
                continue
            if " " in key or index.segment_df.get(key, 99) <= 2:
                concepts.add(key)
    return concepts


def _quiz_speakers(sentences: Sequence[Sentence]) -> list[str]:
    """The speakers of "who said it" items: every speaker who says more than a few words when
    there are three or more (the most talkative `max_speakers` of them), or two who share
    the talk."""
    share: dict[str, int] = defaultdict(int)
    for s in sentences:
        if s.speaker:
            share[s.speaker] += len(s.text.split())
    total = sum(share.values()) or 1
    present = [name for name, n in share.items() if n / total >= TUNING.speaker_presence]
    if len(present) >= 3:
        ranked = sorted(present, key=lambda name: (-share[name], name))
        return sorted(ranked[: TUNING.max_speakers])
    named = sorted(name for name, n in share.items() if n / total >= TUNING.speaker_share)
    balanced = len(named) == 2 and min(share[n] for n in named) >= TUNING.speaker_balance * total
    return named if balanced else []
