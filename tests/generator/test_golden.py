"""Golden output: the JSON dump of a small transcript, byte for byte.

After an intended change, regenerate the golden file and review the diff:

    STUDYGUIDE_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/generator/test_golden.py
"""

import json
import os

import pytest

from studyguide.generator import GenerateOptions, generate
from studyguide.generator.export import to_json

from .conftest import DATA

CASES = [
    ("timestamped.txt", "timestamped.golden.json"),
    ("podcast-labelled.txt", "podcast-labelled.golden.json"),
]


def _dump(name: str) -> str:
    draft = generate((DATA / name).read_bytes(), options=GenerateOptions(filename=name))
    return json.dumps(to_json(draft), ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize(("source", "golden"), CASES)
def test_golden_json(source, golden):
    path = DATA / golden
    produced = _dump(source)
    if os.environ.get("STUDYGUIDE_UPDATE_GOLDEN") == "1":
        path.write_text(produced, encoding="utf-8")
    assert path.exists(), f"run with STUDYGUIDE_UPDATE_GOLDEN=1 to create {path.name}"
    assert produced == path.read_text(encoding="utf-8")


def test_json_offsets_point_into_the_input():
    text = (DATA / "timestamped.txt").read_text(encoding="utf-8")
    data = json.loads(_dump("timestamped.txt"))
    segments = data["segments"]
    assert [s["id"] for s in segments] == [f"s{i + 1}" for i in range(len(segments))]
    for lesson in data["lessons"]:
        for quote in lesson["quotes"]:
            assert text[quote["start_char"] : quote["end_char"]] == quote["text"]
        for q in lesson["questions"]:
            e = q["evidence"]
            assert text[e["start_char"] : e["end_char"]] == e["quote"]
            assert isinstance(e["start_time"], float)
            assert set(q) >= {"id", "type", "prompt", "choices", "answer", "explanation"}
