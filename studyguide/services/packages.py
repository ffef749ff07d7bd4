"""Course packages in and out of the browser: download a course as a zip, upload one.

A download is the on-disk package format (course.yaml, the transcript, lessons/*.md) under a
folder named after the slug, written by `coursepack.write_package`. An upload is unpacked with
limits (size, file count, no absolute or `..` paths, no links, a compression-ratio cap against
zip bombs) into a temporary folder, then checked and loaded exactly as `load-course` does:
same slug → the course is updated in place (versions, retirement), new slug → a new course
whose editor is the uploader.
"""

from __future__ import annotations

import io
import lzma
import stat
import tempfile
import zipfile
import zlib
from dataclasses import replace
from pathlib import Path, PurePosixPath

import sqlalchemy as sa

from studyguide import coursepack
from studyguide.coursepack import CoursePackage, write_package
from studyguide.coursepack.serialize import from_dict
from studyguide.errors import NotFound, Refused
from studyguide.extensions import db
from studyguide.models import Course, Lesson, Question, QuestionVersion, User
from studyguide.services import teaching
from studyguide.services._tx import transaction
from studyguide.services.import_report import LoadReport
from studyguide.services.importer import read_checked, stage_package

MAX_FILES = 500
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_RATIO = 100  # a member may unpack to at most 100× its compressed size


def course_package(course: Course) -> CoursePackage:
    """Return `course` as it is in the database, as a package record (retired items left out)."""
    lessons = db.session.scalars(
        sa.select(Lesson)
        .where(Lesson.course_id == course.id, Lesson.retired_at.is_(None))
        .order_by(Lesson.position, Lesson.id)
    ).all()
    rows = db.session.execute(
        sa.select(Question.lesson_id, Question.key, QuestionVersion)
        .join(QuestionVersion, QuestionVersion.question_id == Question.id)
        .where(
            Question.course_id == course.id,
            Question.retired_at.is_(None),
            QuestionVersion.is_current.is_(True),
        )
        .order_by(Question.position, Question.id)
    ).all()
    questions: dict[int, list[coursepack.Question]] = {}
    for lesson_id, key, version in rows:
        questions.setdefault(lesson_id, []).append(_question(key, version))
    meta = dict(course.transcript_meta or {})
    transcript = {"file": course.transcript_file, "title": course.transcript_title, **meta}
    return CoursePackage(
        path=None,
        slug=course.slug,
        title=course.title,
        description=course.description,
        status=course.status,
        transcript=from_dict(coursepack.TranscriptInfo, _present(transcript)),
        transcript_text=course.transcript_text,
        lessons=tuple(_lesson(lesson, questions.get(lesson.id, [])) for lesson in lessons),
    )


def _present(values: dict[str, object]) -> dict[str, object]:
    return {key: value for key, value in values.items() if value is not None}


def _lesson(lesson: Lesson, questions: list[coursepack.Question]) -> coursepack.Lesson:
    record = from_dict(
        coursepack.Lesson,
        {
            "slug": lesson.slug,
            "title": lesson.title,
            "objectives": lesson.objectives,
            "segments": lesson.segments,
            "takeaways": lesson.takeaways,
            "quotes": lesson.quotes,
            "reflection_prompts": lesson.reflection_prompts,
            "keyphrases": lesson.keyphrases,
            "glossary": lesson.glossary,
            "questions": [],
            "body": lesson.summary_markdown,
        },
    )
    return replace(record, questions=tuple(questions))  # records, not mappings: set after


def _question(key: str, version: QuestionVersion) -> coursepack.Question:
    evidence = _present(dict(version.evidence))
    return from_dict(
        coursepack.Question,
        {
            "id": key,
            "type": version.type,
            "prompt": version.prompt,
            "choices": version.choices,
            "answer": version.answer,
            "accepted": version.accepted,
            "explanation": version.explanation,
            "evidence": evidence,
            "difficulty": version.difficulty,
        },
    )


def course_zip(user: User, slug: str) -> tuple[str, bytes]:
    """Return (file name, zip bytes) of the course `slug`, which `user` edits.

    Raises:
        NotFound: no such course, or `user` may not edit it.
    """
    course = teaching.editable_course(user, slug)
    package = course_package(course)
    with tempfile.TemporaryDirectory(prefix="studyguide-export-") as folder:
        root = Path(folder) / course.slug
        write_package(root, package)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                archive.write(path, str(PurePosixPath(course.slug, *path.relative_to(root).parts)))
    return f"{course.slug}.zip", buffer.getvalue()


def upload_zip(user: User, data: bytes) -> tuple[Course, LoadReport]:
    """Create or update a course from a zipped package, under load-course's rules.

    Raises:
        NotFound: `user` is not an instructor.
        Refused: the zip is unsafe or not a package, the package has problems (listed), or
            its slug names a course `user` may not edit; nothing was written.
    """
    if not user.is_instructor:
        raise NotFound("No such page.")
    with tempfile.TemporaryDirectory(prefix="studyguide-upload-") as folder:
        root = _unpack(data, Path(folder))
        package = read_checked(root)
    existing = db.session.scalar(sa.select(Course).where(Course.slug == package.slug))
    if existing is not None and not teaching.can_edit(user, existing):
        raise Refused(
            f"The address '{package.slug}' belongs to a course you cannot edit: "
            "change the slug in course.yaml to make a new course."
        )
    db.session.rollback()  # end the reads: the write transaction begins below
    with transaction():
        report = stage_package(package)
        course = db.session.execute(
            sa.select(Course).where(Course.slug == package.slug)
        ).scalar_one()
        if report.course == "created":
            teaching.make_creator_editor(course, user)
        return course, report


def _unpack(data: bytes, dest: Path) -> Path:
    """Extract a package zip safely into `dest`; return the folder holding course.yaml."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise Refused("The file is not a zip archive.") from error
    with archive:
        members = archive.infolist()
        _check_members(members)
        for member in members:
            if member.is_dir():
                continue
            content = _read_member(archive, member)
            target = dest.joinpath(*PurePosixPath(member.filename).parts)
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content)
            except OSError as error:  # a name too long; a file where a folder must be
                reason = error.strerror or type(error).__name__
                message = f"The zip member {member.filename} cannot be unpacked: {reason}."
                raise Refused(message) from error
    if (dest / "course.yaml").is_file():
        return dest
    folders = [child for child in dest.iterdir() if child.is_dir()]
    if len(folders) == 1 and (folders[0] / "course.yaml").is_file():
        return folders[0]
    raise Refused("The zip holds no course.yaml (at its top or in one folder).")


def _check_members(members: list[zipfile.ZipInfo]) -> None:
    if len(members) > MAX_FILES:
        raise Refused(f"The zip holds {len(members)} files; a package may hold {MAX_FILES}.")
    total = 0
    seen: set[str] = set()
    for member in members:
        name = member.filename
        path = PurePosixPath(name)
        if name.startswith(("/", "\\")) or ".." in path.parts or ":" in name or "\\" in name:
            raise Refused(f"The zip holds a path outside the package: {name}")
        kind = stat.S_IFMT(member.external_attr >> 16)  # 0: no Unix mode recorded
        if kind == stat.S_IFLNK:
            raise Refused(f"The zip holds a link, which packages may not: {name}")
        if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
            raise Refused(f"The zip holds something that is not a file (a device or pipe): {name}")
        if name in seen:
            raise Refused(f"The zip holds {name} twice.")
        seen.add(name)
        total += member.file_size
        if total > MAX_UNPACKED_BYTES:
            raise Refused(f"The zip unpacks to over {MAX_UNPACKED_BYTES:,} bytes.")
        if member.file_size > MAX_RATIO * max(member.compress_size, 1) + 1024:
            raise Refused(f"The zip member {name} is compressed suspiciously well (zip bomb).")


def _read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bytes:
    # Read no more than the declared size: a lying header cannot unpack more than it claims.
    try:
        with archive.open(member) as handle:
            content = handle.read(member.file_size + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, lzma.LZMAError, OSError) as error:
        raise Refused(f"The zip member {member.filename} is damaged ({error}).") from error
    except NotImplementedError as error:  # a compression method zipfile does not have
        raise Refused(
            f"The zip member {member.filename} is compressed in a way this site cannot read: "
            "zip it again with ordinary (deflate) compression."
        ) from error
    except RuntimeError as error:  # zipfile: "File ... is encrypted, password required"
        raise Refused(
            f"The zip member {member.filename} is encrypted: upload a zip without a password."
        ) from error
    if len(content) > member.file_size:
        raise Refused(f"The zip member {member.filename} is larger than it says.")
    return content
