"""Stage 3: topic segments.

The interviewer's questions (and Markdown headings) are the first candidate boundaries.
Lexical cohesion decides which of them open a new topic: a question that reuses the words of
the answer before it, inside a stretch that stays on the same vocabulary, is a follow-up.
Stretches without questions (lectures, monologues) are split TextTiling-style: depth scores
of TF-IDF similarity between the windows either side of each sentence gap.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from studyguide.generator.boundaries import choose, gap_depths
from studyguide.generator.textutil import content_terms
from studyguide.generator.tuning import TUNING
from studyguide.generator.types import Segment, Sentence, Transcript, Turn
from studyguide.generator.vectors import Cohesion

_NEW_TOPIC = re.compile(
    r"\b(?:another|next|last|final|different|one more|new) (?:question|topic|thing)\b|"
    r"\blet'?s (?:talk|move|turn|switch)|\blet’s (?:talk|move|turn|switch)|\bmoving on\b|"
    r"\bnext up\b|\b(?:next|agenda) item\b|\bon the agenda\b|\blet me (?:talk|move|turn)\b|"
    r"\bswitch(?:ing)? gears\b|\bchange (?:of )?(?:topic|subject)\b|\bturning to\b",
    re.IGNORECASE,
)
_FOLLOW_UP = re.compile(
    r"\bfollow[- ]?up\b|\byou (?:just )?(?:mentioned|said)\b|\bas you said\b|\bgoing back to\b|"
    r"\bwhat made you\b|\bwhy is that\b|\belaborate\b|\btell (?:me|us) more\b|"
    r"\bor (?:were|was|are|is) there (?:any )?other\b|\bthe reason why you\b|\bsame (?:for|with)\b|"
    # the same question put to the next panellist; a question about what was just said
    r"\bsame question\b|\b(?:what|how) about you\b|"
    r"\b(?:do|about|with|on|for|to|from|of|in) (?:that|this|it|those|these)\?",
    re.IGNORECASE,
)
# A lecturer's signpost at the start of a paragraph: "Now let us turn to …", "Finally, …".
_SIGNPOST = re.compile(
    r"^(?:(?:so|now|okay|ok|right|alright|and|finally|next|lastly)\b[,\s]*)*"
    r"(?:let(?: u|')s (?:turn|move|look|leave|talk|switch|go|come)|we (?:now )?turn|turning to"
    r"|moving on|our (?:next|last|final|second|third) (?:topic|part|subject)"
    r"|the (?:next|last|final|second|third) (?:topic|part|subject))\b",
    re.IGNORECASE,
)


def segment(
    transcript: Transcript,
    sentences: Sequence[Sentence],
    turns: Sequence[Turn],
    coh: Cohesion,
    *,
    min_words: int = 120,
) -> tuple[Segment, ...]:
    """Split the sentences into topic segments, in order, covering them all."""
    n = len(sentences)
    if not n:
        return ()
    forced = frozenset(
        f for f in (_sentence_at(sentences, h.norm_pos) for h in transcript.headings) if f
    )
    questions = {t.first_sentence: t for t in turns if t.role == "question"}
    scores = boundary_scores(transcript, sentences, turns, coh)
    starts = choose(
        scores, coh.word_counts, cutoff=TUNING.boundary_cutoff, min_words=min_words,
        starts=sorted({0, *forced}),
    )  # fmt: skip
    starts = _at_least_the_fewest(starts, scores, coh.word_counts, min_words)
    starts = _split_dominant(starts, scores, coh.word_counts, min_words)
    return _build(transcript, sentences, starts, questions)


def boundary_scores(
    transcript: Transcript, sentences: Sequence[Sentence], turns: Sequence[Turn], coh: Cohesion
) -> dict[int, float]:
    """Each candidate start's score: the deepest cohesion valley at it or a sentence either
    side (speech shifts topic a sentence early or late), plus what its words say.

    Candidates are the turn starts of a talk with speaker labels or found questions, the
    paragraph starts of prose, else every sentence (captions). A host's question, a turn that
    says it moves on ("let's talk about …") or a lecturer's signpost counts for more; a
    question that says it follows up for less."""
    n = len(sentences)
    labelled = any(s.speaker for s in sentences) and len(turns) >= 4
    paragraphs = _paragraph_starts(transcript, sentences)
    depth = gap_depths(coh, TUNING.window_words)
    by_paragraph = not labelled and len(paragraphs) >= 3
    if labelled:
        candidates = {t.first_sentence for t in turns}
    elif by_paragraph:  # paragraphs are the units: compared whole, a wider window
        candidates = set(paragraphs)
        depth = gap_depths(coh, 2 * TUNING.window_words, sorted(paragraphs))
    else:  # captions
        candidates = set(range(n))
    candidates |= {t.first_sentence for t in turns if t.role == "question"}
    # a question and its answer stay together: the boundary is at the question
    answered = zip(turns[1:], turns[:-1], strict=True)
    candidates -= {t.first_sentence for t, prev in answered if prev.role == "question"}
    askers = {t.speaker for t in turns if t.role == "question" and t.speaker}
    turn_at = {t.first_sentence: t for t in turns}
    norm = transcript.norm
    scores: dict[int, float] = {}
    for c in sorted(candidates):
        if c == 0:
            continue
        score = depth[c] if by_paragraph else max(depth[max(1, c - 1) : c + 2])
        turn = turn_at.get(c)
        opening = norm[sentences[c].start : sentences[min(n - 1, c + 1)].end]
        asked = norm[turn.start : turn.end] if turn is not None else ""
        if turn is not None and turn.role == "question" and not _is_reaction(asked):
            score += TUNING.question_bonus
            if _FOLLOW_UP.search(asked):
                score -= TUNING.cue_bonus
        elif turn is not None and (turn.role == "question" or turn.speaker in askers):
            score += TUNING.host_bonus
        if _NEW_TOPIC.search(opening) or _SIGNPOST.match(sentences[c].text):
            score += TUNING.cue_bonus
        scores[c] = score
    return scores


def _is_reaction(asked: str) -> bool:
    """Whether a question turn is a short one with no content word to open a topic with:
    "Oh, really...?", "How so?", "What do you mean?" react to the answer before them
    (brain-science-2 split at "Oh, really...?"); "What about endgames?" names a topic and
    "Do you ever go back?" asks for a new story."""
    return len(asked.split()) <= TUNING.reaction_words and not content_terms(asked)


def _at_least_the_fewest(
    starts: list[int], scores: dict[int, float], word_counts: Sequence[int], min_words: int
) -> list[int]:
    """At least one segment per `sparsest_topic_words` words: where the cohesion valleys are
    shallow (long multi-speaker calls, caption lectures) the cut-off alone found 4 segments of
    16 in 6,000 words; the best candidates below it make up the count (the cut-off aside)."""
    fewest = round(sum(word_counts) / TUNING.sparsest_topic_words)
    if len(starts) >= fewest:
        return starts
    return choose(scores, word_counts, cutoff=-math.inf, min_words=min_words, starts=starts,
                  limit=fewest - len(starts))  # fmt: skip


def _split_dominant(
    starts: list[int], scores: dict[int, float], word_counts: Sequence[int], min_words: int
) -> list[int]:
    """No segment holds more than `max_segment_share` of the talk while a candidate inside it
    could split it: the best such candidate splits it (the cut-off aside)."""
    total = sum(word_counts)
    cap = TUNING.max_segment_share * total
    n = len(word_counts)
    while True:
        ends = [*starts[1:], n]
        sizes = [sum(word_counts[a:b]) for a, b in zip(starts, ends, strict=True)]
        big = [k for k, size in enumerate(sizes) if size > cap]
        if not big:
            return starts
        added = False
        for k in big:
            inside = {c: s for c, s in scores.items() if starts[k] < c < ends[k]}
            more = choose(inside, word_counts, cutoff=-math.inf, min_words=min_words,
                          starts=starts, limit=1)  # fmt: skip
            if len(more) > len(starts):
                starts = more
                added = True
                break
        if not added:
            return starts


def _paragraph_starts(transcript: Transcript, sentences: Sequence[Sentence]) -> set[int]:
    """Sentences that open a paragraph, when the source has real paragraphs (a text whose
    lines average `paragraph_words` or more; caption lines and cues are no paragraphs)."""
    if transcript.format not in ("text", "markdown") or not transcript.pieces:
        return set()
    norm = transcript.norm
    n_words = sum(len(norm[p.start : p.end].split()) for p in transcript.pieces)
    if n_words < TUNING.paragraph_words * len(transcript.pieces):
        return set()
    starts = {p.start + (norm[p.start : p.start + 1] == " ") for p in transcript.pieces}
    return {s.index for s in sentences if s.start in starts}


def _sentence_at(sentences: Sequence[Sentence], pos: int) -> int | None:
    for s in sentences:
        if s.end > pos:
            return s.index
    return None


def _units(starts: list[int], n: int) -> list[tuple[int, int]]:
    return [(a, b - 1) for a, b in zip(starts, [*starts[1:], n], strict=True)]


def _build(
    transcript: Transcript,
    sentences: Sequence[Sentence],
    starts: list[int],
    questions: dict[int, Turn],
) -> tuple[Segment, ...]:
    out = []
    norm = transcript.norm
    for k, (a, b) in enumerate(_units(starts, len(sentences))):
        start, end = sentences[a].start, sentences[b].end
        turn = questions.get(a)
        opening = norm[turn.start : turn.end] if turn else None
        start_char, end_char = transcript.original_span(start, end)
        out.append(
            Segment(
                id=f"s{k + 1}",
                start=start,
                end=end,
                start_char=start_char,
                end_char=end_char,
                title="",
                opening_question=opening,
                first_sentence=a,
                last_sentence=b,
            )
        )
    return tuple(out)
