"""Describe a course package in one line."""

from __future__ import annotations

from collections import Counter

from studyguide.coursepack.models import CoursePackage
from studyguide.coursepack.schema import QUESTION_TYPES


def summarize(package: CoursePackage) -> str:
    """Return a one-line summary: slug, lesson count and question counts by type."""
    kinds = Counter(q.type for lesson in package.lessons for q in lesson.questions)
    total = sum(kinds.values())
    by_type = ", ".join(f"{kind} {kinds[kind]}" for kind in QUESTION_TYPES if kinds[kind])
    lessons = len(package.lessons)
    text = (
        f"{package.slug} ({package.status}): {lessons} lesson{'' if lessons == 1 else 's'}, "
        f"{total} question{'' if total == 1 else 's'}"
    )
    return f"{text} ({by_type})" if by_type else text
