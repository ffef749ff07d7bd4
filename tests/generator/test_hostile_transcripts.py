"""Hostile transcripts through `generate` and `studyguide generate` (issue 14).

Inputs are made at run time; large ones are generated. Every refusal is one `Error:` line,
exit 2, no traceback and no output folder; `generate` itself raises only GenerateError.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studyguide.cli import main
from studyguide.generator import GenerateError, GenerateOptions, generate
from tests.hostile import assert_refused

NO_SENTENCES = "the file has no sentences to learn from"
NOT_REGULAR = "is not a regular file (a device, pipe or socket)"


def _file(name: str, data: bytes) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        (folder / name).write_bytes(data)
        return folder / name

    return make


def _link_to_dev_zero(folder: Path) -> Path:
    (folder / "zero.txt").symlink_to("/dev/zero")
    return folder / "zero.txt"


def _fifo(folder: Path) -> Path:
    os.mkfifo(folder / "pipe.txt")
    return folder / "pipe.txt"


STRAY = "Aleksander Mądry talks about research. ".encode() * 20
STRAY_AT = len(STRAY) // 2


# name -> (make the input in a folder, the message after "Error: <path> ")
REFUSED: dict[str, tuple[Callable[[Path], Path], str]] = {
    # item 4: the JSON sniffing recursed, /dev/zero was read without a bound, a FIFO blocked
    "1,000 [": (_file("brackets.txt", b"[" * 1000), f"cannot generate a course: {NO_SENTENCES}"),
    "JSON nested 1,000 deep": (
        _file("deep.txt", b"[" * 1000 + b"]" * 1000),
        f"cannot generate a course: {NO_SENTENCES}",
    ),
    "a link to /dev/zero": (_link_to_dev_zero, NOT_REGULAR),
    "a FIFO": (_fifo, NOT_REGULAR),
    # item 7: C0 controls other than tab, newline and carriage return (PostgreSQL refuses NUL)
    "a form feed": (
        _file("feed.txt", b"Some words here.\x0cMore words."),
        "cannot generate a course: control character U+000C at character 16: "
        "only tab, newline and carriage return are allowed",
    ),
    "an escape sequence": (
        _file("esc.txt", b"Some words here. \x1b[31mRed words.\x1b[0m"),
        "cannot generate a course: control character U+001B at character 17: "
        "only tab, newline and carriage return are allowed",
    ),
    "one NUL": (
        _file("nul.txt", b"Some words\x00here."),
        "cannot generate a course: the file is binary, not a text transcript",
    ),
    # item 8: one 4.9 MB line took 159 s and 576 MB
    "one 4.9 MB line without punctuation": (
        _file("line.txt", b"word " * 980_000),
        "cannot generate a course: line 1 is 4,900,000 characters long, over the 1,000,000-"
        "character limit: a transcript needs line breaks",
    ),
    # item 5: one stray cp1252 byte made the whole file cp1252 ("Mądry" became "MÄ…dry")
    "a stray cp1252 byte in UTF-8": (
        _file("stray.txt", STRAY[:STRAY_AT] + b"\xb9" + STRAY[STRAY_AT:]),
        f"cannot generate a course: not valid UTF-8: byte 0xb9 at offset {STRAY_AT}, though "
        "the rest is UTF-8 (1 bad byte): fix it, or save the file as UTF-8",
    ),
}


@pytest.fixture(params=list(REFUSED))
def refused(request, tmp_path: Path) -> tuple[Path, str]:
    inputs = tmp_path / "in"
    inputs.mkdir()
    make, message = REFUSED[request.param]
    return make(inputs), message


def test_generate_refuses_with_one_line(refused: tuple[Path, str], tmp_path: Path) -> None:
    path, message = refused
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["generate", str(path), "-o", str(out), "--json", "-"])
    if message.startswith("cannot generate a course: "):
        line = f"Error: cannot generate a course from {path}: {message.split(': ', 1)[1]}"
    else:
        line = f"Error: {path} {message}"
    assert_refused(result, 2, line)
    assert not out.exists()


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
    # runs without a space, which nupunkt and the term finder rescanned from every position
    lambda n: "Some words first. " + "!" * n,
    lambda n: "Some words first. " + "(laugh" * (n // 6),
    lambda n: "research people abroad " * (n // 23),  # a line without punctuation
    lambda n: "- " * (n // 2),  # equal similarities: the TextTiling climbs went quadratic
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
    """CPU seconds `generate` spends on `data`: the work itself, whatever else the machine runs
    (a second test worker, say), which wall-clock time would count too."""
    started = time.process_time()
    try:
        generate(data, options=GenerateOptions(filename=filename))
    except GenerateError:
        pass
    return time.process_time() - started


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


# --- item 9: formats that were called binary or cue-less -----------------------------------

TALK = (
    "Ann: Hello there, this is a talk about bread and flour and water.\n"
    "Bob: Why did you start baking bread at home every single day?\n"
    "Ann: Because my mentor supported it and the bread was good.\n"
)
CUES = [
    (
        "00:00:01{0}000 --> 00:00:04{0}000",
        "Ann: Hello there, this is a talk about bread and flour.",
    ),
    ("00:00:05{0}000 --> 00:00:09{0}000", "Bob: Why did you start baking bread at home every day?"),
    ("00:00:10{0}000 --> 00:00:14{0}000", "Ann: Because my mentor supported it and it was good."),
]
VTT_WITHOUT_HEADER = "\n".join(f"{t.format('.')}\n{line}\n" for t, line in CUES)
SRT_WITH_NAMED_IDS = "\n".join(
    f"cue-{k}\n{t.format(',')}\n{line}\n" for k, (t, line) in enumerate(CUES)
)


@pytest.mark.parametrize(
    ("name", "data", "fmt", "encoding"),
    [
        ("le.txt", TALK.encode("utf-16-le"), "text", "utf-16-le"),
        ("be.txt", TALK.encode("utf-16-be"), "text", "utf-16-be"),
        ("cues.vtt", VTT_WITHOUT_HEADER.encode(), "vtt", "utf-8"),
        ("cues.srt", SRT_WITH_NAMED_IDS.encode(), "srt", "utf-8"),
    ],
    ids=["UTF-16LE without BOM", "UTF-16BE without BOM", "VTT without WEBVTT", "SRT ids"],
)
def test_generate_reads_what_it_called_binary_or_cue_less(tmp_path, name, data, fmt, encoding):
    source = tmp_path / name
    source.write_bytes(data)
    result = CliRunner().invoke(main, ["generate", str(source), "--json", "-"])
    assert result.exit_code == 0, result.output
    dumped = json.loads(result.stdout)
    assert (dumped["format"], dumped["encoding"]) == (fmt, encoding)
    assert "Ann" in dumped["speakers"]


# --- any bytes: a course or the documented error, within bounded work -----------------------

REASONS = {"empty", "binary", "too_large", "unknown_format", "no_sentences"}
HOSTILE = "[]()<>{}\\#*_-!?.:|»>\n\r\t \x00\x0c\ufeffaA1é♪"
hostile_bytes = st.one_of(
    st.binary(max_size=4000),
    st.text(alphabet=HOSTILE, max_size=4000).map(lambda t: t.encode("utf-8")),
    st.tuples(st.text(alphabet=HOSTILE, min_size=1, max_size=6), st.integers(1, 3000)).map(
        lambda run: (run[0] * run[1]).encode("utf-8")
    ),
    st.sampled_from(["utf-16-le", "utf-16-be", "cp1252", "utf-8-sig"]).flatmap(
        lambda encoding: st.text(max_size=2000).map(lambda t: t.encode(encoding, errors="replace"))
    ),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=hostile_bytes, name=st.sampled_from(["t.txt", "t.md", "t.srt", "t.vtt", None]))
def test_generate_on_any_bytes_succeeds_or_raises_generate_error_quickly(data, name):
    started = time.perf_counter()
    try:
        draft = generate(data, options=GenerateOptions(filename=name))
    except GenerateError as error:
        assert error.reason in REASONS
    else:
        assert draft.lessons
    # Bounded work: at most a few KB here, so a second is generous; the quadratic paths took
    # minutes on inputs of this shape and size.
    assert time.perf_counter() - started < 10
