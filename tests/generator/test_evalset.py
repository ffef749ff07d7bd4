"""The evaluation set in data/eval and `studyguide evaluate-set`."""

import json
import re
import shutil
from pathlib import Path

import yaml
from click.testing import CliRunner

from studyguide.cli.evalset import evaluate_set_command
from studyguide.generator.evaluate import largest_lesson_share, title_is_noisy, title_is_pair

from .conftest import DATA, INTERVIEW

EVAL = Path(__file__).resolve().parents[2] / "data" / "eval"


def _golds() -> list[tuple[Path, dict]]:
    return [
        (p, yaml.safe_load(p.read_text(encoding="utf-8"))) for p in sorted(EVAL.glob("*.gold.yaml"))
    ]


def test_the_set_has_real_transcripts_in_three_halves_with_sources():
    golds = _golds()
    sources = (EVAL / "SOURCES.md").read_text(encoding="utf-8")
    assert len(golds) >= 13
    assert {meta["half"] for _, meta in golds} == {"dev", "test", "holdout"}
    assert sum(meta["half"] == "holdout" for _, meta in golds) >= 5
    kinds = " ".join(meta["kind"] for _, meta in golds)
    for kind in ("podcast", "panel", "lecture", "SRT", "VTT", "Q&A", "no timestamps"):
        assert kind in kinds
    for _, meta in golds:
        name = Path(meta["transcript"]).name
        assert (EVAL / name).is_file()
        assert re.search(
            rf"\| {re.escape(name)} \|[^\n]*\| {meta['half']} \|[^\n]*(CC BY|MIT)", sources
        )


def test_gold_boundaries_are_ordered_inside_the_content_and_titled():
    for path, meta in _golds():
        text = (EVAL / Path(meta["transcript"]).name).read_text(encoding="utf-8")
        starts = [s["start_char"] for s in meta["segments"]]
        assert starts == sorted(set(starts)), path.name
        assert meta["content"]["start_char"] == starts[0]
        assert starts[-1] < meta["content"]["end_char"] <= len(text), path.name
        assert all(str(s["title"]).strip() for s in meta["segments"]), path.name


def test_title_checks():
    assert title_is_noisy("Mm-hmm and the roadmap")
    assert title_is_noisy("[laughter] Testing")
    assert not title_is_noisy("Why go abroad to do research")
    assert title_is_pair("Texas and life experiences")
    assert not title_is_pair("Is deep learning overhyped?")


def test_largest_lesson_share_is_a_share_of_the_talk(interview_draft):
    draft = interview_draft
    share = largest_lesson_share(draft)
    assert 0 < share < 1
    lengths = [s.end_char - s.start_char for s in draft.segments]
    assert share >= max(lengths) / sum(lengths) - 1e-9


def _one_transcript_set(set_dir: Path, half: str) -> None:
    """The interview and its gold segmentation as an evaluation set of one, in `half`."""
    shutil.copy(INTERVIEW, set_dir / INTERVIEW.name)
    gold = yaml.safe_load((DATA / "madry-gold-segments.yaml").read_text(encoding="utf-8"))
    gold.update(half=half, kind="labelled interview")
    (set_dir / "madry.gold.yaml").write_text(yaml.safe_dump(gold), encoding="utf-8")


def test_evaluate_set_prints_each_transcript_and_totals(tmp_path):
    _one_transcript_set(tmp_path, "test")
    runner = CliRunner()
    result = runner.invoke(evaluate_set_command, [str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert INTERVIEW.name in result.output and "TOTAL test (1)" in result.output
    data = json.loads(runner.invoke(evaluate_set_command, [str(tmp_path), "--json"]).output)
    row = data["transcripts"][0]
    assert row["grounding_rate"] == 1.0 and 0 <= row["pk"] <= 1 and row["questions"] > 0
    assert data["totals"]["test"]["questions"] == row["questions"]
    assert runner.invoke(evaluate_set_command, [str(tmp_path), "--half", "dev"]).exit_code == 1


def test_evaluate_set_reports_a_holdout_half_on_its_own(tmp_path):
    _one_transcript_set(tmp_path, "holdout")
    runner = CliRunner()
    result = runner.invoke(evaluate_set_command, [str(tmp_path), "--half", "holdout"])
    assert result.exit_code == 0, result.output
    assert "TOTAL holdout (1)" in result.output and "TOTAL test" not in result.output
    assert runner.invoke(evaluate_set_command, [str(tmp_path), "--half", "test"]).exit_code == 1
