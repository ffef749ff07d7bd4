"""Check schema-valid course and lesson documents against the transcript and themselves."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from studyguide.coursepack.models import Problem
from studyguide.questiontypes import question_type

_SINGLE_QUOTES = "'\u2018\u2019"
_DOUBLE_QUOTES = '"\u201c\u201d'
_TYPOGRAPHIC = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
MAX_QUOTE_CHARS = 2_000  # a generated quote is a sentence or three; a curated one a paragraph


def course_problems(course: dict[str, Any], transcript: str | None) -> list[Problem]:
    """Check course.yaml: skip ranges inside the transcript, no lesson listed twice."""
    problems: list[Problem] = []
    if transcript is not None:
        for i, skip in enumerate(course["transcript"].get("skip", [])):
            problems += range_problems(
                "course.yaml", f"transcript.skip[{i}]", skip["start_char"], skip["end_char"],
                len(transcript),
            )  # fmt: skip
    first_index: dict[str, int] = {}
    for i, slug in enumerate(course["lessons"]):
        if slug in first_index:
            message = f"'{slug}' is already listed at lessons[{first_index[slug]}]"
            problems.append(Problem("course.yaml", f"lessons[{i}]", message))
        first_index.setdefault(slug, i)
    return problems


def lesson_problems(file: str, lesson: dict[str, Any], transcript: str | None) -> list[Problem]:
    """Check one schema-valid lesson: ranges and quotes against the transcript, then questions."""
    problems: list[Problem] = []
    if transcript is not None:
        for i, segment in enumerate(lesson["segments"]):
            problems += range_problems(
                file, f"segments[{i}]", segment["start_char"], segment["end_char"], len(transcript)
            )
        for field, text, start, end in _passages(lesson):
            problems += quote_problems(file, field, text, start, end, transcript)
    for i, question in enumerate(lesson["questions"]):
        problems += question_problems(file, f"questions[{i}]", question)
    return problems


def _passages(lesson: dict[str, Any]) -> list[tuple[str, str, int, int]]:
    """List every quoted passage of a lesson as (field, text, start_char, end_char)."""
    found = []
    for i, takeaway in enumerate(lesson["takeaways"]):
        evidence = takeaway["evidence"]
        found.append((f"takeaways[{i}].evidence", evidence["quote"], evidence["start_char"],
                      evidence["end_char"]))  # fmt: skip
    for i, quote in enumerate(lesson["quotes"]):
        found.append((f"quotes[{i}]", quote["text"], quote["start_char"], quote["end_char"]))
    for i, question in enumerate(lesson["questions"]):
        evidence = question["evidence"]
        found.append((f"questions[{i}].evidence", evidence["quote"], evidence["start_char"],
                      evidence["end_char"]))  # fmt: skip
    return found


def range_problems(file: str, field: str, start: int, end: int, length: int) -> list[Problem]:
    """Check that start:end is a non-empty range inside a transcript of `length` characters."""
    if start >= end:
        return [Problem(file, field, f"start_char {start} must be less than end_char {end}")]
    if end > length:
        message = f"end_char {end} is past the end of the transcript ({length} characters)"
        return [Problem(file, field, message)]
    return []


def quote_problems(
    file: str, field: str, text: str, start: int, end: int, transcript: str
) -> list[Problem]:
    """Check that `text` is exactly transcript[start:end]; if not, say where it really is."""
    if len(text) > MAX_QUOTE_CHARS:
        message = f"is {len(text):,} characters, over the {MAX_QUOTE_CHARS:,}-character limit"
        return [Problem(file, field, message)]
    if transcript[start:end] == text:
        return []
    exact = _nearest(_occurrences(text, transcript), start)
    if exact is not None:
        message = f"quote not at {start}:{end}; found at {exact}:{exact + len(text)}"
        return [Problem(file, field, message)]
    # The loose search is a regex over the whole transcript: run it only when it can match.
    loose = _loose_pattern(text) if _squash(text) in _squashed(transcript) else None
    matches = {m.start(): m.end() for m in loose.finditer(transcript)} if loose else {}
    near = _nearest(list(matches), start)
    message = "quote not found in transcript"
    if near is not None:
        message += (
            f" (it matches {near}:{matches[near]} if case, whitespace and quote marks are ignored)"
        )
    return [Problem(file, field, message)]


def _squash(text: str) -> str:
    return " ".join(text.translate(_TYPOGRAPHIC).casefold().split())


@lru_cache(maxsize=2)
def _squashed(transcript: str) -> str:
    return _squash(transcript)


def _occurrences(text: str, transcript: str) -> list[int]:
    found, at = [], transcript.find(text)
    while at != -1:
        found.append(at)
        at = transcript.find(text, at + 1)
    return found


def _nearest(positions: list[int], start: int) -> int | None:
    return min(positions, key=lambda p: (abs(p - start), p)) if positions else None


def _loose_pattern(text: str) -> re.Pattern[str] | None:
    """Build a regex matching `text` ignoring case, whitespace runs and quote-mark style."""
    words = text.split()
    if not words:
        return None

    def char_class(char: str) -> str:
        if char in _SINGLE_QUOTES:
            return f"[{_SINGLE_QUOTES}]"
        if char in _DOUBLE_QUOTES:
            return f"[{_DOUBLE_QUOTES}]"
        return re.escape(char)

    return re.compile(
        r"\s+".join("".join(char_class(c) for c in word) for word in words), re.IGNORECASE
    )


def question_problems(file: str, field: str, question: dict[str, Any]) -> list[Problem]:
    """Check a question the way its type asks (answers against choices, a cloze's blank)."""
    findings = question_type(question["type"]).package_problems(question)
    return [Problem(file, f"{field}{where}", message) for where, message in findings]
