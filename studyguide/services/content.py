"""Read course content as students see it: published courses and their current lessons."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, load_only

from studyguide.errors import NotFound
from studyguide.extensions import db
from studyguide.models import Course, CurationState, Lesson, Question, QuestionVersion
from studyguide.services import content_cache, content_version, transcript
from studyguide.services.content_cache import CourseListing, LessonContent, LessonListing

PUBLISHED = "published"
# The columns a list of lessons shows (titles and links), without the lessons' content.
LESSON_LISTING = (Lesson.id, Lesson.course_id, Lesson.slug, Lesson.title, Lesson.position)
# The questions a quiz asks: current versions of approved questions still in the package.
QUIZ_QUESTIONS = (
    Question.retired_at.is_(None),
    Question.review_state == CurationState.APPROVED.value,
    QuestionVersion.is_current.is_(True),
)


@dataclass(frozen=True)
class LessonNeighbours:
    previous: LessonListing | None
    next: LessonListing | None


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


def listing() -> tuple[CourseListing, ...]:
    """Return the published courses with their current lessons (cached by content version)."""
    return content_cache.courses(content_version.current(), _build_listing)


def _build_listing() -> tuple[CourseListing, ...]:
    courses = published_courses()
    counted = (
        sa.select(Question.lesson_id, sa.func.count(QuestionVersion.id))
        .join(QuestionVersion, QuestionVersion.question_id == Question.id)
        .where(*QUIZ_QUESTIONS)
        .group_by(Question.lesson_id)
    )
    counts: dict[int, int] = {row[0]: row[1] for row in db.session.execute(counted)}
    return tuple(
        CourseListing(
            course.id,
            course.slug,
            course.title,
            course.description or "",
            course.status,
            tuple(
                LessonListing(
                    one.id, one.course_id, one.slug, one.title, one.position, counts.get(one.id, 0)
                )
                for one in course.lessons
            ),
        )
        for course in courses
    )


def listed_lesson(
    course_slug: str | None = None, lesson_slug: str | None = None, lesson_id: int | None = None
) -> tuple[CourseListing, LessonListing]:
    """Return a current lesson of a published course, by its slugs or its id, with its course.

    Raises:
        NotFound: no such current lesson in a published course.
    """
    for course in listing():
        if lesson_id is None and course.slug != course_slug:
            continue
        for lesson in course.lessons:
            if lesson.id == lesson_id or (lesson_id is None and lesson.slug == lesson_slug):
                return course, lesson
    raise NotFound("There is no such lesson.")


def neighbours(course: CourseListing, lesson_id: int) -> LessonNeighbours:
    """Return the current lessons before and after lesson `lesson_id` in its course."""
    siblings = course.lessons
    index = next(i for i, sibling in enumerate(siblings) if sibling.id == lesson_id)
    return LessonNeighbours(
        previous=siblings[index - 1] if index > 0 else None,
        next=siblings[index + 1] if index + 1 < len(siblings) else None,
    )


def lesson_content(course: CourseListing, lesson_id: int) -> LessonContent:
    """Return the content of a listed lesson (cached by content version)."""

    def build() -> LessonContent:
        lesson = db.session.get_one(Lesson, lesson_id)
        return LessonContent(
            lesson.id, lesson.course_id, lesson.slug, lesson.position, lesson.title,
            list(lesson.objectives or ()), list(lesson.segments or ()),
            list(lesson.takeaways or ()), list(lesson.quotes or ()),
            list(lesson.reflection_prompts or ()), list(lesson.keyphrases or ()),
            list(lesson.glossary or ()), lesson.summary_html, course,
        )  # fmt: skip

    return content_cache.lesson(content_version.current(), lesson_id, build)


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
