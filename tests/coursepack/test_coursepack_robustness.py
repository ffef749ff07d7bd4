"""check_package never raises, whatever a lesson or course.yaml contains."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studyguide.coursepack import Problem, check_package
from tests.coursepack.pkgtools import VALID, Package

LESSON = "lessons/going-abroad.md"

scalars = st.none() | st.booleans() | st.integers(-5, 10**6) | st.floats() | st.text(max_size=12)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=8) | st.integers(0, 3), inner, max_size=3)
    ),
    max_leaves=6,
)


def paths_in(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """List the path of every node below `value`."""
    children: list[tuple[Any, Any]] = []
    if isinstance(value, dict):
        children = list(value.items())
    elif isinstance(value, list):
        children = list(enumerate(value))
    found = []
    for key, child in children:
        found.append((*prefix, key))
        found += paths_in(child, (*prefix, key))
    return found


def set_at(document: Any, path: tuple[Any, ...], value: Any) -> None:
    for key in path[:-1]:
        document = document[key]
    document[path[-1]] = value


LESSON_PATHS = paths_in(yaml.safe_load((VALID / LESSON).read_text().split("---\n")[1]))
COURSE_PATHS = paths_in(yaml.safe_load((VALID / "course.yaml").read_text()))


def broken_copy() -> Package:
    root = Path(tempfile.mkdtemp()) / "valid"
    shutil.copytree(VALID, root)
    return Package(root)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lesson_edits=st.lists(st.tuples(st.sampled_from(LESSON_PATHS), values), max_size=3),
    course_edits=st.lists(st.tuples(st.sampled_from(COURSE_PATHS), values), max_size=2),
)
def test_check_package_turns_any_value_into_problems(
    lesson_edits: list[tuple[tuple[Any, ...], Any]],
    course_edits: list[tuple[tuple[Any, ...], Any]],
) -> None:
    package = broken_copy()
    try:

        def edit(edits: list[tuple[tuple[Any, ...], Any]]) -> Any:
            def apply(document: dict[str, Any]) -> None:
                for path, value in edits:
                    try:
                        set_at(document, path, value)
                    except (KeyError, IndexError, TypeError):
                        pass  # an earlier edit replaced a parent of this path

            return apply

        package.edit_lesson("going-abroad", edit(lesson_edits))
        package.edit_course(edit(course_edits))
        problems = check_package(package.root)
        assert all(isinstance(problem, Problem) for problem in problems)
    finally:
        shutil.rmtree(package.root.parent)


@settings(max_examples=30, deadline=None)
@given(garbage=st.binary(max_size=200))
def test_check_package_survives_arbitrary_file_bytes(garbage: bytes) -> None:
    package = broken_copy()
    try:
        for file in ("course.yaml", LESSON):
            (package.root / file).write_bytes(garbage)
        problems = check_package(package.root)
        assert problems and all(isinstance(problem, Problem) for problem in problems)
    finally:
        shutil.rmtree(package.root.parent)
