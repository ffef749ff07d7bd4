"""Segmentation metrics (Pk, WindowDiff), a report of how a draft came out, and the figures
`studyguide evaluate-set` prints for each transcript of an evaluation set. Pure."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from studyguide.generator.export import stats
from studyguide.generator.lexicon import TITLE_NOISE
from studyguide.generator.textutil import BLANK
from studyguide.generator.types import CourseDraft

_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class GoldSegmentation:
    """Gold topic boundaries: segment starts (character offsets) inside a content range."""

    starts: tuple[int, ...]
    content_start: int
    content_end: int
    titles: tuple[str, ...] = ()


def word_labels(text: str, start: int, end: int, boundaries: Sequence[int]) -> list[int]:
    """Segment number of every word of text[start:end], given boundary offsets."""
    bounds = sorted(boundaries)
    labels = []
    k = 0
    for match in _WORD.finditer(text, start, end):
        while k < len(bounds) and bounds[k] <= match.start():
            k += 1
        labels.append(k)
    return labels


def pk(reference: Sequence[int], hypothesis: Sequence[int], k: int) -> float:
    """Beeferman et al.'s Pk: how often a window of k words is judged differently."""
    n = len(reference)
    if n <= k:
        return 0.0
    errors = sum(
        (reference[i] == reference[i + k]) != (hypothesis[i] == hypothesis[i + k])
        for i in range(n - k)
    )
    return errors / (n - k)


def window_diff(reference: Sequence[int], hypothesis: Sequence[int], k: int) -> float:
    """Pevzner & Hearst's WindowDiff: windows whose boundary counts differ."""
    n = len(reference)
    if n <= k:
        return 0.0
    errors = sum(
        (reference[i + k] - reference[i]) != (hypothesis[i + k] - hypothesis[i])
        for i in range(n - k)
    )
    return errors / (n - k)


def segmentation_scores(draft: CourseDraft, gold: GoldSegmentation) -> dict[str, Any]:
    """Pk and WindowDiff of the draft's segments against `gold`, at word level, with k half
    the mean gold segment length."""
    text = draft.text
    ref = word_labels(text, gold.content_start, gold.content_end, gold.starts[1:])
    hyp_starts = [s.start_char for s in draft.segments][1:]
    hyp = word_labels(text, gold.content_start, gold.content_end, hyp_starts)
    n_segments = max(len(gold.starts), 1)
    k = max(2, round(len(ref) / n_segments / 2))
    return {
        "words": len(ref),
        "k": k,
        "gold_segments": len(gold.starts),
        "generated_segments": len(draft.segments),
        "pk": round(pk(ref, hyp, k), 4),
        "window_diff": round(window_diff(ref, hyp, k), 4),
    }


def report(draft: CourseDraft, gold: GoldSegmentation | None = None) -> dict[str, Any]:
    """Everything the evaluation prints: segmentation scores, counts, grounding, drops."""
    out: dict[str, Any] = {}
    if gold is not None:
        out["segmentation"] = segmentation_scores(draft, gold)
    out.update(stats(draft))
    out["lesson_titles"] = [lesson.title for lesson in draft.lessons]
    out["questions_per_lesson_by_type"] = {
        lesson.slug: _count_types(lesson.questions) for lesson in draft.lessons
    }
    out["dropped"] = dict(draft.dropped)
    mc = [q for lesson in draft.lessons for q in lesson.questions if q.choices and q.type ==
          "multiple_choice" and not draft.note(q.id).reason.startswith("who said")]  # fmt: skip
    longest = sum(
        1 for q in mc if all(len(str(q.answer)) > len(c) for c in q.choices if c != q.answer)
    )
    out["mc_key_longest_rate"] = round(longest / len(mc), 3) if mc else None
    return out


def _count_types(questions: Sequence[Any]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for q in questions:
        counts[q.type] = counts.get(q.type, 0) + 1
    return dict(sorted(counts.items()))


def title_is_noisy(title: str) -> bool:
    """Whether a lesson title carries filler, back-channel or transcriber-tag words."""
    return bool(TITLE_NOISE.search(title))


_PAIR = re.compile(r"^[^,:;?]+ and [^,:;?]+$")


def title_is_pair(title: str) -> bool:
    """Whether a lesson title is two extracted phrases joined by "and" ("Texas and life
    experiences"), the generator's fallback when it finds no topic phrase."""
    return bool(_PAIR.match(title))


def largest_lesson_share(draft: CourseDraft) -> float:
    """Share of the talk's characters (over all segments) in the largest lesson."""
    length = {s.id: max(0, s.end_char - s.start_char) for s in draft.segments}
    total = sum(length.values())
    if not total or not draft.segment_ids:
        return 0.0
    return max(sum(length.get(i, 0) for i in ids) for ids in draft.segment_ids) / total


def set_scores(draft: CourseDraft, gold: GoldSegmentation | None) -> dict[str, Any]:
    """Pk, WindowDiff, largest-lesson share, question-type mix, cloze share (prompts that are a
    sentence with one blank, whatever the type), grounding and noisy titles of one draft."""
    questions = [q for lesson in draft.lessons for q in lesson.questions]
    out: dict[str, Any] = dict(stats(draft))
    if gold is not None:
        out.update(segmentation_scores(draft, gold))
    out["largest_lesson_share"] = round(largest_lesson_share(draft), 4)
    out["cloze_share"] = (
        round(sum(BLANK in q.prompt for q in questions) / len(questions), 4) if questions else 0.0
    )
    out["type_mix"] = dict(sorted(Counter(q.type for q in questions).items()))
    titles = [lesson.title for lesson in draft.lessons]
    out["lesson_titles"] = titles
    out["noisy_titles"] = sum(title_is_noisy(t) for t in titles)
    out["pair_titles"] = sum(title_is_pair(t) for t in titles)
    return out
