"""Write a course package to disk, byte-for-byte deterministically."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from studyguide.coursepack.models import CoursePackage
from studyguide.coursepack.serialize import to_dict

_SLUG = re.compile(r"^[a-z0-9-]+$")

# Fields are written in the order the format doc lists them, whatever order the caller built
# its dicts in, so regenerated drafts diff cleanly. Unknown keys follow in the caller's order.
_COURSE_ORDER = ("slug", "title", "description", "status", "transcript", "lessons")
_TRANSCRIPT_ORDER = ("file", "title", "speakers", "source", "language", "skip")
_LESSON_ORDER = (
    "slug", "title", "objectives", "segments", "takeaways", "quotes",
    "reflection_prompts", "keyphrases", "glossary", "questions",
)  # fmt: skip
_QUESTION_ORDER = (
    "id", "type", "prompt", "choices", "answer", "accepted",
    "explanation", "evidence", "difficulty", "version",
)  # fmt: skip
_OFFSETS_ORDER = ("text", "quote", "term", "definition", "start_char", "end_char", "start_time",
                  "title", "reason", "evidence")  # fmt: skip


def write_package(
    dest: Path, package: CoursePackage, transcript_bytes: bytes | None = None
) -> None:
    """Write `package` under `dest`: course.yaml, the transcript and one lessons/<slug>.md per
    lesson. The transcript is written as `transcript_bytes`, by default its text in UTF-8."""
    if transcript_bytes is None:
        transcript_bytes = package.transcript_text.encode("utf-8")
    lessons = [to_dict(lesson) for lesson in package.lessons]
    write_documents(dest, to_dict(package), lessons, transcript_bytes)


def write_documents(
    dest: Path,
    course: Mapping[str, Any],
    lessons: Sequence[Mapping[str, Any]],
    transcript_bytes: bytes,
) -> None:
    """Write a package given as plain mappings: the course.yaml mapping and one mapping per
    lesson (front matter and "body"). Keys are written in the format's order."""
    dest = Path(dest)
    course_doc = dict(course)
    if "lessons" not in course_doc:
        course_doc["lessons"] = [lesson["slug"] for lesson in lessons]
    transcript_name = str(course_doc["transcript"]["file"])
    if transcript_name in ("", ".", "..") or "/" in transcript_name or "\\" in transcript_name:
        raise ValueError(f"transcript.file must be a plain file name, got {transcript_name!r}")
    slugs = [str(lesson["slug"]) for lesson in lessons]
    for slug in slugs:
        if not _SLUG.match(slug):
            raise ValueError(f"lesson slug must match [a-z0-9-]+, got {slug!r}")

    lessons_dir = dest / "lessons"
    lessons_dir.mkdir(parents=True, exist_ok=True)
    (dest / "course.yaml").write_bytes(dump_yaml(_ordered_course(course_doc)).encode("utf-8"))
    (dest / transcript_name).write_bytes(transcript_bytes)
    for lesson in lessons:
        path = lessons_dir / f"{lesson['slug']}.md"
        path.write_bytes(render_lesson(lesson).encode("utf-8"))
    # A lesson dropped since the last write would otherwise linger as an unlisted file.
    for stale in lessons_dir.glob("*.md"):
        if stale.stem not in slugs:
            stale.unlink()


def render_lesson(lesson: Mapping[str, Any]) -> str:
    """Return the text of a lesson file: YAML front matter, then the Markdown body."""
    front = {key: value for key, value in lesson.items() if key != "body"}
    body = str(lesson.get("body") or "").strip()
    text = f"---\n{dump_yaml(_ordered_lesson(front))}---\n"
    return f"{text}\n{body}\n" if body else text


# Characters YAML 1.1 also reads as line breaks; a literal block would not keep them verbatim.
_BREAKS = frozenset("\r\x85\u2028\u2029")


class _Dumper(yaml.SafeDumper):
    """SafeDumper that writes multi-line strings as literal blocks, which people can edit."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # PyYAML mangles these breaks in plain, single-quoted and block styles; escape them instead.
    if _BREAKS.intersection(value):
        style: str | None = '"'
    else:  # the emitter falls back to quoting when a literal block cannot hold the text exactly
        style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump_yaml(data: Any) -> str:
    """Dump `data` as YAML the way every package file is written."""
    return yaml.dump(
        _plain(data),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
        default_flow_style=False,
    )


def _plain(value: Any) -> Any:
    """Turn tuples and other sequences/mappings into lists and dicts safe_dump accepts."""
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _ordered(mapping: Any, order: Sequence[str]) -> Any:
    if not isinstance(mapping, Mapping):
        return mapping  # malformed input is written as given; check_package reports it
    known = {key: mapping[key] for key in order if key in mapping}
    return known | {key: value for key, value in mapping.items() if key not in known}


def _ordered_course(course: Mapping[str, Any]) -> dict[str, Any]:
    doc = _ordered(course, _COURSE_ORDER)
    transcript = _ordered(doc["transcript"], _TRANSCRIPT_ORDER)
    if isinstance(transcript, dict) and isinstance(transcript.get("skip"), list | tuple):
        transcript["skip"] = [_ordered(item, _OFFSETS_ORDER) for item in transcript["skip"]]
    doc["transcript"] = transcript
    return doc


def _ordered_lesson(lesson: Mapping[str, Any]) -> dict[str, Any]:
    doc = _ordered(lesson, _LESSON_ORDER)
    for key in ("segments", "quotes", "glossary"):
        if isinstance(doc.get(key), list | tuple):
            doc[key] = [_ordered(item, _OFFSETS_ORDER) for item in doc[key]]
    if isinstance(doc.get("takeaways"), list | tuple):
        doc["takeaways"] = [
            _with_evidence(_ordered(item, _OFFSETS_ORDER)) for item in doc["takeaways"]
        ]
    if isinstance(doc.get("questions"), list | tuple):
        doc["questions"] = [
            _with_evidence(_ordered(item, _QUESTION_ORDER)) for item in doc["questions"]
        ]
    return doc


def _with_evidence(item: Any) -> Any:
    if isinstance(item, dict) and isinstance(item.get("evidence"), Mapping):
        item["evidence"] = _ordered(item["evidence"], _OFFSETS_ORDER)
    return item
