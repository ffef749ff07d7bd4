"""The one mapping between course records and plain data (docs/course-format.md).

`to_dict` gives the mapping a package file holds: fields in the order the format lists them,
optional fields left out when they are None or empty. `to_dict(..., complete=True)` keeps every
field (None and empty lists included), the shape stored in the database. `from_dict` reads
either shape back; what it is given must have passed the package checks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from typing import Any, TypeVar

from studyguide.coursepack.models import (
    CoursePackage,
    Evidence,
    GlossaryEntry,
    Lesson,
    Question,
    Quote,
    Segment,
    SkipRange,
    Takeaway,
    TranscriptInfo,
)

Record = (
    Evidence | Quote | Segment | SkipRange | Takeaway | GlossaryEntry | Question | Lesson
    | TranscriptInfo | CoursePackage
)  # fmt: skip
R = TypeVar("R", Evidence, Quote, Segment, SkipRange, Takeaway, GlossaryEntry, Question, Lesson,
            TranscriptInfo)  # fmt: skip

# The record type of a field's value (or of each item of a list), for the fields holding records.
_NESTED: dict[type, dict[str, type]] = {
    Takeaway: {"evidence": Evidence},
    Question: {"evidence": Evidence},
    TranscriptInfo: {"skip": SkipRange},
    Lesson: {
        "segments": Segment,
        "takeaways": Takeaway,
        "quotes": Quote,
        "glossary": GlossaryEntry,
        "questions": Question,
    },
}
# Fields a package file may leave out: lists read as (), values as None.
_OPTIONAL_LISTS = frozenset(
    {"choices", "accepted", "reflection_prompts", "keyphrases", "glossary", "speakers", "skip"}
)
_OPTIONAL_VALUES = frozenset({"start_time", "version", "source", "language"})
# A lesson's Markdown is the file's body, not a front matter field; its file name follows
# from its slug.
_KEYS = {"body_markdown": "body"}


def to_dict(record: Record, *, complete: bool = False) -> dict[str, Any]:
    """Return the plain mapping of `record`: lists for tuples, mappings for nested records.

    A lesson's mapping holds its front matter and its Markdown as "body"; a package's is its
    course.yaml (lessons listed by slug).
    """
    if isinstance(record, CoursePackage):
        return {
            "slug": record.slug,
            "title": record.title,
            "description": record.description,
            "status": record.status,
            "transcript": to_dict(record.transcript, complete=complete),
            "lessons": [lesson.slug for lesson in record.lessons],
        }
    out: dict[str, Any] = {}
    for field in fields(record):
        if isinstance(record, Lesson) and field.name == "file":
            continue
        value = _plain(getattr(record, field.name), complete)
        if not complete and field.name in _OPTIONAL_LISTS | _OPTIONAL_VALUES:
            if value is None or value == []:
                continue
        out[_KEYS.get(field.name, field.name)] = value
    return out


def from_dict(cls: type[R], data: Mapping[str, Any]) -> R:
    """Build a `cls` record from its plain mapping (a lesson's "file" defaults from its slug)."""
    nested = _NESTED.get(cls, {})
    values: dict[str, Any] = {}
    for field in fields(cls):
        key = _KEYS.get(field.name, field.name)
        if key not in data:
            if field.name in _OPTIONAL_LISTS:
                values[field.name] = ()
            elif field.name in _OPTIONAL_VALUES:
                values[field.name] = None
            elif cls is Lesson and field.name == "file":
                values["file"] = f"lessons/{data['slug']}.md"
            continue  # a field with a default keeps it; a missing required one fails below
        value = data[key]
        item_type = nested.get(field.name)
        if item_type is not None and isinstance(value, list):
            value = tuple(from_dict(item_type, item) for item in value)
        elif item_type is not None:
            value = from_dict(item_type, value)
        elif isinstance(value, list):
            value = tuple(value)
        values[field.name] = value
    return cls(**values)


def _plain(value: Any, complete: bool) -> Any:
    if isinstance(value, tuple):
        return [_plain(item, complete) for item in value]
    if isinstance(value, Record):
        return to_dict(value, complete=complete)
    return value
