"""Every course package shipped under data/courses/ passes check_package."""

from __future__ import annotations

from pathlib import Path

import pytest

from studyguide.coursepack import check_package

COURSES = Path(__file__).resolve().parents[2] / "data" / "courses"
PACKAGES = sorted(p for p in COURSES.glob("*") if (p / "course.yaml").is_file())


def test_at_least_one_curated_course_exists() -> None:
    assert PACKAGES, f"no course package under {COURSES}"


@pytest.mark.parametrize("root", PACKAGES, ids=[p.name for p in PACKAGES])
def test_curated_course_passes_the_checker(root: Path) -> None:
    assert [str(problem) for problem in check_package(root)] == []
