"""Hostile transcripts through `generate` and `studyguide generate` (issue 14).

Inputs are made at run time; large ones are generated. Every refusal is one `Error:` line,
exit 2, no traceback and no output folder; `generate` itself raises only GenerateError.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from studyguide.generator import GenerateError, GenerateOptions, generate

# One line of each shape that made a pattern rescan the rest of its line from every position.
ADVERSARIAL_LINES: tuple[Callable[[int], str], ...] = (
    lambda n: "Some words first. " + "[" * n,  # the [annotation] pattern's lookahead
    lambda n: "Some words first. " + "([{" * (n // 3),
    lambda n: "Some words first. [00:1" * (n // 23),
    lambda n: "# " + "#" * n + "x",  # a heading's trailing #s
    lambda n: "Ann" + " " * n + ":x",  # navigation separators
    lambda n: "Some words first. " + "<" * n,  # caption tags
    lambda n: "Some words first. " + "<v " * (n // 3),
    lambda n: "Some words first. " + "{\\" * (n // 2),
)


def adversarial(size: int, line_chars: int = 50_000) -> bytes:
    """About `size` bytes: a run of blank lines after a number (the SubRip sniffing), then
    adversarial lines of `line_chars` characters in turn."""
    parts = ["1" + "\n" * 20_000]
    total = 20_001
    k = 0
    while total < size:
        line = ADVERSARIAL_LINES[k % len(ADVERSARIAL_LINES)](line_chars) + "\n"
        parts.append(line)
        total += len(line)
        k += 1
    return "".join(parts).encode()[:size]


def _seconds(data: bytes, filename: str = "talk.txt") -> float:
    started = time.perf_counter()
    try:
        generate(data, options=GenerateOptions(filename=filename))
    except GenerateError:
        pass
    return time.perf_counter() - started


@pytest.mark.parametrize("filename", ["talk.txt", "talk.md", "talk.vtt"])
def test_adversarial_lines_take_linear_time(filename):
    head = b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n" if filename.endswith(".vtt") else b""
    small, large = (head + adversarial(size, 10_000) for size in (100_000, 400_000))
    ratio = min(_seconds(large, filename) for _ in range(2)) / max(
        min(_seconds(small, filename) for _ in range(2)), 1e-3
    )
    # Four times the input: linear work takes about 4 times as long, quadratic 16 times.
    assert ratio < 9, f"{ratio:.1f} times as long for 4 times the input"


def test_a_5_mb_adversarial_file_finishes():
    data = adversarial(5 * 1024 * 1024 - 1)
    # Measured 12 to 15 s (a normal transcript of that size takes longer); before the fix,
    # one line of 50,000 "[" alone took 34 s and the whole file days.
    assert _seconds(data) < 120
