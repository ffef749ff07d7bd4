"""Hostile course packages through `check-course` and `load-course` (issue 14).

Each case breaks a copy of the valid fixture package one way, made at run time. Both commands
must refuse it with one `file: field: problem` line, exit 1, print no traceback, and leave the
database and the package folder as they were.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from studyguide.cli import main
from tests.hostile import assert_refused, db_state, tree_state

VALID = Path(__file__).parent / "coursepack" / "fixtures" / "valid"
LINK = "is a symbolic link: a package must hold its files itself, not link to them"


def _move_out(root: Path, rel: str) -> Path:
    """Move `rel` out of the package, leave a link to it in its place, return the target."""
    outside = root.parent / "outside" / rel
    outside.parent.mkdir(parents=True, exist_ok=True)
    (root / rel).rename(outside)
    (root / rel).symlink_to(outside)
    return outside


def _replace_with(root: Path, rel: str, make: Callable[[Path], object]) -> None:
    path = root / rel
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()
    make(path)


# name -> (break the package at root, the problem line it must cause)
CASES: dict[str, tuple[Callable[[Path], object], str]] = {
    "transcript links outside": (
        lambda root: _move_out(root, "transcript.txt"),
        f"transcript.txt: (file): {LINK}",
    ),
    "transcript links to /dev/zero": (
        lambda root: _replace_with(root, "transcript.txt", lambda p: p.symlink_to("/dev/zero")),
        f"transcript.txt: (file): {LINK}",
    ),
    "lesson file links outside": (
        lambda root: _move_out(root, "lessons/advice.md"),
        f"lessons/advice.md: (file): {LINK}",
    ),
    "lessons folder links outside": (
        lambda root: _move_out(root, "lessons"),
        f"lessons: (file): {LINK}",
    ),
    "course.yaml links outside": (
        lambda root: _move_out(root, "course.yaml"),
        f"course.yaml: (file): {LINK}",
    ),
    "transcript is a FIFO": (
        lambda root: _replace_with(root, "transcript.txt", os.mkfifo),
        "transcript.txt: (file): is not a regular file (a device, pipe or socket)",
    ),
    "transcript is a folder": (
        lambda root: _replace_with(root, "transcript.txt", Path.mkdir),
        "transcript.txt: (file): is a folder, not a file",
    ),
    "course.yaml is a folder": (
        lambda root: _replace_with(root, "course.yaml", Path.mkdir),
        "course.yaml: (file): is a folder, not a file",
    ),
}


@pytest.fixture(params=list(CASES))
def hostile(request, tmp_path: Path) -> tuple[Path, str]:
    """A broken copy of the valid package and the problem line it must cause."""
    root = tmp_path / "valid"
    shutil.copytree(VALID, root)
    make, line = CASES[request.param]
    make(root)
    return root, line


def test_check_course_refuses(hostile: tuple[Path, str]) -> None:
    root, line = hostile
    before = tree_state(root)

    result = CliRunner().invoke(main, ["check-course", str(root)])

    assert_refused(result, 1, f"{root}/{line}")
    assert "characters" not in result.output  # nothing about a file outside the package
    assert tree_state(root) == before


def test_load_course_refuses_and_changes_nothing(db, runner, tmp_path, hostile) -> None:
    root, line = hostile
    loaded = runner.invoke(args=["load-course", str(shutil.copytree(VALID, tmp_path / "good"))])
    assert loaded.exit_code == 0, loaded.output
    before, files = db_state(), tree_state(root)

    result = runner.invoke(args=["load-course", str(root)])

    assert_refused(result, 1, line)
    assert db_state() == before
    assert tree_state(root) == files
