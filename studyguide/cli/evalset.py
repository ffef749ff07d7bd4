"""`studyguide evaluate-set DIR`: the generator over an evaluation set of real transcripts.

DIR holds transcripts and, for each, a gold file `<name>.gold.yaml` (see data/eval/SOURCES.md):
`transcript` (its file name is looked up in DIR), `half` (dev, test or holdout), `kind`,
`content` and `segments` as in tests/generator/data/madry-gold-segments.yaml.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from statistics import mean
from typing import Any

import click
import yaml

from studyguide.cli.generate import SEMANTIC_HELP, _draft, load_gold
from studyguide.generator.evaluate import set_scores
from studyguide.generator.semantic import SemanticUnavailable, load_model
from studyguide.generator.types import MB

_COLUMNS = (
    ("transcript", 34), ("half", 7), ("Pk", 5), ("WD", 5), ("segs", 7), ("big%", 4),
    ("qs", 3), ("cloze%", 6), ("ground", 6), ("noisyT", 6), ("pairT", 5), ("sec", 5),
    ("type mix", 0),
)  # fmt: skip
# dev: tune on it; test: never tune, report; holdout: added after the test half had been looked at,
# for a clean measure of talks nobody here has tuned on.
_HALVES = ("dev", "test", "holdout")
_SHORT = {"multiple_choice": "mc", "true_false": "tf", "multiple_select": "ms",
          "short_answer": "sa", "cloze": "cl"}  # fmt: skip


@click.command("evaluate-set")
@click.argument(
    "set_dir", metavar="DIR", type=click.Path(exists=True, file_okay=False, path_type=Path)
)
@click.option("--half", type=click.Choice(["all", *_HALVES]), default="all", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--titles", is_flag=True, help="Also list each draft's lesson titles.")
@click.option("--semantic", is_flag=True, help=SEMANTIC_HELP)
def evaluate_set_command(
    set_dir: Path, half: str, as_json: bool, titles: bool, semantic: bool
) -> None:
    """Generate from every transcript in DIR with a gold file and print, per transcript and in
    total (per half and overall): Pk, WindowDiff, segments generated/gold, largest-lesson share,
    questions, cloze share, grounding, noisy and phrase-pair titles, seconds, question-type mix.
    With --semantic the model is loaded first and its load time printed apart."""
    load = _load_model() if semantic else None
    rows = [_row(gold_path, set_dir, semantic) for gold_path in sorted(set_dir.glob("*.gold.yaml"))]
    rows = [r for r in rows if half in ("all", r["half"])]
    if not rows:
        raise click.ClickException(f"no *.gold.yaml files in {set_dir} for half {half}")
    totals = {h: _total([r for r in rows if h in ("all", r["half"])]) for h in (*_HALVES, "all")}
    totals = {h: t for h, t in totals.items() if t}
    if as_json:
        figures = {"transcripts": rows, "totals": totals, "model_load_seconds": load}
        click.echo(json.dumps(figures, ensure_ascii=False, indent=2))
        return
    if load is not None:
        click.echo(f"semantic mode: model loaded in {load:.2f} s (not in the rows' seconds)")
    click.echo("  ".join(name.ljust(width) for name, width in _COLUMNS).rstrip())
    for row in rows:
        click.echo(_line(row["transcript"], row))
        if titles:
            for title in row["lesson_titles"]:
                click.echo(f"      - {title}")
    for name, total in totals.items():
        click.echo(_line(f"TOTAL {name} ({total['transcripts']})", total))


def _load_model() -> float:
    try:
        return round(load_model(), 3)
    except SemanticUnavailable as error:
        raise click.ClickException(str(error)) from error


def _row(gold_path: Path, set_dir: Path, semantic: bool) -> dict[str, Any]:
    meta = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    transcript = set_dir / Path(str(meta["transcript"])).name
    gold = load_gold(gold_path)
    started = time.perf_counter()
    draft = _draft(transcript, None, 8, 5 * MB, semantic=semantic)
    seconds = time.perf_counter() - started
    row = {"transcript": transcript.name, "half": str(meta.get("half", "dev")),
           "kind": str(meta.get("kind", ""))}  # fmt: skip
    row.update(set_scores(draft, gold))
    row["seconds"] = round(seconds, 3)
    return row


def _total(rows: list[dict[str, Any]]) -> dict[str, Any]:
    if not rows:
        return {}
    questions = sum(r["questions"] for r in rows)
    mix: dict[str, int] = {}
    for r in rows:
        for kind, n in r["type_mix"].items():
            mix[kind] = mix.get(kind, 0) + n
    cloze = sum(r["cloze_share"] * r["questions"] for r in rows)
    grounded = sum(r["grounding_rate"] * r["questions"] for r in rows)
    return {
        "transcripts": len(rows),
        "half": "",
        "pk": round(mean(r["pk"] for r in rows), 4),
        "window_diff": round(mean(r["window_diff"] for r in rows), 4),
        "generated_segments": sum(r["generated_segments"] for r in rows),
        "gold_segments": sum(r["gold_segments"] for r in rows),
        "largest_lesson_share": round(mean(r["largest_lesson_share"] for r in rows), 4),
        "questions": questions,
        "cloze_share": round(cloze / questions, 4) if questions else 0.0,
        "grounding_rate": round(grounded / questions, 4) if questions else 1.0,
        "noisy_titles": sum(r["noisy_titles"] for r in rows),
        "pair_titles": sum(r["pair_titles"] for r in rows),
        "lessons": sum(r["lessons"] for r in rows),
        "seconds": round(sum(r["seconds"] for r in rows), 3),
        "type_mix": dict(sorted(mix.items())),
    }


def _line(name: str, r: dict[str, Any]) -> str:
    mix = " ".join(f"{_SHORT.get(k, k)}:{v}" for k, v in r["type_mix"].items())
    cells = (
        name, r["half"], f"{r['pk']:.3f}", f"{r['window_diff']:.3f}",
        f"{r['generated_segments']}/{r['gold_segments']}", f"{r['largest_lesson_share']:.0%}",
        str(r["questions"]), f"{r['cloze_share']:.0%}", f"{r['grounding_rate']:.0%}",
        f"{r['noisy_titles']}/{r['lessons']}", f"{r['pair_titles']}/{r['lessons']}",
        f"{r['seconds']:.2f}", mix,
    )  # fmt: skip
    return "  ".join(c.ljust(w) for c, (_, w) in zip(cells, _COLUMNS, strict=True)).rstrip()
