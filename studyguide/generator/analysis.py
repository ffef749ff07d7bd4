"""The analysis record: what the first stages found, computed once and read by every later one."""

from __future__ import annotations

from dataclasses import dataclass

from studyguide.generator.keyphrases import PhraseIndex
from studyguide.generator.types import Role, Segment, Sentence, Transcript, Turn
from studyguide.generator.vectors import Cohesion, Vector


@dataclass(frozen=True)
class Analysis:
    """The transcript taken apart: sentences, turns, (untitled) segments and their vectors.

    Built by ``pipeline.analyse``; lessons, titles and questions read it and never recompute
    a sentence map or a vector.
    """

    transcript: Transcript
    sentences: tuple[Sentence, ...]
    turns: tuple[Turn, ...]
    segments: tuple[Segment, ...]
    cohesion: Cohesion
    vectors: tuple[Vector, ...]  # the TF-IDF vector of each sentence
    index: PhraseIndex
    segment_of: tuple[int, ...]  # sentence -> segment
    turn_of: dict[int, Turn]  # sentence -> its turn
    speaker_roles: dict[str, str]  # "Q" -> "Interviewer": generic labels as named in prompts
    names: tuple[str, ...]  # the speakers, then the show's title: never an answer
    title_names: tuple[str, ...]  # `names` and the host and guests given: never in a title

    def role(self, sentence: int) -> Role | None:
        """Whether sentence `sentence` asks (interviewer) or answers."""
        turn = self.turn_of.get(sentence)
        return turn.role if turn else None

    def segment_sentences(self, segment: Segment) -> range:
        """The sentence indices of `segment`."""
        return range(segment.first_sentence, segment.last_sentence + 1)
