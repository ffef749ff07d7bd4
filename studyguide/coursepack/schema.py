"""JSON Schemas (draft 2020-12) for course.yaml and lesson front matter."""

from __future__ import annotations

from typing import Any

DRAFT = "https://json-schema.org/draft/2020-12/schema"

QUESTION_TYPES = ("multiple_choice", "multiple_select", "true_false", "cloze", "short_answer")
DIFFICULTIES = ("easy", "medium", "hard")
STATUSES = ("published", "draft")

# "x-message" is an annotation keyword: checks.py shows it instead of jsonschema's regex dump.
SLUG: dict[str, Any] = {
    "type": "string",
    "pattern": "^[a-z0-9-]+$",
    "x-message": "must be lowercase letters, digits and hyphens",
}
TEXT: dict[str, Any] = {"type": "string", "pattern": r"\S", "x-message": "must not be empty"}
TEXT_LIST: dict[str, Any] = {"type": "array", "items": TEXT}
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

# Not a bare `false` schema: jsonschema would then drop the field's name from the error path.
_FORBIDDEN: dict[str, Any] = {"not": {}, "x-forbidden": True}
_STRING_ANSWER = {"answer": TEXT}
_ACCEPTED = {"accepted": TEXT_LIST}

# Per-type rules, applied with if/then so an error names the exact field that is wrong.
TYPE_RULES: dict[str, dict[str, Any]] = {
    "multiple_choice": {
        "required": ["choices"],
        "properties": {
            "choices": {"type": "array", "items": TEXT, "minItems": 2, "maxItems": 6},
            **_STRING_ANSWER,
            "accepted": _FORBIDDEN,
        },
    },
    "multiple_select": {
        "required": ["choices"],
        "properties": {
            "choices": {"type": "array", "items": TEXT, "minItems": 3, "maxItems": 8},
            "answer": {"type": "array", "items": TEXT, "minItems": 1, "uniqueItems": True},
            "accepted": _FORBIDDEN,
        },
    },
    "true_false": {
        "properties": {
            "choices": _FORBIDDEN,
            "answer": {"type": "boolean"},
            "accepted": _FORBIDDEN,
        },
    },
    "cloze": {"properties": {"choices": _FORBIDDEN, **_STRING_ANSWER, **_ACCEPTED}},
    "short_answer": {"properties": {"choices": _FORBIDDEN, **_STRING_ANSWER, **_ACCEPTED}},
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
