"""Ranking: keep a lesson's best items, the types taking turns, one item per sentence."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from studyguide.generator.questions.items import Candidate
from studyguide.generator.textutil import BLANK, normalize_choice
from studyguide.generator.tuning import TUNING


def rank(
    candidates: Sequence[Candidate], *, limit: int, used: dict[str, int] | None = None
) -> tuple[list[Candidate], int]:
    """Keep the best items, taking the types in turn so no type crowds out the others, at
    most one item per sentence and no distractor offered more than twice in the lesson (or
    four times in the course, counted in `used`), and at most `max_blank_share` of the items a
    sentence with a blank; return the kept items in transcript order and how many were ranked
    out."""
    course = used if used is not None else defaultdict(int)
    by_type: dict[str, list[Candidate]] = defaultdict(list)
    for cand in sorted(candidates, key=lambda c: (-c.score, c.question.id)):
        by_type[cand.question.type].append(cand)
    # The rarer types choose first, so a sentence that could carry any item carries the type
    # the lesson would otherwise lack.
    order = sorted(by_type, key=lambda t: (len(by_type[t]), -by_type[t][0].score, t))
    kept: list[Candidate] = []
    used_sentences: set[int] = set()
    used_distractors: dict[str, int] = defaultdict(int)
    ratio = TUNING.max_blank_share / (1 - TUNING.max_blank_share)

    def usable(cand: Candidate) -> bool:
        if cand.sentence in used_sentences:
            return False
        if BLANK in cand.question.prompt:
            blanks = sum(BLANK in c.question.prompt for c in kept)
            if blanks + 1 > max(TUNING.blank_floor, ratio * (len(kept) - blanks)):
                return False
        return all(
            used_distractors[normalize_choice(d)] < TUNING.lesson_distractor_uses
            and course.get(normalize_choice(d), 0) < TUNING.course_distractor_uses
            for d in cand.distractors
        )

    while len(kept) < limit and any(by_type.values()):
        for type_ in order:
            queue = by_type[type_]
            while queue and not usable(queue[0]):
                queue.pop(0)
            if queue and len(kept) < limit:
                cand = queue.pop(0)
                kept.append(cand)
                used_sentences.add(cand.sentence)
                for d in cand.distractors:
                    used_distractors[normalize_choice(d)] += 1
                    course[normalize_choice(d)] = course.get(normalize_choice(d), 0) + 1
    kept.sort(key=lambda c: (c.question.evidence.start_char, c.question.id))
    return kept, len(candidates) - len(kept)
