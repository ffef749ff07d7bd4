"""`studyguide generate` and `studyguide evaluate`, driven with click's CliRunner."""

import json

import pytest
import yaml
from click.testing import CliRunner

from studyguide.cli.generate import evaluate_command, generate_command
from studyguide.coursepack.checks import check_package

from .conftest import DATA, INTERVIEW


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.mark.parametrize(
    ("name", "content", "extra", "message"),
    [
        ("empty.txt", b"", [], "empty"),
        ("blank.txt", b"\n \n", [], "empty"),
        ("binary.txt", b"\x00\x01\x02binary", [], "binary"),
        ("talk.pdf", b"%PDF-1.4 ...", [], "binary"),
        ("talk.pdf", b"Plain words in a file with the wrong name.", [], "unknown format"),
        ("talk.docx", b"Some words.", [], "unknown format"),
        ("page.txt", b"<html><body>Hi</body></html>", [], "unknown format"),
        ("big.txt", b"word " * 100, ["--max-bytes", "100"], "over the 100-byte limit"),
        ("dots.txt", b"... !!! ???", [], "no sentences"),
        ("cues.srt", b"not captions at all", [], "no SubRip cues"),
    ],
)
def test_generate_errors_exit_2(runner, tmp_path, name, content, extra, message):
    path = tmp_path / name
    path.write_bytes(content)
    result = runner.invoke(generate_command, [str(path), "--json", "-", *extra])
    assert result.exit_code == 2, result.output
    assert "Error:" in result.output and message in result.output
    assert "Traceback" not in result.output


def test_generate_needs_an_output(runner):
    result = runner.invoke(generate_command, [str(INTERVIEW)])
    assert result.exit_code == 2
    assert "-o DIR" in result.output


def test_generate_missing_file(runner, tmp_path):
    result = runner.invoke(generate_command, [str(tmp_path / "nope.txt"), "--json", "-"])
    assert result.exit_code == 2


def test_generate_interview_package_passes_the_checker(runner, tmp_path):
    out = tmp_path / "madry"
    dump = tmp_path / "madry.json"
    result = runner.invoke(generate_command, [str(INTERVIEW), "-o", str(out), "--json", str(dump)])
    assert result.exit_code == 0, result.output
    assert check_package(out) == []
    course = yaml.safe_load((out / "course.yaml").read_text(encoding="utf-8"))
    assert course["status"] == "draft"
    assert (out / "transcript.txt").read_bytes() == INTERVIEW.read_bytes()
    data = json.loads(dump.read_text(encoding="utf-8"))
    assert {"segments", "lessons", "skipped", "dropped"} <= set(data)
    # Writing again over a draft is fine; over something else it is refused.
    assert runner.invoke(generate_command, [str(INTERVIEW), "-o", str(out)]).exit_code == 0
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine", encoding="utf-8")
    refused = runner.invoke(generate_command, [str(INTERVIEW), "-o", str(tmp_path / "other")])
    assert refused.exit_code == 2


@pytest.mark.parametrize(
    "name", ["podcast-labelled.txt", "lecture.srt", "panel.vtt", "timestamped.txt", "export.md"]
)
def test_generate_every_kind_passes_the_checker(runner, tmp_path, name):
    out = tmp_path / "pkg"
    result = runner.invoke(generate_command, [str(DATA / name), "-o", str(out), "--title", "T"])
    assert result.exit_code == 0, result.output
    assert check_package(out) == []


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1252"])
def test_generate_other_encodings(runner, tmp_path, encoding):
    text = (DATA / "podcast-labelled.txt").read_text(encoding="utf-8").replace("\n", "\r\n")
    source = tmp_path / "podcast.txt"
    source.write_bytes(text.encode(encoding))
    out = tmp_path / "pkg"
    result = runner.invoke(generate_command, [str(source), "-o", str(out), "--json", "-"])
    assert result.exit_code == 0, result.output
    assert check_package(out) == []
    assert (out / "transcript.txt").read_bytes().decode("utf-8") == text


def test_json_to_stdout_is_deterministic(runner):
    first = runner.invoke(generate_command, [str(DATA / "timestamped.txt"), "--json", "-"])
    second = runner.invoke(generate_command, [str(DATA / "timestamped.txt"), "--json", "-"])
    assert first.exit_code == 0
    assert first.stdout == second.stdout
    assert json.loads(first.stdout)["segments"]


def test_evaluate(runner):
    gold = DATA / "madry-gold-segments.yaml"
    result = runner.invoke(evaluate_command, [str(INTERVIEW), "--gold", str(gold), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["segmentation"]["pk"] <= 0.20
    assert figures["grounding_rate"] == 1.0
    assert figures["questions"] >= 14  # at most four recall items a lesson, plus the "why"s
    text = runner.invoke(evaluate_command, [str(INTERVIEW), "--gold", str(gold)])
    assert "Pk" in text.output and "WindowDiff" in text.output


@pytest.mark.parametrize(
    "course_yaml",
    [
        b"title: 2020-13-45\nstatus: draft\n",  # a YAML date that is not a date
        b"status: " + b"[" * 600 + b"]" * 600 + b"\n",  # nested 600 deep
        b"status: draft\nstart: " + b"9" * 5000 + b"\n",  # a number with 5,000 digits
        b"\xff\xfe not UTF-8",
    ],
    ids=["bad date", "deep nesting", "huge number", "not UTF-8"],
)
def test_generate_into_a_folder_with_a_malformed_course_yaml_is_refused(
    runner, tmp_path, course_yaml
):
    out = tmp_path / "existing"
    out.mkdir()
    (out / "course.yaml").write_bytes(course_yaml)
    result = runner.invoke(generate_command, [str(INTERVIEW), "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert "holds a course that is not a draft" in result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)  # a crash raises something else
    assert (out / "course.yaml").read_bytes() == course_yaml
