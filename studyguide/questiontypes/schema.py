"""JSON Schema (draft 2020-12) pieces shared by the course package schema and each type's rule."""

from __future__ import annotations

from typing import Any

# "x-message" is an annotation keyword: checks show it instead of jsonschema's regex dump.
TEXT: dict[str, Any] = {"type": "string", "pattern": r"\S", "x-message": "must not be empty"}
TEXT_LIST: dict[str, Any] = {"type": "array", "items": TEXT}
# Not a bare `false` schema: jsonschema would then drop the field's name from the error path.
FORBIDDEN: dict[str, Any] = {"not": {}, "x-forbidden": True}
