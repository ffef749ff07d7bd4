"""Evaluate the generator on the interview against the gold segmentation; print the figures.

    .venv/bin/python benchmarks/evaluate.py [--json]

Same as `studyguide evaluate data/transcripts/madry-ml-in-pl-interview.txt
--gold tests/generator/data/madry-gold-segments.yaml`, plus the hand-written samples, the
unlabelled monologue lecture against its gold segmentation, and one sample per transcript
tool's format (tests/generator/data/formats/).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from click.testing import CliRunner  # noqa: E402

from studyguide.cli.generate import evaluate_command  # noqa: E402

DATA = ROOT / "tests" / "generator" / "data"
SAMPLES = [
    "podcast-labelled.txt",
    "lecture.srt",
    "panel.vtt",
    "timestamped.txt",
    "export.md",
    "retrofit-podcast.txt",
]


def main() -> None:
    extra = ["--json"] if "--json" in sys.argv[1:] else []
    runs = [[str(ROOT / "data/transcripts/madry-ml-in-pl-interview.txt"), "--gold",
             str(DATA / "madry-gold-segments.yaml")]]  # fmt: skip
    runs += [[str(DATA / name)] for name in SAMPLES]
    formats = DATA / "formats"
    runs.append([str(formats / "monologue.txt"), "--gold",
                 str(formats / "monologue-gold-segments.yaml")])  # fmt: skip
    runs += [
        [str(path)]
        for path in sorted(formats.iterdir())
        if path.suffix in (".txt", ".srt", ".vtt") and path.name != "monologue.txt"
    ]
    for args in runs:
        print(f"== {Path(args[0]).name}")
        result = CliRunner().invoke(evaluate_command, [*args, *extra])
        print(result.output, end="")


if __name__ == "__main__":
    main()
