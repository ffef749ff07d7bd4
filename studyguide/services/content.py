"""Read course content as students see it: published courses and their current lessons."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, joinedload, load_only

from studyguide.errors import NotFound
from studyguide.extensions import db
from studyguide.models import Course, Lesson
from studyguide.services import transcript

PUBLISHED = "published"
# The columns a list of lessons shows (titles and links), without the lessons' content.
LESSON_LISTING = (Lesson.id, Lesson.course_id, Lesson.slug, Lesson.title, Lesson.position)


@dataclass(frozen=True)
class LessonNeighbours:
    previous: Lesson | None
    next: Lesson | None


@dataclass(frozen=True)
class TranscriptPage:
    course: Course
    view: transcript.TranscriptView


def published_courses() -> list[Course]:
    """Return every published course with its current lessons loaded, in position order.

    Only what a list of courses shows is read: not the transcripts, nor the lessons' content.
    """
    # One query whatever the number of courses and lessons; retired lessons never load.
    current = Course.lessons.and_(Lesson.retired_at.is_(None))
    return list(
        db.session.scalars(
            sa.select(Course)
            .where(Course.status == PUBLISHED)
            .options(
                load_only(Course.id, Course.slug, Course.title, Course.description, Course.status),
                joinedload(current).load_only(*LESSON_LISTING),
            )
            .order_by(Course.title, Course.id)
        ).unique()
    )


def find_course(course_slug: str) -> Course:
    """Return the published course with this slug.

    Raises:
        NotFound: no published course has this slug.
    """
    course = db.session.scalar(
        sa.select(Course).where(Course.slug == course_slug, Course.status == PUBLISHED)
    )
    if course is None:
        raise NotFound("There is no such course.")
    return course


def find_lesson(course_slug: str, lesson_slug: str) -> Lesson:
    """Return the current lesson with these slugs in a published course, its course loaded.

    Raises:
        NotFound: no such current lesson in a published course.
    """
    lesson = db.session.scalar(
        sa.select(Lesson)
        .join(Lesson.course)
        .where(
            Course.slug == course_slug,
            Course.status == PUBLISHED,
            Lesson.slug == lesson_slug,
            Lesson.retired_at.is_(None),
        )
        .options(contains_eager(Lesson.course))
    )
    if lesson is None:
        raise NotFound("There is no such lesson.")
    return lesson


def neighbours(lesson: Lesson) -> LessonNeighbours:
    """Return the current lessons before and after `lesson` in its course."""
    siblings = list(
        db.session.scalars(
            sa.select(Lesson)
            .where(Lesson.course_id == lesson.course_id, Lesson.retired_at.is_(None))
            .options(load_only(*LESSON_LISTING))
            .order_by(Lesson.position, Lesson.id)
        )
    )
    index = next(i for i, sibling in enumerate(siblings) if sibling.id == lesson.id)
    return LessonNeighbours(
        previous=siblings[index - 1] if index > 0 else None,
        next=siblings[index + 1] if index + 1 < len(siblings) else None,
    )


def skip_ranges(meta: dict[str, Any]) -> tuple[tuple[int, int], ...]:
    """Return the (start, end) ranges of transcript metadata's `skip` list that are well formed."""
    ranges = []
    for item in meta.get("skip") or ():
        start, end = item.get("start_char"), item.get("end_char")
        if isinstance(start, int) and isinstance(end, int) and start < end:
            ranges.append((start, end))
    return tuple(ranges)


def transcript_page(
    course_slug: str, start: str | None = None, end: str | None = None
) -> TranscriptPage:
    """Return a published course's transcript laid out, the raw `start`–`end` range marked.

    Raises:
        NotFound: no published course has this slug.
    """
    course = find_course(course_slug)
    view = transcript.transcript_view(
        course.transcript_text, skip_ranges(course.transcript_meta or {}), start, end
    )
    return TranscriptPage(course, view)
