"""Fixtures for course package tests: a copy of the valid package to break one way per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.coursepack.pkgtools import VALID, Package


@pytest.fixture
def package(tmp_path: Path) -> Package:
    """Return a fresh copy of the valid fixture package."""
    root = tmp_path / "valid"
    shutil.copytree(VALID, root)
    return Package(root)
