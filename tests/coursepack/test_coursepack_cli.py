"""`studyguide check-course` prints `PATH: ok` or one line per problem and sets the exit status.

(It replaced `python -m studyguide.coursepack`, which printed the same problems another way.)
"""

from __future__ import annotations

from click.testing import CliRunner

from studyguide.cli.courses import check_course_command
from tests.coursepack.pkgtools import VALID, Package


def test_valid_package_prints_ok() -> None:
    result = CliRunner().invoke(check_course_command, [str(VALID)])
    assert (result.exit_code, result.stdout, result.stderr) == (0, f"{VALID}: ok\n", "")


def test_broken_package_prints_problems_and_fails(package: Package) -> None:
    package.replace("lessons/advice.md", "answer: investment", "answer: asset")
    result = CliRunner().invoke(check_course_command, [str(VALID), str(package.root)])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{VALID}: ok",
        f"{package.root}/lessons/advice.md: questions[1].answer: the prompt with the blank filled"
        " by 'asset' does not occur in the evidence quote",
    ]
    assert result.stderr == f"{package.root}: 1 problem(s)\n"
