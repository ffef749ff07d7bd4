"""Helpers for course package tests: a writable copy of a fixture package and edits to it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from studyguide.coursepack.writer import dump_yaml, render_lesson

FIXTURES = Path(__file__).parent / "fixtures"
VALID = FIXTURES / "valid"


class Package:
    """A writable copy of a fixture package with helpers to edit its files."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def text(self, file: str) -> str:
        return (self.root / file).read_text(encoding="utf-8")

    def write(self, file: str, text: str) -> None:
        (self.root / file).write_bytes(text.encode("utf-8"))

    def replace(self, file: str, old: str, new: str, count: int = 1) -> None:
        text = self.text(file)
        assert old in text, f"{old!r} not in {file}"
        self.write(file, text.replace(old, new, count))

    def edit_course(self, change: Callable[[dict[str, Any]], Any]) -> None:
        course = yaml.safe_load(self.text("course.yaml"))
        change(course)
        self.write("course.yaml", dump_yaml(course))

    def edit_lesson(self, slug: str, change: Callable[[dict[str, Any]], Any]) -> None:
        file = f"lessons/{slug}.md"
        _, front, body = self.text(file).split("---\n", 2)
        lesson = yaml.safe_load(front)
        change(lesson)
        self.write(file, render_lesson({**lesson, "body": body}))
