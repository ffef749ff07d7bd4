"""Stage 3: topic segments.

The interviewer's questions (and Markdown headings) are the first candidate boundaries.
Lexical cohesion decides which of them open a new topic: a question that reuses the words of
the answer before it, inside a stretch that stays on the same vocabulary, is a follow-up.
Stretches without questions (lectures, monologues) are split TextTiling-style: depth scores
of TF-IDF similarity between the windows either side of each sentence gap.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from collections.abc import Set as AbstractSet

from studyguide.generator.tuning import TUNING
from studyguide.generator.types import Segment, Sentence, Transcript, Turn
from studyguide.generator.vectors import Cohesion, cosine, depth_scores

_NEW_TOPIC = re.compile(
    r"\b(?:another|next|last|final|different|one more|new) (?:question|topic|thing)\b|"
    r"\blet'?s (?:talk|move|turn|switch)|\blet’s (?:talk|move|turn|switch)|\bmoving on\b|"
    r"\bswitch(?:ing)? gears\b|\bchange (?:of )?(?:topic|subject)\b|\bturning to\b",
    re.IGNORECASE,
)
_FOLLOW_UP = re.compile(
    r"\bfollow[- ]?up\b|\byou (?:just )?(?:mentioned|said)\b|\bas you said\b|\bgoing back to\b|"
    r"\bwhat made you\b|\bwhy is that\b|\belaborate\b|\btell (?:me|us) more\b|"
    r"\bor (?:were|was|are|is) there (?:any )?other\b|\bthe reason why you\b|\bsame (?:for|with)\b",
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
    forced = {_sentence_at(sentences, h.norm_pos) for h in transcript.headings}
    forced.discard(None)
    questions = {t.first_sentence: t for t in turns if t.role == "question"}
    starts = sorted({0, *questions, *(f for f in forced if f is not None)})
    starts = _choose_question_boundaries(starts, questions, forced, coh, n, transcript.norm)
    starts = _merge_short(starts, coh, n, min_words, forced)
    paragraphs = _paragraph_starts(transcript, sentences)
    signposts = {i for i in paragraphs if _SIGNPOST.match(sentences[i].text)}
    starts = _split_long(starts, coh, n, min_words, paragraphs, signposts)
    return _build(transcript, sentences, starts, questions)


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


def boundary_features(
    starts: list[int], questions: dict[int, Turn], coh: Cohesion, n: int
) -> list[tuple[float, float]]:
    """For each start after the first: (similarity of the units either side, similarity of the
    question to the unit before)."""
    units = _units(starts, n)
    vectors = [coh.vector(a, b) for a, b in units]
    out = []
    for i in range(1, len(units)):
        a, _ = units[i]
        turn = questions.get(a)
        q_last = turn.last_sentence if turn else a
        prev_a, prev_b = units[i - 1]
        tail_first = prev_b
        while tail_first > prev_a and coh.words(tail_first, prev_b) < 2 * TUNING.window_words:
            tail_first -= 1
        q_sim = cosine(coh.vector(a, q_last), coh.vector(tail_first, prev_b))
        out.append((cosine(vectors[i - 1], vectors[i]), q_sim))
    return out


def _choose_question_boundaries(
    starts: list[int],
    questions: dict[int, Turn],
    forced: set[int | None],
    coh: Cohesion,
    n: int,
    norm: str,
) -> list[int]:
    if len(starts) <= 2:
        return starts
    features = boundary_features(starts, questions, coh, n)
    blend = TUNING.boundary_blend
    scores = [blend * unit + blend * q for unit, q in features]
    mean = statistics.fmean(scores)
    spread = statistics.pstdev(scores)
    keep = [starts[0]]
    for start, score in zip(starts[1:], scores, strict=True):
        turn = questions.get(start)
        text = norm[turn.start : turn.end] if turn else ""
        if start in forced or (turn is not None and _NEW_TOPIC.search(text)):
            keep.append(start)
            continue
        # An interviewer's question opens a new topic unless it says it follows up, or it and
        # its answer stay clearly on the words of the answer before.
        if turn is not None and _FOLLOW_UP.search(text):
            continue
        if score <= mean + spread:
            keep.append(start)
    return keep


def _merge_short(
    starts: list[int], coh: Cohesion, n: int, min_words: int, forced: set[int | None]
) -> list[int]:
    starts = list(starts)
    changed = True
    while changed and len(starts) > 1:
        changed = False
        units = _units(starts, n)
        for i, (a, b) in enumerate(units):
            if coh.words(a, b) >= min_words:
                continue
            if i == 0:
                drop = starts[1]
            elif i == len(units) - 1:
                drop = starts[i]
            else:
                here = coh.vector(a, b)
                left = cosine(here, coh.vector(*units[i - 1]))
                right = cosine(here, coh.vector(*units[i + 1]))
                drop = starts[i] if left >= right else starts[i + 1]
            if drop in forced and i not in (0, len(units) - 1):
                continue
            starts.remove(drop)
            changed = True
            break
    return starts


def _split_long(
    starts: list[int],
    coh: Cohesion,
    n: int,
    min_words: int,
    paragraphs: AbstractSet[int] = frozenset(),
    signposts: AbstractSet[int] = frozenset(),
) -> list[int]:
    out: list[int] = []
    lengths = [coh.words(a, b) for a, b in _units(starts, n)]
    long = TUNING.long_segment
    limit = (
        max(long * TUNING.target_words, long * statistics.median(lengths)) if len(starts) > 2 else 0
    )
    limit = limit or TUNING.long_lone_segment * TUNING.target_words
    for (a, b), words in zip(_units(starts, n), lengths, strict=True):
        out.append(a)
        if words > limit:
            out.extend(
                texttile(
                    coh, a, b, min_words=max(min_words, TUNING.tile_min_words),
                    paragraphs=paragraphs, signposts=signposts,
                )
            )  # fmt: skip
    return out


def texttile(
    coh: Cohesion,
    first: int,
    last: int,
    *,
    min_words: int,
    paragraphs: AbstractSet[int] = frozenset(),
    signposts: AbstractSet[int] = frozenset(),
) -> list[int]:
    """Return sentence indices inside first..last where a new topic starts (TextTiling).

    With `paragraphs` (sentences that open one), only paragraph starts are candidates; a
    paragraph opened by a signpost ("Now let us turn to …") counts as a deeper valley."""
    gaps = list(range(first + 1, last + 1))
    if not gaps:
        return []
    inside = [g for g in gaps if g in paragraphs]
    by_paragraph = len(inside) >= 3
    window = 2 * TUNING.window_words if by_paragraph else TUNING.window_words
    gaps = inside if by_paragraph else gaps
    sims = []
    for g in gaps:
        left = g - 1
        while left > first and coh.words(left, g - 1) < window:
            left -= 1
        right = g
        while right < last and coh.words(g, right) < window:
            right += 1
        sims.append(cosine(coh.vector(left, g - 1), coh.vector(g, right)))
    if by_paragraph:  # paragraphs are long enough not to need smoothing
        depth = depth_scores(sims)
        bonus = statistics.pstdev(depth) if len(depth) > 1 else 0.0
        depth = [d + (bonus if g in signposts else 0.0) for d, g in zip(depth, gaps, strict=True)]
    else:
        smooth = [
            statistics.fmean(sims[max(0, i - 1) : i + 2]) for i in range(len(sims))
        ]  # a 3-gap moving average, as TextTiling does
        depth = depth_scores(smooth)
    deviation = statistics.pstdev(depth) if len(depth) > 1 else 0.0
    cutoff = statistics.fmean(depth) + TUNING.depth_spread * deviation if len(depth) > 1 else 0
    total = coh.words(first, last)
    wanted = max(1, round(total / TUNING.target_words)) - 1
    chosen: list[int] = []
    for d, g in sorted(zip(depth, gaps, strict=True), key=lambda x: (-x[0], x[1])):
        if len(chosen) >= wanted or d < cutoff or d <= 0:
            break
        edges = sorted([first, *chosen, g, last + 1])
        if all(coh.words(x, y - 1) >= min_words for x, y in zip(edges, edges[1:], strict=False)):
            chosen.append(g)
    return sorted(chosen)


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
