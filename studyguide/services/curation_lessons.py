"""Curate a course's lessons in the browser: edit their text, and (drafts only) reorder, merge,
split at a segment boundary, delete.

Every save is checked like check-course (curation_checks.py) and is a compare-and-set on the
lesson's `row_version` (curation.claim): a stale save raises EditConflict with both versions.
Deleting retires: a lesson and its questions are hidden, never removed (attempts point there).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm.attributes import set_committed_value

from studyguide.coursepack.rendering import render_markdown
from studyguide.errors import NotFound, Refused
from studyguide.extensions import db
from studyguide.models import Course, Lesson, Question, QuestionVersion, User, utcnow
from studyguide.services import teaching
from studyguide.services._tx import transaction
from studyguide.services.curation import (
    EditConflict,
    claim,
    current_lessons,
    first_free,
    lesson_fronts,
)
from studyguide.services.curation_checks import check_lesson, lesson_front, locate


@dataclass(frozen=True)
class LessonEdit:
    """What the lesson editor sent: takeaways as (text, passage) pairs, quotes as passages."""

    title: str
    summary_markdown: str
    objectives: tuple[str, ...]
    takeaways: tuple[tuple[str, str], ...]
    quotes: tuple[str, ...]
    reflection_prompts: tuple[str, ...]


def lesson_item(user: User, slug: str, lesson_slug: str) -> Lesson:
    """Return the current lesson `lesson_slug` of the course `slug`.

    Raises:
        NotFound: no such course or lesson, or `user` may not edit the course.
    """
    current = sa.and_(
        Lesson.course_id == Course.id, Lesson.slug == lesson_slug, Lesson.retired_at.is_(None)
    )
    course, lesson = teaching.editable_course_with(user, slug, (Lesson, current))
    if lesson is None:
        raise NotFound("No such lesson.")
    # The page reads lesson.course: give it the course loaded here, not a second query.
    set_committed_value(lesson, "course", course)
    return lesson


def lesson_values(lesson: Lesson) -> dict[str, Any]:
    """Return what the lesson editor edits, as stored (for forms and conflict pages)."""
    return {
        "title": lesson.title,
        "summary": lesson.summary_markdown,
        "objectives": list(lesson.objectives),
        "takeaways": [t["text"] + " :: " + t["evidence"]["quote"] for t in lesson.takeaways],
        "quotes": [q["text"] for q in lesson.quotes],
        "reflection_prompts": list(lesson.reflection_prompts),
    }


def _claim(lesson: Lesson, seen: int, yours: dict[str, Any] | None = None) -> None:
    def theirs() -> dict[str, Any]:
        return lesson_values(db.session.get_one(Lesson, lesson.id))

    try:
        claim(Lesson, lesson.id, seen, theirs)
    except EditConflict as conflict:
        raise EditConflict(conflict.theirs, yours or {}, conflict.version) from None


def edit_lesson(user: User, slug: str, lesson_slug: str, seen: int, edit: LessonEdit) -> Lesson:
    """Save a lesson's title, summary, objectives, takeaways, quotes and reflection prompts.

    Raises:
        NotFound: see `lesson_item`.
        NotGrounded: a takeaway's passage or a quote is not verbatim, or a check fails.
        EditConflict: the lesson changed since version `seen`.
    """
    lesson = lesson_item(user, slug, lesson_slug)
    transcript = lesson.course.transcript_text
    yours = {
        "title": edit.title,
        "summary": edit.summary_markdown,
        "objectives": list(edit.objectives),
        "takeaways": [f"{text} :: {quote}" for text, quote in edit.takeaways],
        "quotes": list(edit.quotes),
        "reflection_prompts": list(edit.reflection_prompts),
    }
    with transaction():
        _claim(lesson, seen, yours)
        near = lesson.segments[0]["start_char"] if lesson.segments else 0
        lesson.title = edit.title.strip()
        lesson.objectives = list(edit.objectives)
        lesson.takeaways = [
            {"text": text, "evidence": _passage(transcript, quote, near, "quote")}
            for text, quote in edit.takeaways
        ]
        lesson.quotes = [_passage(transcript, quote, near, "text") for quote in edit.quotes]
        lesson.reflection_prompts = list(edit.reflection_prompts)
        lesson.summary_markdown = edit.summary_markdown
        lesson.summary_html = render_markdown(edit.summary_markdown)
        check_lesson(lesson_front(lesson, lesson_fronts(lesson.id)), transcript)
        teaching.note_browser_edit(lesson.course)
    return lesson


def _passage(transcript: str, quote: str, near: int, name: str) -> dict[str, Any]:
    start, end = locate(transcript, quote, near)
    return {name: quote, "start_char": start, "end_char": end}


def _draft_lesson(user: User, slug: str, lesson_slug: str) -> tuple[Course, Lesson]:
    lesson = lesson_item(user, slug, lesson_slug)
    if lesson.course.status != "draft":
        raise Refused(
            "Lessons are reordered, merged, split or deleted in drafts only: unpublish first."
        )
    return lesson.course, lesson


def _renumber(lessons: list[Lesson]) -> None:
    for position, lesson in enumerate(lessons, start=1):
        lesson.position = position


def move_lesson(user: User, slug: str, lesson_slug: str, seen: int, step: int) -> Lesson:
    """Move a draft's lesson one place up (`step` -1) or down (+1).

    Raises:
        NotFound, EditConflict: as `edit_lesson`. Refused: not a draft, or nowhere to move.
    """
    course, lesson = _draft_lesson(user, slug, lesson_slug)
    with transaction():
        _claim(lesson, seen)
        lessons = current_lessons(course)
        at = lessons.index(lesson)
        to = at + (1 if step > 0 else -1)
        if not 0 <= to < len(lessons):
            raise Refused("This lesson is already at that end of the course.")
        lessons[at], lessons[to] = lessons[to], lessons[at]
        _renumber(lessons)
        teaching.note_browser_edit(course)
    return lesson


def delete_lesson(user: User, slug: str, lesson_slug: str, seen: int) -> None:
    """Retire a draft's lesson and its questions (kept for the record, hidden everywhere).

    Raises:
        NotFound, EditConflict: as `edit_lesson`. Refused: not a draft.
    """
    course, lesson = _draft_lesson(user, slug, lesson_slug)
    with transaction():
        _claim(lesson, seen)
        now = utcnow()
        lesson.retired_at = now
        db.session.execute(
            sa.update(Question)
            .where(Question.lesson_id == lesson.id, Question.retired_at.is_(None))
            .values(retired_at=now)
        )
        _renumber([other for other in current_lessons(course) if other.id != lesson.id])
        teaching.note_browser_edit(course)


def merge_with_next(user: User, slug: str, lesson_slug: str, seen: int, seen_next: int) -> Lesson:
    """Merge the next lesson into this one: segments, text and questions; the next is retired.

    Raises:
        NotFound, EditConflict: as `edit_lesson`. Refused: not a draft, or the last lesson.
    """
    course, lesson = _draft_lesson(user, slug, lesson_slug)
    with transaction():
        lessons = current_lessons(course)
        at = lessons.index(lesson)
        if at + 1 >= len(lessons):
            raise Refused("The last lesson has no next lesson to merge with.")
        other = lessons[at + 1]
        _claim(lesson, seen)
        _claim(other, seen_next)
        for name in ("segments", "takeaways", "quotes", "reflection_prompts"):
            setattr(lesson, name, list(getattr(lesson, name)) + list(getattr(other, name)))
        for name in ("objectives", "keyphrases"):
            merged = list(getattr(lesson, name)) + list(getattr(other, name))
            setattr(lesson, name, list(dict.fromkeys(merged)))
        lesson.glossary = list(lesson.glossary) + [
            g for g in other.glossary if g["term"] not in {e["term"] for e in lesson.glossary}
        ]
        lesson.summary_markdown = "\n\n".join(
            text for text in (lesson.summary_markdown, other.summary_markdown) if text.strip()
        )
        lesson.summary_html = render_markdown(lesson.summary_markdown)
        _move_questions(other.id, lesson.id, after=True)
        other.retired_at = utcnow()
        _renumber([x for x in lessons if x.id != other.id])
        db.session.flush()
        check_lesson(lesson_front(lesson, lesson_fronts(lesson.id)), course.transcript_text)
        teaching.note_browser_edit(course)
    return lesson


def _move_questions(from_id: int, to_id: int, *, after: bool, keys: set[str] | None = None) -> None:
    start = 0
    if after:
        start = (
            db.session.scalar(
                sa.select(sa.func.coalesce(sa.func.max(Question.position), 0)).where(
                    Question.lesson_id == to_id
                )
            )
            or 0
        )
    moving = db.session.scalars(
        sa.select(Question).where(Question.lesson_id == from_id).order_by(Question.position)
    ).all()
    for n, question in enumerate(q for q in moving if keys is None or q.key in keys):
        question.lesson_id = to_id
        question.position = start + n + 1


def split_lesson(user: User, slug: str, lesson_slug: str, seen: int, at: int) -> Lesson:
    """Split a draft's lesson before its segment `at` (1 … segments-1); return the new lesson.

    Takeaways, quotes and questions go with the part their passage starts in; objectives are
    copied to both, to edit afterwards.

    Raises:
        NotFound, EditConflict: as `edit_lesson`.
        Refused: not a draft, not a segment boundary, or a part would fail a check (a part
        with no takeaway, say).
    """
    course, lesson = _draft_lesson(user, slug, lesson_slug)
    if not 0 < at < len(lesson.segments):
        raise Refused(f"Split at a boundary between segments: 1 to {len(lesson.segments) - 1}.")
    boundary = lesson.segments[at]["start_char"]
    with transaction():
        _claim(lesson, seen)
        part = Lesson(
            course_id=course.id,
            slug=_free_slug(course, lesson.slug),
            title=f"{lesson.title} (part 2)",
            objectives=list(lesson.objectives),
            segments=lesson.segments[at:],
            keyphrases=[],
            glossary=[],
            reflection_prompts=[],
            summary_markdown="",
            summary_html="",
            takeaways=[t for t in lesson.takeaways if t["evidence"]["start_char"] >= boundary],
            quotes=[q for q in lesson.quotes if q["start_char"] >= boundary],
        )
        lesson.segments = lesson.segments[:at]
        lesson.takeaways = [t for t in lesson.takeaways if t["evidence"]["start_char"] < boundary]
        lesson.quotes = [q for q in lesson.quotes if q["start_char"] < boundary]
        db.session.add(part)
        db.session.flush()
        later = {
            key
            for key, start in db.session.execute(
                sa.select(Question.key, QuestionVersion.evidence)
                .join(QuestionVersion, QuestionVersion.question_id == Question.id)
                .where(Question.lesson_id == lesson.id, QuestionVersion.is_current.is_(True))
            )
            if start["start_char"] >= boundary
        }
        _move_questions(lesson.id, part.id, after=False, keys=later)
        lessons = current_lessons(course)
        lessons.remove(part)
        lessons.insert(lessons.index(lesson) + 1, part)
        _renumber(lessons)
        db.session.flush()
        for each in (lesson, part):
            check_lesson(lesson_front(each, lesson_fronts(each.id)), course.transcript_text)
        teaching.note_browser_edit(course)
    return part


def _free_slug(course: Course, base: str) -> str:
    taken = set(db.session.scalars(sa.select(Lesson.slug).where(Lesson.course_id == course.id)))
    return first_free(taken, lambda n: f"{base[:90]}-part-{n}", 2)
