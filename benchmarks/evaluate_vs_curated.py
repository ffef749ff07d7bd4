"""Score the generator's segmentation of the interview against the curated course's segments.

The gold file in tests/generator/data was written by the generator's author, who also tuned on
it. The curated lessons' segment ranges were written independently, before the generator
existed, by someone reading the interview for teaching: a second, independent reference.

    .venv/bin/python benchmarks/evaluate_vs_curated.py

Prints Pk and WindowDiff (word level, k = half the mean reference segment length).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from studyguide.coursepack import read_package  # noqa: E402
from studyguide.generator import GenerateOptions, generate  # noqa: E402
from studyguide.generator.evaluate import pk, window_diff, word_labels  # noqa: E402

COURSE = ROOT / "data" / "courses" / "madry-research-careers"


def main() -> None:
    package = read_package(COURSE)
    text = package.transcript_text
    skip = sorted((s.start_char, s.end_char) for s in package.transcript.skip)
    # The interview proper: from the end of the leading boilerplate to the start of the footer.
    start = max(end for begin, end in skip if begin < len(text) // 2)
    start += len(text[start:]) - len(text[start:].lstrip())
    end = min(begin for begin, _ in skip if begin > len(text) // 2)
    starts = sorted({s.start_char for lesson in package.lessons for s in lesson.segments})
    reference = [b for b in starts if start < b < end]

    transcript = (COURSE / package.transcript.file).read_bytes()
    draft = generate(transcript, options=GenerateOptions(filename=package.transcript.file))
    hypothesis = [s.start_char for s in draft.segments if start < s.start_char < end]

    ref = word_labels(text, start, end, reference)
    hyp = word_labels(text, start, end, hypothesis)
    k = max(2, round(len(ref) / (len(reference) + 1) / 2))
    print(f"reference: {len(reference) + 1} curated segments; generator: {len(hypothesis) + 1}")
    print(f"Pk {pk(ref, hyp, k):.3f}  WindowDiff {window_diff(ref, hyp, k):.3f}  (k={k} words)")


if __name__ == "__main__":
    main()
