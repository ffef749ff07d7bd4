"""Import course packages into the database: validate, then upsert by stable ids.

Course and lessons are matched by slug, questions by (course, question id). Nothing is ever
deleted: what left the package is retired, and a question whose graded content changed gets a
new version, so answers students gave keep pointing at the wording they saw. Attempts, answers,
grades and reads are never touched. Loading the same package twice writes nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from studyguide import coursepack
from studyguide.coursepack import CoursePackage, PackageError, Problem, read_package
from studyguide.coursepack.rendering import MarkdownTooDeep, render_markdown
from studyguide.coursepack.serialize import to_dict
from studyguide.errors import Refused
from studyguide.extensions import db
from studyguide.models import Course, Lesson, Question, QuestionVersion, utcnow
from studyguide.services._tx import transaction
from studyguide.services.import_report import LoadReport, Tally

COURSE_FILE = "course.yaml"


class ImportRefused(PackageError, Refused):
    """Raised when a package has problems; the database was not changed."""


def load_package(path: Path, *, replace: bool = False) -> LoadReport:
    """Check the package at `path` and upsert it in one transaction.

    A package whose slug is taken by a different course (another transcript), or a draft
    whose slug is a published course, is refused unless `replace` is given.

    Raises:
        ImportRefused: the package has problems (listed on the exception); nothing changed.
    """
    package = _read(Path(path))
    with transaction():
        return _upsert(package, utcnow(), from_disk=True, replace=replace)


def read_checked(path: Path) -> CoursePackage:
    """Read the package at `path` and run every load-course check; nothing is written.

    Raises:
        ImportRefused: the package has problems (listed on the exception).
    """
    return _read(Path(path))


def stage_package(package: CoursePackage) -> LoadReport:
    """Stage a checked package (see `read_checked`) in the session, matched by slug like
    load-course; call it inside `transaction()`. The browser's imports use it."""
    return _upsert(package, utcnow(), from_disk=False)


def edited_in_browser(course: Course) -> bool:
    """Return whether `course` was made or changed in the browser since load-courses last
    wrote it: load-courses then leaves it alone (the rule in the README's course section)."""
    if course.origin == "browser":
        return True
    return course.edited_at is not None and (
        course.loaded_at is None or course.edited_at > course.loaded_at
    )


def package_dirs(courses_dir: Path) -> list[Path]:
    """Return the package folders (those holding a course.yaml) in `courses_dir`, by name."""
    courses_dir = Path(courses_dir)
    if not courses_dir.is_dir():
        return []
    return sorted(
        child
        for child in courses_dir.iterdir()
        if child.is_dir() and not child.name.startswith(".") and (child / COURSE_FILE).is_file()
    )


def load_all(courses_dir: Path, *, force: bool = False) -> list[LoadReport]:
    """Check every package in `courses_dir`, then upsert them all in one transaction.

    An empty or missing folder loads nothing. Problem files are prefixed with the package's
    folder name. A course made or edited in the browser since its last load is skipped
    (its report says "skipped"), unless `force`.

    Raises:
        ImportRefused: any package has problems, or two share a slug; nothing changed.
    """
    packages: list[CoursePackage] = []
    problems: list[Problem] = []
    first_folder: dict[str, str] = {}
    for folder in package_dirs(courses_dir):
        try:
            package = _read(folder)
        except ImportRefused as refused:
            problems += [_in_folder(folder.name, problem) for problem in refused.problems]
            continue
        if package.slug in first_folder:
            message = f"'{package.slug}' is also the slug of {first_folder[package.slug]}/"
            problems.append(Problem(f"{folder.name}/{COURSE_FILE}", "slug", message))
            continue
        first_folder[package.slug] = folder.name
        packages.append(package)
    if problems:
        raise ImportRefused(problems)
    if not packages:
        return []
    now = utcnow()
    with transaction():
        return [_load_or_skip(package, now, force) for package in packages]


def _load_or_skip(package: CoursePackage, now: datetime, force: bool) -> LoadReport:
    course = db.session.scalar(sa.select(Course).where(Course.slug == package.slug))
    if course is not None and not force and edited_in_browser(course):
        return LoadReport(package.slug, "skipped")
    return _upsert(package, now, from_disk=True, replace=force)


def content_hash(question: coursepack.Question) -> str:
    """Return the sha256 of what a question is graded on: type, prompt, choices, answers."""
    canonical = json.dumps(
        _question_values(question, _GRADED),
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _read(path: Path) -> CoursePackage:
    # read_package runs every check_package check and refuses on any problem, so the package
    # is parsed and checked once, before the transaction opens.
    try:
        return read_package(path)
    except PackageError as error:
        raise ImportRefused(error.problems) from error


def _in_folder(folder: str, problem: Problem) -> Problem:
    file = folder if problem.file in ("", ".") else f"{folder}/{problem.file}"
    return Problem(file, problem.field, problem.message)


def _upsert(
    package: CoursePackage, now: datetime, *, from_disk: bool, replace: bool = False
) -> LoadReport:
    """Stage every change for one package in the session; the caller commits."""
    course, course_status = _upsert_course(package, replace)
    lessons, lesson_tally = _upsert_lessons(course, package, now)
    question_tally = _upsert_questions(course, package, lessons, now)
    report = LoadReport.from_tallies(package.slug, course_status, lesson_tally, question_tally)
    if report.changed:
        # A load from data/ marks the time; a browser import marks an edit (see edited_in_browser).
        if from_disk:
            course.loaded_at = now
        else:
            course.edited_at = now
    return report


def _upsert_course(package: CoursePackage, replace: bool) -> tuple[Course, str]:
    values = _course_values(package)
    # Row lock on PostgreSQL so two loads of one course queue up; SQLite's BEGIN IMMEDIATE
    # already serialises writers.
    course = db.session.scalar(
        sa.select(Course).where(Course.slug == package.slug).with_for_update()
    )
    if course is None:
        course = Course(slug=package.slug, **values)
        db.session.add(course)
        db.session.flush()  # lessons and questions need its id
        return course, "created"
    if not replace:
        _refuse_replacing(course, package)
    return course, "updated" if _assign(course, values) else "unchanged"


def _refuse_replacing(course: Course, package: CoursePackage) -> None:
    """Refuse a package that would replace another course, or a published one by a draft."""
    if course.transcript_text != package.transcript_text:
        reason = f"is already the slug of another course ({course.title!r}, another transcript)"
    elif course.status == "published" and package.status == "draft":
        reason = "is a published course, and this package is a draft"
    else:
        return
    message = (
        f"'{package.slug}' {reason}: change the slug, or replace that course explicitly "
        "(load-course --replace, load-courses --force)"
    )
    raise ImportRefused([Problem(COURSE_FILE, "slug", message)])


def _upsert_lessons(
    course: Course, package: CoursePackage, now: datetime
) -> tuple[dict[str, Lesson], Tally]:
    existing = {
        lesson.slug: lesson
        for lesson in db.session.scalars(sa.select(Lesson).where(Lesson.course_id == course.id))
    }
    tally: Tally = defaultdict(list)
    by_slug: dict[str, Lesson] = {}
    for position, doc in enumerate(package.lessons, start=1):
        values = _lesson_values(doc, position)
        lesson = existing.get(doc.slug)
        if lesson is None:
            lesson = Lesson(course_id=course.id, slug=doc.slug, **values)
            db.session.add(lesson)
            tally["added"].append(doc.slug)
        elif _assign(lesson, {**values, "retired_at": None}):
            tally["updated"].append(doc.slug)
        else:
            tally["unchanged"].append(doc.slug)
        by_slug[doc.slug] = lesson

    for slug, lesson in sorted(existing.items()):
        if slug not in by_slug and lesson.retired_at is None:
            lesson.retired_at = now
            tally["retired"].append(slug)
    db.session.flush()  # questions need the new lessons' ids
    return by_slug, tally


def _upsert_questions(
    course: Course, package: CoursePackage, lessons: dict[str, Lesson], now: datetime
) -> Tally:
    existing, current, latest = _question_rows(course)
    tally: Tally = defaultdict(list)
    seen: set[str] = set()
    for lesson_doc in package.lessons:
        lesson_id = lessons[lesson_doc.slug].id
        for position, doc in enumerate(lesson_doc.questions, start=1):
            seen.add(doc.id)
            digest = content_hash(doc)
            question = existing.get(doc.id)
            if question is None:
                question = Question(
                    course_id=course.id, lesson_id=lesson_id, key=doc.id, position=position
                )
                db.session.add(question)
                db.session.add(_new_version(question, doc, digest, number=1))
                tally["added"].append(doc.id)
                continue
            # A question may move between lessons, or come back after being retired.
            placed = _assign(
                question, {"lesson_id": lesson_id, "position": position, "retired_at": None}
            )
            version = current.get(question.id)
            if version is None or version.content_hash != digest:
                if version is not None:
                    version.is_current = False
                number = latest.get(question.id, 0) + 1
                db.session.add(_new_version(question, doc, digest, number=number))
                tally["versioned"].append(doc.id)
            elif _assign(version, _question_values(doc, _DETAILS)) or placed:
                tally["updated"].append(doc.id)
            else:
                tally["unchanged"].append(doc.id)

    for key, question in sorted(existing.items()):
        if key not in seen and question.retired_at is None:
            question.retired_at = now
            tally["retired"].append(key)
    return tally


def _question_rows(
    course: Course,
) -> tuple[dict[str, Question], dict[int, QuestionVersion], dict[int, int]]:
    """Return the course's questions by key, their current versions and latest version numbers
    by question id."""
    existing = {
        question.key: question
        for question in db.session.scalars(
            sa.select(Question).where(Question.course_id == course.id)
        )
    }
    in_course = QuestionVersion.question_id.in_(
        sa.select(Question.id).where(Question.course_id == course.id)
    )
    current = {
        version.question_id: version
        for version in db.session.scalars(
            sa.select(QuestionVersion).where(in_course, QuestionVersion.is_current)
        )
    }
    latest: dict[int, int] = {
        question_id: number
        for question_id, number in db.session.execute(
            sa.select(QuestionVersion.question_id, sa.func.max(QuestionVersion.version))
            .where(in_course)
            .group_by(QuestionVersion.question_id)
        )
    }
    return existing, current, latest


def _assign(row: Any, values: dict[str, Any]) -> bool:
    """Set only the attributes whose value differs and return whether any did.

    Comparing first keeps an identical reload from dirtying rows, so no UPDATE is emitted
    and `updated_at` stays put.
    """
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


def _course_values(package: CoursePackage) -> dict[str, Any]:
    meta = to_dict(package.transcript, complete=True)
    return {
        "title": package.title,
        "description": package.description,
        "status": package.status,
        "transcript_file": meta.pop("file"),
        "transcript_title": meta.pop("title"),
        "transcript_text": package.transcript_text,
        "transcript_meta": meta,  # speakers, source, language, skip
    }


# A lesson's columns taken as they are (the slug is its key, questions have rows of their own).
_LESSON = ("title", "objectives", "segments", "takeaways", "quotes", "reflection_prompts",
           "keyphrases", "glossary")  # fmt: skip


def _lesson_values(doc: coursepack.Lesson, position: int) -> dict[str, Any]:
    try:
        html = render_markdown(doc.body_markdown)
    except MarkdownTooDeep as error:
        raise ImportRefused([Problem(doc.file, "body", str(error))]) from error
    values = to_dict(doc, complete=True)
    return {
        "position": position,
        **{name: values[name] for name in _LESSON},
        "summary_markdown": doc.body_markdown,
        "summary_html": html,
    }


# A question version's columns: what it is graded on (its content hash) and the details that
# can change without a new version.
_GRADED = ("type", "prompt", "choices", "answer", "accepted")
_DETAILS = ("explanation", "evidence", "difficulty")


def _question_values(doc: coursepack.Question, names: tuple[str, ...]) -> dict[str, Any]:
    values = to_dict(doc, complete=True)
    return {name: values[name] for name in names}


def _new_version(
    question: Question, doc: coursepack.Question, digest: str, number: int
) -> QuestionVersion:
    return QuestionVersion(
        question=question,
        version=number,
        is_current=True,
        content_hash=digest,
        **_question_values(doc, _GRADED + _DETAILS),
    )
