"""Every curation save is checked like check-course: the lesson as it would be after the
edit goes through the package schema and the content checks (each quote and evidence verbatim
in the transcript, each question as its type asks). Pure over plain mappings, so one check
serves every edit.
"""

from __future__ import annotations

from typing import Any

from studyguide.coursepack.content import lesson_problems, quote_problems
from studyguide.coursepack.schema import LESSON_SCHEMA
from studyguide.coursepack.validate import schema_problems
from studyguide.errors import Refused
from studyguide.models import Lesson, QuestionVersion


class NotGrounded(Refused):
    """The edit would leave the lesson failing a check-course check; nothing was saved."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("Not saved: " + "; ".join(problems) + ".")
        self.problems = problems


def question_front(key: str, version: QuestionVersion | dict[str, Any]) -> dict[str, Any]:
    """Return a question as a lesson file's front matter holds it (empty lists left out)."""
    get = version.get if isinstance(version, dict) else lambda name: getattr(version, name)
    front: dict[str, Any] = {"id": key}
    for name in (
        "type",
        "prompt",
        "choices",
        "answer",
        "accepted",
        "explanation",
        "evidence",
        "difficulty",
    ):
        value = get(name)
        if name in ("choices", "accepted") and not value:
            continue
        if name == "evidence":
            value = {k: v for k, v in dict(value or {}).items() if v is not None}
        front[name] = value
    return front


def lesson_front(lesson: Lesson, questions: list[dict[str, Any]]) -> dict[str, Any]:
    """Return `lesson`'s front matter as its package file would hold it, with `questions`."""
    front: dict[str, Any] = {
        "slug": lesson.slug,
        "title": lesson.title,
        "objectives": list(lesson.objectives),
        "segments": list(lesson.segments),
        "takeaways": [_without_none(t, "evidence") for t in lesson.takeaways],
        "quotes": [{k: v for k, v in q.items() if v is not None} for q in lesson.quotes],
        "questions": questions,
    }
    for name in ("reflection_prompts", "keyphrases", "glossary"):
        if getattr(lesson, name):
            front[name] = list(getattr(lesson, name))
    return front


def _without_none(item: dict[str, Any], nested: str) -> dict[str, Any]:
    inner = {k: v for k, v in item[nested].items() if v is not None}
    return {**item, nested: inner}


def check_lesson(front: dict[str, Any], transcript: str) -> None:
    """Refuse, with every reason, a lesson that check-course would refuse.

    Raises:
        NotGrounded: the schema or a content check fails (a quote not verbatim, say).
    """
    file = f"lessons/{front.get('slug', 'lesson')}.md"
    found = schema_problems(file, front, LESSON_SCHEMA)
    if not found:
        found = lesson_problems(file, front, transcript)
    if found:
        raise NotGrounded([f"{problem.field}: {problem.message}" for problem in found])


def locate(transcript: str, quote: str, start: int | None = None) -> tuple[int, int]:
    """Return where `quote` is verbatim in the transcript, nearest to `start` if given.

    The browser sends the offsets of the selected passage; without JS only the pasted quote
    comes, and this finds it.

    Raises:
        NotGrounded: `quote` is empty or not verbatim in the transcript (with the checker's hint).
    """
    if not quote.strip():
        raise NotGrounded(["evidence: the passage is empty; select or paste one"])
    if start is not None and transcript[start : start + len(quote)] == quote:
        return start, start + len(quote)
    found, at = [], transcript.find(quote)
    while at != -1:
        found.append(at)
        at = transcript.find(quote, at + 1)
    if not found:
        problems = quote_problems("transcript", "evidence", quote, 0, 0, transcript)
        raise NotGrounded([f"evidence: {problem.message}" for problem in problems])
    nearest = min(found, key=lambda p: abs(p - (start or 0)))
    return nearest, nearest + len(quote)
