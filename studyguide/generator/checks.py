"""Stage 6: checks every item must pass; a failing item is dropped and counted by reason.

Each check gets the item, the input text and the builder's reason for the item (a "who said
it" item's choices may occur in its evidence)."""

from __future__ import annotations

import re
from collections.abc import Callable

from studyguide.coursepack.models import Question
from studyguide.generator.lexicon import STOPWORDS
from studyguide.generator.quality import overlaps
from studyguide.generator.textutil import BLANK, content_terms, fold
from studyguide.questiontypes import question_type
from studyguide.questiontypes.answers import normalize_answer
from studyguide.questiontypes.spoken import words_in_order

_PRONOUN_START = re.compile(
    r"^(?:it|this|that|these|those|they|he|she|him|them|there)\b", re.IGNORECASE
)
_BLANKS = re.compile(r"_{4,}")
_QUOTED = re.compile(r"“(.*)”")


def _squash(text: str) -> str:
    return " ".join(fold(text).split())


def _squash_spacing(text: str) -> str:
    """Also forgive a space before punctuation: prompts are shown without "question , I"."""
    return re.sub(r" ([,.;:?!])", r"\1", _squash(text))


def said_in(statement: str, quote: str) -> bool:
    """True if `statement` is in `quote` as said, or with only spoken disfluencies left out
    (prompts are cleaned of "um", "you know", "sort of"; the evidence stays verbatim)."""
    return _squash_spacing(statement) in _squash_spacing(quote) or words_in_order(statement, quote)


def _statement(question: Question) -> str:
    if question.type in ("cloze", "short_answer", "multiple_select"):
        return question.prompt
    if BLANK in question.prompt:
        return question.prompt.split(": ", 1)[-1]
    match = _QUOTED.search(question.prompt)
    if match:
        return match.group(1)
    return question.prompt.split(": ", 1)[-1]


def check_grounded(q: Question, text: str, reason: str) -> str | None:
    e = q.evidence
    if (
        not (0 <= e.start_char < e.end_char <= len(text))
        or text[e.start_char : e.end_char] != e.quote
    ):
        return "evidence not grounded"
    return None


def check_choices(q: Question, text: str, reason: str) -> str | None:
    limits = question_type(q.type).choice_limits  # the registry's, as the package schema's
    if limits is None:
        return None
    if not limits[0] <= len(q.choices) <= limits[1]:
        return "wrong number of choices"
    normalised = [normalize_answer(c) for c in q.choices]
    if len(set(normalised)) != len(normalised) or not all(normalised):
        return "duplicate choices"
    answers = q.answer if isinstance(q.answer, tuple) else (q.answer,)
    if any(a not in q.choices for a in answers):
        return "answer not among choices"
    answer_norms = {normalize_answer(str(a)) for a in answers}
    distractors = [c for c in q.choices if c not in answers]
    if any(normalize_answer(c) in answer_norms for c in distractors):
        return "answer among distractors"
    quote = fold(q.evidence.quote)
    if reason.startswith(("multiple choice", "multiple select")) and any(
        fold(c) in quote for c in distractors
    ):
        return "distractor occurs in the evidence"
    if q.type == "multiple_select" and not all(fold(str(a)) in quote for a in answers):
        return "answer not in the evidence"
    # (clause options of a "why" item share their "Because …" and may share a word)
    if not reason.startswith("why") and any(
        overlaps(c, str(a)) for c in distractors for a in answers
    ):
        return "distractor shares a word with the answer"
    return None


def check_short_answer(q: Question, text: str, reason: str) -> str | None:
    if q.type != "short_answer":
        return None
    if not isinstance(q.answer, str) or fold(q.answer) not in fold(q.evidence.quote):
        return "answer not in the evidence"
    return None


def check_cloze(q: Question, text: str, reason: str) -> str | None:
    if q.type != "cloze" and BLANK not in q.prompt:
        return None
    if len(_BLANKS.findall(q.prompt)) != 1:
        return "blank missing or repeated"
    answer = str(q.answer)
    filled = _statement(q).replace(BLANK, answer)
    if not said_in(filled, q.evidence.quote):  # as check-course compares (questiontypes.cloze)
        return "filled prompt not in evidence"
    if fold(answer) in STOPWORDS or not normalize_answer(answer):
        return "answer is a stop word"
    return None


def check_context(q: Question, text: str, reason: str) -> str | None:
    statement = _statement(q).replace(BLANK, " ")
    if _PRONOUN_START.match(statement) and len(content_terms(statement)) < 5:
        return "pronoun-only prompt without context"
    if len(statement.split()) < 6:
        return "prompt too short"
    if len(q.prompt) > 400:
        return "prompt too long"
    return None


def check_true_false(q: Question, text: str, reason: str) -> str | None:
    if q.type != "true_false":
        return None
    if not isinstance(q.answer, bool):
        return "true/false answer not a boolean"
    in_quote = said_in(_statement(q), q.evidence.quote)
    if q.answer != in_quote:
        return "true/false statement not decided by its evidence"
    return None


CHECKS: tuple[Callable[[Question, str, str], str | None], ...] = (
    check_grounded,
    check_choices,
    check_cloze,
    check_context,
    check_true_false,
    check_short_answer,
)


def failure(question: Question, text: str, reason: str) -> str | None:
    """Return the first check `question` (made for `reason`) fails against `text`, or None."""
    for check in CHECKS:
        found = check(question, text, reason)
        if found:
            return found
    return None
