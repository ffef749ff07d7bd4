"""Ranking: keep a lesson's best items, the types taking turns, one item per sentence."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from studyguide.generator.questions.items import Candidate
from studyguide.generator.textutil import BLANK, normalize_choice
from studyguide.generator.tuning import TUNING

UNDERSTANDING = ("why",)  # the reasons of items that test understanding


def rank(
    candidates: Sequence[Candidate], *, limit: int, used: dict[str, int] | None = None
) -> tuple[list[Candidate], int]:
    """Keep the best items: first those that test understanding (and short answers), up to
    half the lesson's; then the others, the types in turn so no type crowds out the others, up
    to `recall_per_lesson`; at most one item per sentence, no distractor offered more than
    twice in the lesson (or four times in the course, counted in `used`), and at most
    `max_blank_share` of the items a sentence with a blank; return the kept items in
    transcript order and how many were ranked out."""
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
        if cand.sentence in used_sentences or _past_recall_cap(cand, kept):
            return False
        if BLANK in cand.question.prompt:
            blanks = sum(BLANK in c.question.prompt for c in kept)
            if blanks + 1 > max(TUNING.blank_floor, ratio * (len(kept) - blanks)):
                return False
        if cand.reason.startswith(UNDERSTANDING):
            return True  # its distractors are whole clauses, from a small pool of its kind
        return all(
            used_distractors[normalize_choice(d)] < TUNING.lesson_distractor_uses
            and course.get(normalize_choice(d), 0) < TUNING.course_distractor_uses
            for d in cand.distractors
        )

    def take(cand: Candidate) -> None:
        kept.append(cand)
        used_sentences.add(cand.sentence)
        for d in cand.distractors:
            used_distractors[normalize_choice(d)] += 1
            course[normalize_choice(d)] = course.get(normalize_choice(d), 0) + 1

    # Items that test understanding (why / how / what follows) and answers to the interviewer's
    # own questions take their sentences first: a sentence that could carry a cloze or a "why"
    # carries the "why".
    for cand in sorted(candidates, key=lambda c: (-c.score, c.question.id)):
        first = cand.reason.startswith(UNDERSTANDING) or cand.question.type == "short_answer"
        if first and len(kept) < limit // 2 and usable(cand):
            take(cand)
            by_type[cand.question.type].remove(cand)
    while len(kept) < limit and any(by_type.values()):
        for type_ in order:
            queue = by_type[type_]
            while queue and not usable(queue[0]):
                queue.pop(0)
            if queue and len(kept) < limit:
                take(queue.pop(0))
    kept.sort(key=lambda c: (c.question.evidence.start_char, c.question.id))
    return kept, len(candidates) - len(kept)


def _past_recall_cap(cand: Candidate, kept: Sequence[Candidate]) -> bool:
    """True if `cand` is a recall item and the lesson has its fill of them: `recall_per_lesson`
    in all, one "who said it" and one "select all" (fewer, better: past these, weak recall)."""
    if cand.reason.startswith(UNDERSTANDING) or cand.question.type == "short_answer":
        return False
    recall = [c for c in kept if not c.reason.startswith(UNDERSTANDING)]
    if len(recall) >= TUNING.recall_per_lesson:
        return True
    return any(
        cand.reason.startswith(kind) and any(c.reason.startswith(kind) for c in recall)
        for kind in ("who said", "multiple select")
    )
