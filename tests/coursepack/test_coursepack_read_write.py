"""read_package builds the records; write_package writes them back; write_documents writes the
plain mappings byte for byte."""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from studyguide.coursepack import (
    Evidence,
    PackageError,
    Problem,
    Quote,
    Segment,
    SkipRange,
    read_package,
    write_package,
)
from studyguide.coursepack.source import parse_yaml, split_front_matter
from studyguide.coursepack.writer import dump_yaml, render_lesson, write_documents
from tests.coursepack.pkgtools import VALID, Package


def load_inputs(root: Path) -> tuple[dict[str, Any], list[dict[str, Any]], bytes]:
    """Load a package as the writer's inputs: course mapping, lesson mappings, transcript bytes."""
    course = yaml.safe_load((root / "course.yaml").read_text(encoding="utf-8"))
    lessons = []
    for slug in course["lessons"]:
        text = (root / "lessons" / f"{slug}.md").read_text(encoding="utf-8")
        front, body, problems = split_front_matter(text, slug)
        assert problems == []
        lessons.append({**front, "body": body})
    return course, lessons, (root / course["transcript"]["file"]).read_bytes()


def files_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def reversed_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: reversed_keys(value[key]) for key in reversed(list(value))}
    if isinstance(value, list):
        return [reversed_keys(item) for item in value]
    return value


def test_read_package_builds_records() -> None:
    package = read_package(VALID)
    assert (package.slug, package.title, package.status) == ("valid", "Careers Abroad", "published")
    assert package.path == VALID
    assert package.transcript.file == "transcript.txt"
    assert package.transcript.speakers == ("Interviewer", "Ada Example")
    assert package.transcript.skip == (SkipRange(47, 78, "page boilerplate"),)
    assert [lesson.slug for lesson in package.lessons] == ["going-abroad", "advice"]

    abroad, advice = package.lessons
    assert abroad.file == "lessons/going-abroad.md"
    assert abroad.body_markdown == "Ada moved abroad on a whim, with her mentor's support."
    assert abroad.segments == (Segment(79, 394, "Moving abroad"),)
    assert abroad.quotes == (
        Quote("That’s when I\nrealised research is done by real people.", 338, 393, None),
    )
    assert abroad.glossary[0].term == "mentor"
    why, support, year = abroad.questions
    assert why.choices[1] == why.answer == "A spur of the moment decision"
    assert why.evidence == Evidence("it was a spur of the moment decision", 120, 156, None)
    assert package.transcript_text[120:156] == why.evidence.quote
    assert (support.type, support.answer, support.choices) == ("true_false", True, ())
    assert (year.answer, year.accepted, year.version) == ("1999", (), 1)

    steps, cloze = advice.questions
    assert steps.answer == ("Go abroad", "Learn", "Come back")
    assert (cloze.type, cloze.accepted, cloze.version) == ("cloze", ("investments",), None)
    assert advice.reflection_prompts == () and advice.keyphrases == () and advice.glossary == ()
    assert advice.body_markdown.endswith("\n\nUniversities gain from outstanding people.")


def test_read_package_strips_bom_from_transcript(package: Package) -> None:
    transcript = package.root / "transcript.txt"
    transcript.write_bytes(b"\xef\xbb\xbf" + transcript.read_bytes())
    assert read_package(package.root).transcript_text == read_package(VALID).transcript_text


def test_read_package_raises_with_every_problem(package: Package) -> None:
    (package.root / "lessons" / "advice.md").unlink()
    package.replace("lessons/going-abroad.md", "difficulty: easy", "difficulty: trivial", count=2)
    with pytest.raises(PackageError) as caught:
        read_package(package.root)
    assert caught.value.problems == [
        Problem(
            "lessons/going-abroad.md",
            f"questions[{i}].difficulty",
            "must be one of easy, medium, hard, got 'trivial'",
        )
        for i in (0, 1)
    ] + [Problem("course.yaml", "lessons[1]", "no file lessons/advice.md")]
    assert str(caught.value).startswith("3 problems in course package: lessons/going-abroad.md")


def test_write_package_writes_the_records_back(tmp_path: Path) -> None:
    package = read_package(VALID)
    write_package(tmp_path / "out", package)
    assert read_package(tmp_path / "out") == dataclasses.replace(package, path=tmp_path / "out")
    assert (tmp_path / "out" / "transcript.txt").read_bytes() == (
        VALID / "transcript.txt"
    ).read_bytes()


def test_write_package_leaves_out_empty_optional_fields(tmp_path: Path) -> None:
    package = dataclasses.replace(read_package(VALID), path=None)
    write_package(tmp_path / "out", package, b"raw")
    advice = (tmp_path / "out" / "lessons" / "advice.md").read_text(encoding="utf-8")
    assert "start_time" not in advice and "reflection_prompts" not in advice
    assert "quotes: []" in advice  # required, so written even when empty
    assert (tmp_path / "out" / "transcript.txt").read_bytes() == b"raw"


def test_writer_reproduces_the_fixture_byte_for_byte(tmp_path: Path) -> None:
    write_documents(tmp_path / "out", *load_inputs(VALID))
    assert files_of(tmp_path / "out") == files_of(VALID)


def test_writer_output_does_not_depend_on_key_order(tmp_path: Path) -> None:
    course, lessons, transcript = load_inputs(VALID)
    write_documents(tmp_path / "a", course, lessons, transcript)
    write_documents(tmp_path / "b", reversed_keys(course), reversed_keys(lessons), transcript)
    write_documents(tmp_path / "a", course, lessons, transcript)  # writing again changes nothing
    assert files_of(tmp_path / "a") == files_of(tmp_path / "b")


def test_write_then_read_round_trip(tmp_path: Path) -> None:
    write_documents(tmp_path / "out", *load_inputs(VALID))
    written = read_package(tmp_path / "out")
    assert written == dataclasses.replace(read_package(VALID), path=tmp_path / "out")


def test_writer_keeps_transcript_bytes_verbatim(tmp_path: Path) -> None:
    course, lessons, transcript = load_inputs(VALID)
    raw = b"\xef\xbb\xbf" + transcript
    write_documents(tmp_path / "out", course, lessons, raw)
    assert (tmp_path / "out" / "transcript.txt").read_bytes() == raw


def test_writer_leaves_its_inputs_alone(tmp_path: Path) -> None:
    course, lessons, transcript = load_inputs(VALID)
    before = copy.deepcopy((course, lessons))
    write_documents(tmp_path / "out", reversed_keys(course), lessons, transcript)
    assert (course, lessons) == before
    assert [list(lesson) for lesson in lessons] == [list(lesson) for lesson in before[1]]


def test_writer_accepts_tuples_and_fills_in_the_lesson_list(tmp_path: Path) -> None:
    course, lessons, transcript = load_inputs(VALID)
    del course["lessons"]
    as_tuples = [{**lesson, "objectives": tuple(lesson["objectives"])} for lesson in lessons]
    write_documents(tmp_path / "out", course, as_tuples, transcript)
    assert files_of(tmp_path / "out") == files_of(VALID)


def test_writer_removes_lessons_no_longer_written(tmp_path: Path) -> None:
    course, lessons, transcript = load_inputs(VALID)
    write_documents(tmp_path / "out", course, lessons, transcript)
    write_documents(tmp_path / "out", {**course, "lessons": ["advice"]}, lessons[1:], transcript)
    assert sorted(p.name for p in (tmp_path / "out" / "lessons").iterdir()) == ["advice.md"]
    assert [lesson.slug for lesson in read_package(tmp_path / "out").lessons] == ["advice"]


@pytest.mark.parametrize(
    ("course_edit", "lesson_edit", "message"),
    [
        ({"file": "../transcript.txt"}, {}, "transcript.file must be a plain file name"),
        ({}, {"slug": "../escape"}, "lesson slug must match"),
    ],
)
def test_writer_refuses_paths_outside_the_package(
    tmp_path: Path, course_edit: dict[str, str], lesson_edit: dict[str, str], message: str
) -> None:
    course, lessons, transcript = load_inputs(VALID)
    course = {**course, "transcript": {**course["transcript"], **course_edit}}
    lessons = [{**lessons[0], **lesson_edit}]
    with pytest.raises(ValueError, match=message):
        write_documents(tmp_path / "out", course, lessons, transcript)
    assert not (tmp_path / "out").exists()


def test_multi_line_strings_are_written_as_literal_blocks() -> None:
    assert dump_yaml({"text": "one\ntwo"}) == "text: |-\n  one\n  two\n"


@given(st.text())
def test_yaml_round_trips_any_string(text: str) -> None:
    parsed, problems = parse_yaml(dump_yaml({"text": text, "list": [text]}), "x.yaml")
    assert problems == []
    assert parsed == {"text": text, "list": [text]}


@given(title=st.text(), body=st.text())
def test_lesson_file_round_trips_front_matter_and_body(title: str, body: str) -> None:
    front, parsed_body, problems = split_front_matter(
        render_lesson({"slug": "x", "title": title, "body": body}), "x.md"
    )
    assert problems == []
    assert front == {"slug": "x", "title": title}
    assert parsed_body == body.strip()
