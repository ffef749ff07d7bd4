"""`python -m studyguide.coursepack` prints problems or a summary and sets the exit status."""

from __future__ import annotations

import subprocess
import sys

import pytest

from studyguide.coursepack.__main__ import main
from tests.coursepack.pkgtools import VALID, Package

SUMMARY = (
    "valid (published): 2 lessons, 5 questions (multiple_choice 1, multiple_select 1,"
    " true_false 1, cloze 1, short_answer 1)"
)


def test_valid_package_prints_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(VALID)]) == 0
    assert capsys.readouterr().out == f"{VALID}: ok: {SUMMARY}\n"


def test_broken_package_prints_problems_and_fails(
    package: Package, capsys: pytest.CaptureFixture[str]
) -> None:
    package.replace("lessons/advice.md", "answer: investment", "answer: asset")
    assert main([str(VALID), str(package.root)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{VALID}: ok: {SUMMARY}",
        f"{package.root}/lessons/advice.md: questions[1].answer: the prompt with the blank filled"
        " by 'asset' does not occur in the evidence quote",
    ]


def test_runs_as_a_module() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "studyguide.coursepack", str(VALID)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, f"{VALID}: ok: {SUMMARY}\n")
