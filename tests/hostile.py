"""Helpers for the hostile-input tests: run a command, check its refusal, snapshot state."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from click.testing import Result

from studyguide.extensions import db
from studyguide.models import Course, Lesson, Question, QuestionVersion


def assert_refused(result: Result, code: int, line: str) -> None:
    """The command exited with `code`, printed `line` as one whole line, and no traceback."""
    output = result.output
    assert result.exit_code == code, output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in output
    assert line in output.splitlines(), f"{line!r} not a line of:\n{output}"


def db_state() -> dict[str, list[Any]]:
    """Every row that a load can change, as plain tuples."""
    queries = {
        "courses": sa.select(Course.slug, Course.status, Course.title, Course.transcript_text),
        "lessons": sa.select(Lesson.slug, Lesson.position, Lesson.retired_at),
        "questions": sa.select(Question.key, Question.retired_at),
        "versions": sa.select(QuestionVersion.question_id, QuestionVersion.version),
    }
    return {name: sorted(map(tuple, db.session.execute(q))) for name, q in queries.items()}


def tree_state(root: Path) -> dict[str, Any]:
    """Every path under `root` with its kind and, for regular files, its bytes."""
    if not root.exists():
        return {}
    found: dict[str, Any] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            mode = path.lstat().st_mode
            key = str(path.relative_to(root))
            found[key] = path.read_bytes() if stat.S_ISREG(mode) else stat.S_IFMT(mode)
    return found
