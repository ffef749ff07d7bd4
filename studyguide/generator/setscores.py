"""Figures for one draft in an evaluation set: structure, question mix, titles. Pure.

`studyguide evaluate-set` (studyguide/cli/evalset.py) prints them per transcript and in total.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from studyguide.generator.evaluate import GoldSegmentation, segmentation_scores
from studyguide.generator.export import stats
from studyguide.generator.textutil import BLANK
from studyguide.generator.types import CourseDraft

# Words that make a title a transcript slip rather than a topic: fillers, back-channels and
# the transcriber's tags ("[laughter]", "unintelligible").
_TITLE_NOISE = re.compile(
    r"\b(?:um+|uh+|erm|hmm+|mm-?hmm|uh-huh|yeah|okay|ok|yup|gonna|wanna|kinda|sorta|"
    r"laugh(?:s|ter|ing)?|crosstalk|unintelligible|inaudible|applause|music|"
    r"you know|i mean|kind of|sort of)\b|[\[\]\\]",
    re.IGNORECASE,
)


def title_is_noisy(title: str) -> bool:
    """Whether a lesson title carries filler, back-channel or transcriber-tag words."""
    return bool(_TITLE_NOISE.search(title))


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
