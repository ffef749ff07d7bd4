"""How fast is the generator? Prints seconds and words/second; asserts nothing.

    .venv/bin/python benchmarks/generate_speed.py            # in-process and through the CLI
    .venv/bin/python benchmarks/generate_speed.py --no-cli   # in-process only

Inputs: the interview, and seeded synthetic interviews of 10k, 50k and 100k words
(benchmarks/synthetic.py). Targets (issue 12): the interview under 0.3 s in-process, 100k words
under 5 s, cost growing about linearly. "CPU s" is the process's own time: on a shared machine it
is distorted far less than the wall-clock seconds.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import synthetic_transcript  # noqa: E402

from studyguide.generator import GenerateOptions, generate  # noqa: E402

INTERVIEW = ROOT / "data" / "transcripts" / "madry-ml-in-pl-interview.txt"
CLI = "import sys; from studyguide.cli.generate import generate_command; generate_command()"


def _inputs() -> list[tuple[str, bytes]]:
    out = [("interview", INTERVIEW.read_bytes())]
    for n in (10_000, 50_000, 100_000):
        out.append((f"synthetic {n // 1000}k", synthetic_transcript(n).encode("utf-8")))
    return out


def _best_of(runs: int, data: bytes) -> tuple[float, float]:
    """The fastest run's wall-clock and CPU seconds."""
    best = (float("inf"), float("inf"))
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        generate(data, options=GenerateOptions(filename="input.txt"))
        best = min(best, (time.perf_counter() - started, time.process_time() - cpu))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-cli", action="store_true", help="skip the CLI runs")
    args = parser.parse_args()
    generate(b"Warm up the sentence model. It loads once per process.")
    print(f"{'input':<16}{'words':>8}{'in-process s':>14}{'CPU s':>8}{'words/s':>10}{'CLI s':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, data in _inputs():
            words = len(data.split())
            seconds, cpu = _best_of(3 if words < 20_000 else 1, data)
            cli = ""
            if not args.no_cli:
                path = Path(tmp) / "input.txt"
                path.write_bytes(data)
                started = time.perf_counter()
                subprocess.run(
                    [sys.executable, "-c", CLI, str(path), "--json", str(Path(tmp) / "out.json"),
                     "-o", str(Path(tmp) / "pkg"), "--force"],
                    check=True, cwd=ROOT, capture_output=True,
                )  # fmt: skip
                cli = f"{time.perf_counter() - started:8.2f}"
            print(f"{name:<16}{words:>8}{seconds:>14.3f}{cpu:>8.2f}{words / seconds:>10.0f}{cli}")


if __name__ == "__main__":
    main()
