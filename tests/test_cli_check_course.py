"""`check-course`: through click, and as the installed `studyguide` console script."""

import subprocess
import sys
from pathlib import Path

from studyguide.cli.courses import check_course_command
from tests.test_cli_courses import ABROAD, VALID, copy_fixture, replace

CURATED = Path(__file__).resolve().parents[1] / "data" / "courses" / "madry-research-careers"


def test_valid_packages_pass(runner_plain):
    result = runner_plain.invoke(check_course_command, [str(VALID), str(CURATED)])
    assert result.exit_code == 0, result.output
    assert f"{VALID}: ok" in result.output
    assert f"{CURATED}: ok" in result.output


def test_a_broken_package_fails_with_file_field_problem_lines(runner_plain, tmp_path):
    package = copy_fixture(tmp_path / "broken")
    text = (package / ABROAD).read_text(encoding="utf-8")
    quote_line = next(line for line in text.splitlines() if line.strip().startswith("quote:"))
    replace(package / ABROAD, quote_line, quote_line.replace("quote:", "quote: Not said", 1))
    result = runner_plain.invoke(check_course_command, [str(package)])
    assert result.exit_code == 1
    problem_lines = [line for line in result.output.splitlines() if line.startswith(str(package))]
    assert any(
        line.startswith(f"{package}/{ABROAD}: ") and "quote" in line for line in problem_lines
    ), result.output


def test_console_script_runs_check_course():
    script = Path(sys.executable).with_name("studyguide")
    completed = subprocess.run(
        [str(script), "check-course", str(CURATED)], capture_output=True, text=True, timeout=120
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip().endswith(": ok")
