"""JSON Schemas (draft 2020-12) for course.yaml and lesson front matter."""

from __future__ import annotations

from typing import Any

from studyguide import questiontypes
from studyguide.questiontypes.schema import TEXT, TEXT_LIST

DRAFT = "https://json-schema.org/draft/2020-12/schema"

QUESTION_TYPES = tuple(questiontypes.QUESTION_TYPES)
DIFFICULTIES = ("easy", "medium", "hard")
STATUSES = ("published", "draft")

# "x-message" is an annotation keyword: checks.py shows it instead of jsonschema's regex dump.
SLUG: dict[str, Any] = {
    "type": "string",
    "pattern": "^[a-z0-9-]+$",
    "x-message": "must be lowercase letters, digits and hyphens",
}
OFFSET: dict[str, Any] = {"type": "integer", "minimum": 0}
START_TIME: dict[str, Any] = {"type": ["number", "null"], "minimum": 0}


def _record(required: dict[str, Any], optional: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return an object schema with these required and optional properties and no others."""
    return {
        "type": "object",
        "required": list(required),
        "properties": required | (optional or {}),
        "additionalProperties": False,
    }


EVIDENCE = _record(
    {"quote": TEXT, "start_char": OFFSET, "end_char": OFFSET}, {"start_time": START_TIME}
)
QUOTE = _record(
    {"text": TEXT, "start_char": OFFSET, "end_char": OFFSET}, {"start_time": START_TIME}
)
SEGMENT = _record({"start_char": OFFSET, "end_char": OFFSET, "title": TEXT})
SKIP_RANGE = _record({"start_char": OFFSET, "end_char": OFFSET, "reason": TEXT})
TAKEAWAY = _record({"text": TEXT, "evidence": EVIDENCE})
GLOSSARY_ENTRY = _record({"term": TEXT, "definition": TEXT})

TRANSCRIPT = _record(
    {
        "file": {
            "type": "string",
            "pattern": r"^[^/\\]+\.(txt|srt|vtt)$",
            "x-message": "must be a file name in the package ending in .txt, .srt or .vtt",
        },
        "title": TEXT,
    },
    {
        "speakers": TEXT_LIST,
        "source": TEXT,
        "language": TEXT,
        "skip": {"type": "array", "items": SKIP_RANGE},
    },
)

COURSE_SCHEMA: dict[str, Any] = {
    "$schema": DRAFT,
    "title": "course.yaml",
    **_record(
        {
            "slug": SLUG,
            "title": TEXT,
            "description": TEXT,
            "transcript": TRANSCRIPT,
            "lessons": {"type": "array", "items": SLUG, "minItems": 1},
        },
        {"status": {"enum": list(STATUSES)}},
    ),
}

# Per-type rules, owned by the registry, applied with if/then so an error names the exact field.
TYPE_RULES: dict[str, dict[str, Any]] = {
    name: kind.schema_rule for name, kind in questiontypes.QUESTION_TYPES.items()
}

QUESTION: dict[str, Any] = {
    **_record(
        {
            "id": SLUG,
            "type": {"enum": list(QUESTION_TYPES)},
            "prompt": TEXT,
            "answer": True,
            "explanation": TEXT,
            "evidence": EVIDENCE,
            "difficulty": {"enum": list(DIFFICULTIES)},
        },
        {"choices": True, "accepted": True, "version": {"type": "integer", "minimum": 1}},
    ),
    "allOf": [
        {
            "if": {"required": ["type"], "properties": {"type": {"const": name}}},
            "then": rules,
        }
        for name, rules in TYPE_RULES.items()
    ],
}

LESSON_SCHEMA: dict[str, Any] = {
    "$schema": DRAFT,
    "title": "lesson front matter",
    **_record(
        {
            "slug": SLUG,
            "title": TEXT,
            "objectives": {**TEXT_LIST, "minItems": 1},
            "segments": {"type": "array", "items": SEGMENT, "minItems": 1},
            "takeaways": {"type": "array", "items": TAKEAWAY, "minItems": 1},
            "quotes": {"type": "array", "items": QUOTE},
            "questions": {"type": "array", "items": QUESTION},
        },
        {
            "reflection_prompts": TEXT_LIST,
            "keyphrases": TEXT_LIST,
            "glossary": {"type": "array", "items": GLOSSARY_ENTRY},
        },
    ),
}
