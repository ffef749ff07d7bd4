"""serialize: the one mapping between course records and the plain data of the format."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from studyguide.coursepack import (
    Evidence,
    Lesson,
    Question,
    Quote,
    TranscriptInfo,
    read_package,
)
from studyguide.coursepack.serialize import from_dict, to_dict
from tests.coursepack.pkgtools import VALID

CURATED = Path(__file__).resolve().parents[2] / "data" / "courses" / "madry-research-careers"


@pytest.mark.parametrize("root", [VALID, CURATED], ids=lambda path: path.name)
@pytest.mark.parametrize("complete", [False, True])
def test_every_record_round_trips(root: Path, complete: bool) -> None:
    package = read_package(root)
    assert from_dict(TranscriptInfo, to_dict(package.transcript, complete=complete)) == (
        package.transcript
    )
    for lesson in package.lessons:
        assert from_dict(Lesson, to_dict(lesson, complete=complete)) == lesson


def test_package_maps_to_its_course_file() -> None:
    package = read_package(VALID)
    assert to_dict(package) == {
        "slug": "valid",
        "title": "Careers Abroad",
        "description": "A tiny course used by the tests.",
        "status": "published",
        "transcript": {
            "file": "transcript.txt",
            "title": "An interview with Ada Example",
            "speakers": ["Interviewer", "Ada Example"],
            "source": "made up for tests",
            "language": "en",
            "skip": [{"start_char": 47, "end_char": 78, "reason": "page boilerplate"}],
        },
        "lessons": ["going-abroad", "advice"],
    }


QUESTION = Question(
    id="q",
    type="cloze",
    prompt="Ada moved in ____.",
    choices=(),
    answer="1999",
    accepted=("nineteen ninety-nine",),
    explanation="She says so.",
    evidence=Evidence("in 1999", 3, 10),
    difficulty="easy",
)


def test_package_shape_leaves_out_empty_optional_fields() -> None:
    assert to_dict(QUESTION) == {
        "id": "q",
        "type": "cloze",
        "prompt": "Ada moved in ____.",
        "answer": "1999",
        "accepted": ["nineteen ninety-nine"],
        "explanation": "She says so.",
        "evidence": {"quote": "in 1999", "start_char": 3, "end_char": 10},
        "difficulty": "easy",
    }


def test_complete_shape_keeps_every_field() -> None:
    assert to_dict(QUESTION, complete=True) == {
        "id": "q",
        "type": "cloze",
        "prompt": "Ada moved in ____.",
        "choices": [],
        "answer": "1999",
        "accepted": ["nineteen ninety-nine"],
        "explanation": "She says so.",
        "evidence": {"quote": "in 1999", "start_char": 3, "end_char": 10, "start_time": None},
        "difficulty": "easy",
        "version": None,
    }
    assert to_dict(Quote("x", 0, 1, 2.5), complete=True) == {
        "text": "x",
        "start_char": 0,
        "end_char": 1,
        "start_time": 2.5,
    }


def test_lists_become_tuples_and_missing_optional_fields_defaults() -> None:
    data = to_dict(dataclasses.replace(QUESTION, type="multiple_select", answer=("a", "b")))
    del data["accepted"]
    read = from_dict(Question, data)
    assert read.answer == ("a", "b") and read.accepted == () and read.choices == ()
    assert read.version is None and read.evidence.start_time is None


def test_a_lesson_keeps_its_markdown_as_body_and_its_file_follows_its_slug() -> None:
    lesson = read_package(VALID).lessons[0]
    data = to_dict(lesson)
    assert data["body"] == lesson.body_markdown
    assert "file" not in data and "body_markdown" not in data
    assert from_dict(Lesson, data).file == "lessons/going-abroad.md"
