"""Read a validated course package into immutable records."""

from __future__ import annotations

from pathlib import Path

from studyguide.coursepack.checks import inspect_package
from studyguide.coursepack.models import CoursePackage, Lesson, PackageError, TranscriptInfo
from studyguide.coursepack.serialize import from_dict


def read_package(path: Path) -> CoursePackage:
    """Read and check the package at `path`; raise PackageError listing every problem."""
    source, problems = inspect_package(Path(path))
    if problems:
        raise PackageError(problems)
    course = source.course
    if course is None or source.transcript is None:  # a package without problems has both
        raise RuntimeError(f"{path}: inspect_package found no problem but no course")
    by_slug = {lesson.stem: lesson for lesson in source.lessons}
    return CoursePackage(
        path=Path(path),
        slug=course["slug"],
        title=course["title"],
        description=course["description"],
        status=course.get("status", "published"),
        transcript=from_dict(TranscriptInfo, course["transcript"]),
        transcript_text=source.transcript,
        lessons=tuple(
            from_dict(
                Lesson,
                {**by_slug[slug].front, "body": by_slug[slug].body, "file": by_slug[slug].file},
            )
            for slug in course["lessons"]
        ),
    )
