"""Validate parsed YAML against a schema, one precise Problem per error."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from jsonschema import Draft202012Validator, ValidationError
from jsonschema.validators import extend

from studyguide.coursepack.models import Problem


def _is_integer(_checker: Any, value: Any) -> bool:
    # jsonschema counts 3.0 as an integer, but a float offset cannot slice a string.
    return isinstance(value, int) and not isinstance(value, bool)


_Validator = extend(
    Draft202012Validator,
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer),
)


def schema_problems(file: str, document: Any, schema: dict[str, Any]) -> list[Problem]:
    """Return the problems of `document` (from `file`) against `schema`, ordered by field."""
    errors = sorted(
        _Validator(schema).iter_errors(document), key=lambda e: _sort_key(e.absolute_path)
    )
    problems: list[Problem] = []
    for error in errors:
        for field, message in _describe(error, document):
            problem = Problem(file, field, message)
            if problem not in problems:
                problems.append(problem)
    return problems


def field_path(path: Iterable[Any]) -> str:
    """Format a path like ['questions', 3, 'answer'] as 'questions[3].answer'."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text or "(root)"


def _sort_key(path: Iterable[Any]) -> tuple[tuple[int, int, str], ...]:
    return tuple((0, part, "") if isinstance(part, int) else (1, 0, str(part)) for part in path)


def _describe(error: ValidationError, document: Any) -> list[tuple[str, str]]:
    path = list(error.absolute_path)
    here = field_path(path)
    instance, value = error.instance, error.validator_value
    if error.validator == "required":
        return [
            (field_path([*path, name]), "required field missing")
            for name in value
            if isinstance(instance, dict) and name not in instance
        ]
    if error.validator == "additionalProperties" and isinstance(instance, dict):
        known = error.schema.get("properties", {})
        return [(field_path([*path, key]), "unknown field") for key in instance if key not in known]
    if error.validator == "not" and _annotation(error, "x-forbidden"):
        kind = _lookup(document, path[:-1]).get("type")
        return [(here, f"not allowed in {kind} questions")]
    describe = _MESSAGES.get(str(error.validator))
    message = describe(error) if describe else error.message
    return [(here, message)]


def _lookup(document: Any, path: Sequence[Any]) -> dict[str, Any]:
    for part in path:
        document = document[part]
    return document if isinstance(document, dict) else {}


def _short(value: Any) -> str:
    text = _yaml_word(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _yaml_word(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return repr(value)
    if isinstance(value, datetime.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


_TYPE_NAMES = {
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping",
    "null": "null",
}


def _type_message(error: ValidationError) -> str:
    expected = error.validator_value
    names = [expected] if isinstance(expected, str) else list(expected)
    wanted = " or ".join(_TYPE_NAMES.get(name, name) for name in names)
    message = f"must be {wanted}, got {_short(error.instance)}"
    scalar = isinstance(error.instance, bool | int | float | datetime.date)
    if "string" in names and scalar:
        message += " (put it in quotes: YAML reads bare numbers, dates and yes/no as other types)"
    return message


def _annotation(error: ValidationError, keyword: str) -> Any:
    return error.schema.get(keyword) if isinstance(error.schema, dict) else None


def _pattern_message(error: ValidationError) -> str:
    custom = _annotation(error, "x-message")
    return f"{custom}, got {_short(error.instance)}" if custom else error.message


def _choices(values: Sequence[Any]) -> str:
    return ", ".join(str(value) for value in values)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


_MESSAGES: dict[str, Callable[[ValidationError], str]] = {
    "type": _type_message,
    "pattern": _pattern_message,
    "enum": lambda e: f"must be one of {_choices(e.validator_value)}, got {_short(e.instance)}",
    "const": lambda e: f"must be {_short(e.validator_value)}",
    "minItems": lambda e: f"must have at least {_plural(e.validator_value, 'item')}",
    "maxItems": lambda e: f"must have at most {_plural(e.validator_value, 'item')}",
    "uniqueItems": lambda e: "must not list the same item twice",
    "minimum": lambda e: f"must be at least {e.validator_value}, got {_short(e.instance)}",
}
