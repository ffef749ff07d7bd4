"""`load-course` and `load-courses`: output, exit codes, and nothing changed on problems."""

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from studyguide.models import Course, Question, QuestionVersion

VALID = Path(__file__).parent / "coursepack" / "fixtures" / "valid"
ABROAD = "lessons/going-abroad.md"


@pytest.fixture
def courses_dir(app) -> Path:
    return Path(app.config["COURSES_DIR"])


def copy_fixture(dest: Path) -> Path:
    shutil.copytree(VALID, dest)
    return dest


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_load_course_prints_the_report_and_is_idempotent(db, runner, tmp_path):
    path = copy_fixture(tmp_path / "valid")

    first = runner.invoke(args=["load-course", str(path)])

    assert first.exit_code == 0, first.output
    lines = first.stdout.splitlines()
    assert lines[0] == (
        "valid: course created; lessons: 2 added, 0 updated, 0 unchanged, 0 retired; "
        "questions: 5 added, 0 new versions, 0 updated, 0 unchanged, 0 retired"
    )
    assert "  lessons added: going-abroad, advice" in lines
    assert (
        "  questions added: abroad-why, abroad-support, abroad-year, advice-steps, "
        "advice-investment"
    ) in lines
    assert (count(db, Course), count(db, Question), count(db, QuestionVersion)) == (1, 5, 5)

    second = runner.invoke(args=["load-course", str(path)])

    assert second.exit_code == 0, second.output
    assert second.stdout == "valid: unchanged (2 lessons, 5 questions)\n"
    assert (count(db, Course), count(db, Question), count(db, QuestionVersion)) == (1, 5, 5)


def test_load_course_reports_new_versions_and_retirements(db, runner, tmp_path):
    path = copy_fixture(tmp_path / "valid")
    runner.invoke(args=["load-course", str(path)])
    replace(path / ABROAD, "How did Ada describe", "How would Ada describe")
    replace(path / ABROAD, "  version: 1\n", "")  # informational only: no new version
    replace(path / "lessons/advice.md", "explanation: She calls", "explanation: Ada calls")

    result = runner.invoke(args=["load-course", str(path)])

    assert result.exit_code == 0, result.output
    assert "1 new versions, 1 updated, 3 unchanged, 0 retired" in result.stdout
    assert "  questions with a new version: abroad-why\n" in result.stdout
    assert "  questions updated: advice-investment\n" in result.stdout
    assert count(db, QuestionVersion) == 6


def test_load_course_with_problems_prints_them_changes_nothing_and_exits_1(db, runner, tmp_path):
    path = copy_fixture(tmp_path / "valid")
    replace(path / ABROAD, "answer: A spur of the moment decision", "answer: Paris")
    replace(path / ABROAD, "quote: I moved to Boston in 1999.", "quote: I moved to Paris in 1999.")

    result = runner.invoke(args=["load-course", str(path)])

    assert result.exit_code == 1
    problems = sorted(result.stdout.splitlines())
    assert len(problems) == 2
    assert problems[0].startswith(f"{ABROAD}: questions[0].answer: ")
    assert problems[1].startswith(f"{ABROAD}: questions[2].evidence")
    assert result.stderr == f"{path}: 2 problem(s); nothing was loaded\n"
    assert count(db, Course) == 0


def test_load_course_on_a_missing_folder_exits_1(db, runner, tmp_path):
    result = runner.invoke(args=["load-course", str(tmp_path / "nowhere")])

    assert result.exit_code == 1
    assert "package folder not found" in result.stdout
    assert count(db, Course) == 0


def test_load_courses_loads_every_package_once(db, runner, courses_dir):
    copy_fixture(courses_dir / "valid")
    other = copy_fixture(courses_dir / "other")
    replace(other / "course.yaml", "slug: valid", "slug: other")

    first = runner.invoke(args=["load-courses"])
    second = runner.invoke(args=["load-courses"])

    assert first.exit_code == 0, first.output
    assert [line.split(":")[0:2] for line in first.stdout.splitlines()] == [
        ["other", " course created; lessons"],
        ["valid", " course created; lessons"],
    ]
    assert second.exit_code == 0, second.output
    assert second.stdout == (
        "other: unchanged (2 lessons, 5 questions)\nvalid: unchanged (2 lessons, 5 questions)\n"
    )
    assert (count(db, Course), count(db, QuestionVersion)) == (2, 10)


@pytest.mark.parametrize("make_dir", [True, False], ids=["empty", "missing"])
def test_load_courses_with_nothing_to_load_is_not_an_error(db, runner, courses_dir, make_dir):
    if make_dir:
        courses_dir.mkdir()

    result = runner.invoke(args=["load-courses"])

    assert result.exit_code == 0, result.output
    assert result.stdout == f"No course packages in {courses_dir}\n"


def test_load_courses_with_a_broken_package_loads_none(db, runner, courses_dir):
    copy_fixture(courses_dir / "good")
    broken = copy_fixture(courses_dir / "valid")
    replace(broken / "course.yaml", "slug: valid", "slug: broken")
    replace(broken / ABROAD, "difficulty: easy", "difficulty: trivial")

    result = runner.invoke(args=["load-courses"])

    assert result.exit_code == 1
    assert result.stdout.startswith(f"valid/{ABROAD}: questions[0].difficulty: ")
    assert result.stderr == f"{courses_dir}: 1 problem(s); nothing was loaded\n"
    assert count(db, Course) == 0


def test_load_commands_are_registered_with_help(runner):
    for command in ("load-course", "load-courses"):
        result = runner.invoke(args=[command, "--help"])
        assert result.exit_code == 0
        assert "Idempotent" in result.output
