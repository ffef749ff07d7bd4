"""Read a package's files into plain data, turning every read or parse failure into a Problem."""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError

from studyguide.coursepack.models import Problem

COURSE_FILE = "course.yaml"
LESSONS_DIR = "lessons"
WHOLE_FILE = "(file)"  # the field of a problem that concerns a whole file
MAX_YAML_DEPTH = 50  # the schema needs 6 levels; PyYAML recurses once per level
MAX_NUMBER = 10**15  # offsets and times are far smaller; nan and inf are out of range too
MB = 1024 * 1024
MAX_PACKAGE_BYTES = 10 * MB  # every file in the folder and in lessons/
MAX_TRANSCRIPT_BYTES = 5 * MB  # as `generate` accepts
MAX_FILE_BYTES = 1 * MB  # course.yaml and each lesson file
MAX_LESSON_FILES = 100
LINK = "is a symbolic link: a package must hold its files itself, not link to them"
HARD_LINK = "is a hard link (the same file is also elsewhere): a package must hold its files itself"
# C0 controls other than tab, newline and carriage return: no text needs them, and
# PostgreSQL refuses NUL.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# O_NOFOLLOW refuses a link as the last path component; O_NONBLOCK keeps a FIFO from blocking.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


@dataclass
class LessonSource:
    """A lesson file as read: `front` is None when it could not be parsed."""

    file: str
    stem: str
    front: Any = None
    body: str = ""


@dataclass
class PackageSource:
    """Everything read from a package folder, before any validation."""

    root: Path
    course: Any = None
    transcript: str | None = None
    lessons: list[LessonSource] = field(default_factory=list)


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that rejects duplicate keys and aliases instead of silently accepting them,
    refuses nesting deeper than MAX_YAML_DEPTH, and turns a value PyYAML cannot build (a date
    that is not a date, a number with thousands of digits) into an error with its line."""

    depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if self.check_event(yaml.AliasEvent):
            raise ComposerError(None, None, "aliases (*name) are not allowed", event.start_mark)
        if self.depth >= MAX_YAML_DEPTH:
            message = f"nested more than {MAX_YAML_DEPTH} levels deep"
            raise ComposerError(None, None, message, event.start_mark)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        try:
            if node.tag.endswith((":int", ":float")) and len(node.value) > 40:
                raise ValueError("too many digits")
            value = super().construct_object(node, deep=deep)
            if isinstance(value, int | float) and not -MAX_NUMBER <= value <= MAX_NUMBER:
                raise ValueError(f"out of range (at most {MAX_NUMBER:.0e} either way)")
        except (ValueError, OverflowError) as error:
            text = node.value if isinstance(node.value, str) else ""
            shown = repr(text) if len(text) <= 40 else f"a {len(text)}-character value"
            message = f"cannot read {shown} as {node.tag.rsplit(':', 1)[-1]}: {error}"
            raise ConstructorError(None, None, message[:200], node.start_mark) from error
        return value

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: set[str] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, str):
                if key in seen:
                    message = f"duplicate key '{key}'"
                    raise ConstructorError(None, None, message, key_node.start_mark)
                seen.add(key)
        return super().construct_mapping(node, deep=deep)


def parse_yaml(text: str, file: str, first_line: int = 1) -> tuple[Any, list[Problem]]:
    """Parse YAML text; a syntax error becomes a Problem naming its line in the file."""
    try:
        return yaml.load(text, Loader=_StrictLoader), []  # nosec B506 # _StrictLoader is a SafeLoader
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + first_line}" if mark is not None else WHOLE_FILE
        reason = getattr(error, "problem", None) or str(error)
        return None, [Problem(file, where, f"malformed YAML: {reason}")]


class Unreadable(Exception):
    """A package file that must not or cannot be read; str() says why."""


def read_regular(path: Path, limit: int = MAX_FILE_BYTES, *, follow_links: bool = False) -> bytes:
    """Return the bytes of the regular file at `path`, reading at most `limit` + 1 of them;
    a symbolic or hard link is refused unless `follow_links`.

    Raises:
        FileNotFoundError: nothing is there.
        Unreadable: a link, a folder, a device, FIFO or socket, over `limit` bytes, or an
            OS error.
    """
    if path.is_symlink() and not follow_links:
        raise Unreadable(LINK)
    flags = _OPEN_FLAGS & ~getattr(os, "O_NOFOLLOW", 0) if follow_links else _OPEN_FLAGS
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise
    except OSError as error:
        reason = LINK if error.errno == errno.ELOOP else f"cannot read: {error.strerror or error}"
        raise Unreadable(reason) from error
    try:
        info = os.fstat(fd)
        mode = info.st_mode
        if stat.S_ISDIR(mode):
            raise Unreadable("is a folder, not a file")
        if not stat.S_ISREG(mode):
            raise Unreadable("is not a regular file (a device, pipe or socket)")
        if info.st_nlink > 1 and not follow_links:
            # A hard link reads like a file of the package but is shared with one outside it.
            raise Unreadable(HARD_LINK)
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(limit + 1)
        if len(data) > limit:
            size = max(info.st_size, len(data))
            raise Unreadable(f"is {size:,} bytes, over the {limit:,}-byte limit")
        return data
    finally:
        os.close(fd)


def read_text(
    path: Path, file: str, limit: int = MAX_FILE_BYTES
) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 file (a BOM is dropped); failures become Problems."""
    try:
        data = read_regular(path, limit)
    except FileNotFoundError:
        return None, [Problem(file, WHOLE_FILE, "not found")]
    except Unreadable as error:
        return None, [Problem(file, WHOLE_FILE, str(error))]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        byte = data[error.start]
        message = f"not valid UTF-8: byte 0x{byte:02x} at offset {error.start}"
        return None, [Problem(file, WHOLE_FILE, message)]
    control = control_message(text)
    return (None, [Problem(file, WHOLE_FILE, control)]) if control else (text, [])


def control_message(text: str) -> str | None:
    """Describe the first control character in `text`, or return None if it has none."""
    found = CONTROL.search(text)
    if found is None:
        return None
    return (
        f"control character U+{ord(found.group()):04X} at character {found.start()}: "
        "only tab, newline and carriage return are allowed"
    )


def split_front_matter(text: str, file: str) -> tuple[Any, str, list[Problem]]:
    """Split a lesson file into parsed front matter and Markdown body."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return None, "", [Problem(file, "front matter", "missing: the file must start with '---'")]
    for index in range(1, len(lines)):
        if lines[index].rstrip() == "---":
            break
    else:
        return None, "", [Problem(file, "front matter", "not closed: no second '---' line")]
    front, problems = parse_yaml("".join(lines[1:index]), file, first_line=2)
    body = "".join(lines[index + 1 :]).strip()
    if not problems and not isinstance(front, dict):
        problems = [Problem(file, "front matter", "must be a YAML mapping of fields")]
        front = None
    return front, body, problems


def read_source(root: Path) -> tuple[PackageSource, list[Problem]]:
    """Read course.yaml, the transcript and every lesson file under `root`."""
    source = PackageSource(root=root)
    if not root.is_dir():
        reason = "is a file, not a folder" if root.exists() else "not found"
        return source, [Problem(".", WHOLE_FILE, f"package folder {reason}: {root}")]
    too_large = _size_problems(root)
    if too_large:
        return source, too_large
    text, problems = read_text(root / COURSE_FILE, COURSE_FILE)
    if text is not None:
        source.course, found = parse_yaml(text, COURSE_FILE)
        problems += found
        if not found and not isinstance(source.course, dict):
            problems.append(Problem(COURSE_FILE, WHOLE_FILE, "must be a YAML mapping of fields"))
            source.course = None

    source.transcript, found = _read_transcript(root, source.course)
    problems += found
    if (root / LESSONS_DIR).is_symlink():
        return source, [*problems, Problem(LESSONS_DIR, WHOLE_FILE, LINK)]
    for path in _lesson_paths(root, source.course):
        lesson, found = _read_lesson(root, path)
        source.lessons.append(lesson)
        problems += found
    return source, problems


def _read_transcript(root: Path, course: Any) -> tuple[str | None, list[Problem]]:
    transcript = course.get("transcript") if isinstance(course, dict) else None
    name = transcript.get("file") if isinstance(transcript, dict) else None
    if not isinstance(name, str) or not name or "/" in name or "\\" in name or name in (".", ".."):
        return None, []  # the schema check reports the bad or missing field
    if not (root / name).is_symlink() and not (root / name).exists():
        return None, [Problem(COURSE_FILE, "transcript.file", f"file '{name}' not found")]
    return read_text(root / name, name, MAX_TRANSCRIPT_BYTES)


def _size_problems(root: Path) -> list[Problem]:
    """Refuse a package with too many lesson files or too many bytes, before reading it."""
    lessons = root / LESSONS_DIR
    in_lessons = list(lessons.iterdir()) if lessons.is_dir() and not lessons.is_symlink() else []
    if len(in_lessons) > MAX_LESSON_FILES:
        message = f"holds {len(in_lessons):,} files, over the limit of {MAX_LESSON_FILES}"
        return [Problem(LESSONS_DIR, WHOLE_FILE, message)]
    sizes = (path.lstat() for path in [*root.iterdir(), *in_lessons])
    total = sum(info.st_size for info in sizes if stat.S_ISREG(info.st_mode))
    if total <= MAX_PACKAGE_BYTES:
        return []
    message = f"the package is {total:,} bytes, over the {MAX_PACKAGE_BYTES:,}-byte limit"
    return [Problem(".", WHOLE_FILE, message)]


def _lesson_paths(root: Path, course: Any) -> list[Path]:
    """Return lesson files in course order, then any unlisted ones by name."""
    on_disk = sorted((root / LESSONS_DIR).glob("*.md")) if (root / LESSONS_DIR).is_dir() else []
    listed = course.get("lessons") if isinstance(course, dict) else None
    order: dict[str, int] = {}
    for slug in listed if isinstance(listed, list) else []:
        if isinstance(slug, str):
            order.setdefault(slug, len(order))

    def position(path: Path) -> tuple[int, str]:
        return (order.get(path.stem, len(order)), path.name)

    # Links and other non-folders are kept, so that reading them reports what they are.
    return sorted((path for path in on_disk if not _is_real_dir(path)), key=position)


def _is_real_dir(path: Path) -> bool:
    return stat.S_ISDIR(path.lstat().st_mode)


def _read_lesson(root: Path, path: Path) -> tuple[LessonSource, list[Problem]]:
    file = path.relative_to(root).as_posix()
    lesson = LessonSource(file=file, stem=path.stem)
    text, problems = read_text(path, file)
    if text is None:
        return lesson, problems
    lesson.front, lesson.body, problems = split_front_matter(text, file)
    return lesson, problems
