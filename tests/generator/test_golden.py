"""Golden output: the generator's JSON dump and written package for every transcript in the
tests and the interview, byte for byte.

After an intended change, regenerate the golden files and review the diff:

    STUDYGUIDE_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/generator/test_golden.py
"""

import hashlib
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from studyguide.cli import main

from .conftest import DATA, INTERVIEW

GOLDEN = Path(__file__).resolve().parent / "golden"
TRANSCRIPT_SUFFIXES = {".txt", ".srt", ".vtt", ".md"}
SOURCES = [INTERVIEW] + sorted(
    path
    for folder in (DATA, DATA / "formats")
    for path in folder.iterdir()
    if path.suffix in TRANSCRIPT_SUFFIXES
)


def _generate(source: Path, tmp_path: Path) -> tuple[str, str]:
    """Run `studyguide generate` as a user would; return the JSON dump and the package's digests."""
    out_dir, json_file = tmp_path / "package", tmp_path / "dump.json"
    result = CliRunner().invoke(
        main, ["generate", str(source), "-o", str(out_dir), "--json", str(json_file)]
    )
    assert result.exit_code == 0, result.output
    digests = {
        str(path.relative_to(out_dir)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(out_dir.rglob("*"))
        if path.is_file()
    }
    return json_file.read_text(encoding="utf-8"), json.dumps(digests, indent=2) + "\n"


@pytest.mark.parametrize("source", SOURCES, ids=lambda path: path.name)
def test_golden_output(source, tmp_path):
    dumped, package = _generate(source, tmp_path)
    expected = {GOLDEN / f"{source.name}.json": dumped, GOLDEN / f"{source.name}.package": package}
    for path, produced in expected.items():
        if os.environ.get("STUDYGUIDE_UPDATE_GOLDEN") == "1":
            path.write_text(produced, encoding="utf-8")
        assert path.exists(), f"run with STUDYGUIDE_UPDATE_GOLDEN=1 to create {path.name}"
        assert produced == path.read_text(encoding="utf-8"), f"{path.name} changed"


def test_json_offsets_point_into_the_input(tmp_path):
    source = DATA / "timestamped.txt"
    text = source.read_text(encoding="utf-8")
    data = json.loads(_generate(source, tmp_path)[0])
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
