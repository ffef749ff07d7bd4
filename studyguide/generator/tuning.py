"""The numbers that decide what the generator keeps, each named once (`TUNING`).

They were set by reading the drafts of the test transcripts and the interview; changing one
changes the golden output (tests/generator/golden), so review that diff when you do.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def _kind_weights() -> dict[str, float]:
    return {"number": 1.0, "year": 1.0, "place": 0.95, "name": 0.9, "acronym": 0.85,
            "concept": 0.75}  # fmt: skip


@dataclass(frozen=True)
class Tuning:
    """Weights, thresholds and counts of the stages, in pipeline order."""

    # sentences: longer "sentences" (unpunctuated captions) are cut into pieces; captions with
    # no punctuation at all into pseudo-sentences of about pseudo_words words
    max_sentence_words: int = 60
    pseudo_words: int = 20
    # turns: an interviewer asks in ask_rate of their turns, each at most interviewer_length
    # of the longest speaker's mean turn
    ask_rate: float = 0.3
    interviewer_length: float = 0.7
    # segments: the shortest segment is min(options.min_segment_words, this, words / share)
    min_segment_floor: int = 40
    min_segment_share: int = 8
    paragraph_words: int = 40  # lines this long on average are paragraphs, not caption lines
    window_words: int = 120  # the words either side of a gap that TextTiling compares
    # a candidate start is a boundary when its standardised depth plus its bonuses reach
    # boundary_cutoff; a host's question, another turn of the host, a "let's move on" cue
    boundary_cutoff: float = 2.5
    question_bonus: float = 3.0
    host_bonus: float = 0.5
    cue_bonus: float = 1.0
    reaction_words: int = 4  # the most words of a reaction ("What do you mean?"), no new topic
    max_segment_share: float = 0.4  # a segment larger than this share of the talk is split
    # at least one segment per this many words: 1.5 × the 480 words (of the cohesion count) per
    # gold topic measured over the dev and test halves and the interview
    sparsest_topic_words: int = 720
    # titles: a segment's title question may come this early in it (sentences, share)
    intro_sentences: int = 3
    intro_share: float = 0.4
    title_phrases: int = 6  # keyphrases a segment title is made from
    title_candidates: int = 4  # … of which the first this many may be preferred as concepts
    # lessons: two segments share one when their similarity beats
    # max(group_similarity, mean + group_spread × standard deviation)
    group_similarity: float = 0.2
    group_spread: float = 1.5
    max_cluster_units: int = 48  # a longer talk's segments are clustered as runs of neighbours
    max_lesson_share: float = 0.4  # no merge makes a lesson more than this share of the talk
    lesson_phrases: int = 8
    summary_sentences: int = 4
    takeaways: int = 3
    quotes: int = 2
    quote_quality: float = 0.5  # the least sentence quality of a quote
    # a sentence's centrality: cosine × (central_floor + central_quality × quality) for
    # takeaways; quality × (central_base + cosine) for quotes and quiz sentences
    central_floor: float = 0.4
    central_quality: float = 0.6
    central_base: float = 0.5
    # questions
    concept_phrases: int = 10  # a segment's best phrases that may become concept answers
    quiz_quality: float = 0.35  # the least quality of a sentence quizzed on
    sentences_per_item: int = 4  # sentences tried per item a lesson may keep
    kind_weight: dict[str, float] = field(default_factory=_kind_weights)
    opening_term: float = 0.85  # a term that opens its sentence
    caption_stretch: float = 0.85  # a stretch of a sentence within one caption cue
    distractor_bonus: float = 0.05  # per distractor of a multiple-choice item
    true_false: float = 0.9
    true_false_stems: int = 5  # the fewest content words of a true/false statement
    who_said: float = 0.6
    who_said_words: int = 8  # the fewest words of a "who said this?" sentence
    multiple_select: float = 0.95
    short_answer: float = 0.8
    reason_item: float = 1.3  # "what reason does … give": tests understanding, ranked first
    topic_share: float = 0.04  # a stem in this share of the sentences is a topic word
    # a name in this share of the sentences is what the talk is about: no fill-the-blank key
    # ("Worker threads in ____": Node, in a talk on Node)
    subject_share: float = 0.12
    longest_prompt_words: int = 32  # a "who said" quote or fill-the-blank stem past this: none
    # "who said it" offers every speaker with speaker_presence of the words when there are
    # three or more (at most max_speakers, the most talkative), else two of speaker_share
    # with speaker_balance each
    speaker_presence: float = 0.03
    speaker_share: float = 0.15
    speaker_balance: float = 0.3
    max_speakers: int = 6
    # ranking: how often one distractor may be offered in a lesson and in the course
    lesson_distractor_uses: int = 2
    course_distractor_uses: int = 4
    # at most this share of a lesson's items are a sentence with a blank (cloze, or a choice
    # item whose stem has the blank); blank_floor of them are allowed in any lesson
    max_blank_share: float = 0.4
    blank_floor: float = 2.0
    # … and at most this many recall items (all but why / how / what follows), one of them a
    # "who said it" and one a "select all": past them a lesson's items are weak (issue 12)
    recall_per_lesson: int = 4


TUNING = Tuning()
