"""Check a course package: schema first, then content against the transcript."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from studyguide.coursepack.content import course_problems, lesson_problems
from studyguide.coursepack.models import Problem
from studyguide.coursepack.rendering import MarkdownTooDeep, render_markdown
from studyguide.coursepack.schema import COURSE_SCHEMA, LESSON_SCHEMA
from studyguide.coursepack.source import (
    COURSE_FILE,
    LESSONS_DIR,
    PackageSource,
    control_message,
    read_source,
)
from studyguide.coursepack.validate import field_path, schema_problems

MAX_BODY_CHARS = 50_000  # a lesson's Markdown; the curated ones are 3,000 to 8,000


def check_package(path: Path) -> list[Problem]:
    """Return every problem in the package at `path`; an empty list means it is valid."""
    return inspect_package(path)[1]


def _body_problems(file: str, body: str) -> list[Problem]:
    """A body too long, or nested too deep for the page to show it (as load-course finds)."""
    if len(body) > MAX_BODY_CHARS:
        message = f"is {len(body):,} characters, over the {MAX_BODY_CHARS:,} limit"
        return [Problem(file, "body", message)]
    try:
        render_markdown(body)  # linear inside the limit (coursepack/rendering.py)
    except MarkdownTooDeep as error:
        return [Problem(file, "body", str(error))]
    return []


def inspect_package(path: Path) -> tuple[PackageSource, list[Problem]]:
    """Read the package at `path` and return what was read with all its problems."""
    source, problems = read_source(Path(path))
    course_ok = False
    if source.course is not None:
        problems += control_problems(COURSE_FILE, source.course)
        found = schema_problems(COURSE_FILE, source.course, COURSE_SCHEMA)
        problems += found or course_problems(source.course, source.transcript)
        course_ok = not found

    lessons_ok: list[tuple[str, dict[str, Any]]] = []
    for lesson in source.lessons:
        if lesson.front is None:
            continue
        problems += control_problems(lesson.file, lesson.front)
        found = schema_problems(lesson.file, lesson.front, LESSON_SCHEMA)
        if found:
            problems += found
            continue
        problems += _slug_problems(lesson.file, lesson.stem, lesson.front)
        problems += _body_problems(lesson.file, lesson.body)
        problems += lesson_problems(lesson.file, lesson.front, source.transcript)
        lessons_ok.append((lesson.file, lesson.front))

    if course_ok:
        problems += _listing_problems(source)
    problems += _duplicate_id_problems(lessons_ok)
    return source, problems


def control_problems(file: str, value: Any, path: tuple[Any, ...] = ()) -> list[Problem]:
    """Find control characters written as YAML escapes ("\\0") in any key or string value."""
    if isinstance(value, str):
        message = control_message(value)
        return [Problem(file, field_path(path), message)] if message else []
    if not isinstance(value, dict | list):
        return []
    items = value.items() if isinstance(value, dict) else enumerate(value)
    problems = []
    for key, child in items:
        problems += control_problems(file, key, path) if isinstance(key, str) else []
        problems += control_problems(file, child, (*path, key))
    return problems


def _slug_problems(file: str, stem: str, front: dict[str, Any]) -> list[Problem]:
    if front["slug"] == stem:
        return []
    return [Problem(file, "slug", f"'{front['slug']}' does not match the file name {stem}.md")]


def _listing_problems(source: PackageSource) -> list[Problem]:
    """Check that course.yaml lists exactly the lesson files in lessons/."""
    listed = source.course["lessons"]
    on_disk = {lesson.stem for lesson in source.lessons}
    problems = [
        Problem(COURSE_FILE, f"lessons[{i}]", f"no file {LESSONS_DIR}/{slug}.md")
        for i, slug in enumerate(listed)
        if slug not in on_disk and slug not in listed[:i]
    ]
    problems += [
        Problem(COURSE_FILE, "lessons", f"{lesson.file} is not listed")
        for lesson in source.lessons
        if lesson.stem not in listed
    ]
    return problems


def _duplicate_id_problems(lessons: list[tuple[str, dict[str, Any]]]) -> list[Problem]:
    """Check that question ids are unique across the whole course."""
    first_seen: dict[str, str] = {}
    problems: list[Problem] = []
    for file, front in lessons:
        for i, question in enumerate(front["questions"]):
            qid = question["id"]
            if qid in first_seen:
                message = f"duplicate id '{qid}' (first used in {first_seen[qid]})"
                problems.append(Problem(file, f"questions[{i}].id", message))
            first_seen.setdefault(qid, f"{file} questions[{i}]")
    return problems
