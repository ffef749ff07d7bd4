"""Stage 1: decode the input, recognise its format and parse it into a normalised Transcript.

Handles plain text (with or without speaker labels and ``[mm:ss]`` timestamps), Markdown-ish
exports, SubRip and WebVTT captions. Every normalised character maps back to the input text.
"""

from __future__ import annotations

import codecs
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from studyguide.coursepack.source import control_message
from studyguide.generator.normalize import NormBuilder, classify_boilerplate
from studyguide.generator.types import (
    DEFAULT_OPTIONS,
    GenerateError,
    GenerateOptions,
    Heading,
    Piece,
    SkippedRange,
    SourceFormat,
    Transcript,
)

_EXTENSIONS: dict[str, SourceFormat | None] = {
    "": None,
    ".txt": None,
    ".text": None,
    ".md": "markdown",
    ".markdown": "markdown",
    ".srt": "srt",
    ".vtt": "vtt",
    ".webvtt": "vtt",
}
_MAGIC = (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x7fELF", b"\x1f\x8b")


# --- decoding ---------------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding): UTF-8 (BOM removed), UTF-16 (with a BOM or mostly Latin
    script without one), else cp1252.

    Raises:
        GenerateError: ``binary`` for data that is not text.
    """
    if data.startswith(codecs.BOM_UTF8):
        return _check_text(_strict(data[3:], "utf-8")), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _check_text(_strict(data, "utf-16")), "utf-16"
    order = _utf16_order(data) if b"\x00" in data and not data.startswith(_MAGIC) else None
    if order:  # the README promises UTF-16, with or without a byte-order mark
        return _check_text(_strict(data, order)), order
    if data.startswith(_MAGIC) or b"\x00" in data:
        raise GenerateError("binary", "the file is binary, not a text transcript")
    try:
        return _check_text(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError as error:
        _refuse_stray_bytes(data, error)
        return _check_text(data.decode("cp1252", errors="replace")), "cp1252"


def _utf16_order(data: bytes) -> str | None:
    """Name the UTF-16 byte order of text without a byte-order mark, or None: text that is
    mostly Latin script has a NUL as the high byte of nearly every character."""
    sample = data[:20_000]
    if len(data) % 2 or len(sample) < 4:
        return None
    for order, high in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[::2])):
        if high.count(0) * 10 >= len(high) * 9:
            return order
    return None


def _refuse_stray_bytes(data: bytes, error: UnicodeDecodeError) -> None:
    """Refuse UTF-8 with a few bytes that are not, rather than read it all as cp1252.

    One stray byte made "Mądry" "MÄ…dry" throughout; a real cp1252 file has no UTF-8
    sequences at all, so it is read as before.
    """
    text = data.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd")
    if sum(ord(char) > 0x7F for char in text) - invalid >= max(invalid, 1):
        raise GenerateError(
            "binary",
            f"not valid UTF-8: byte 0x{data[error.start]:02x} at offset {error.start}, though "
            f"the rest is UTF-8 ({invalid} bad byte{'s' if invalid > 1 else ''}): "
            "fix it, or save the file as UTF-8",
        )


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise GenerateError("binary", f"the file is not valid {encoding} text") from error


# A three-hour talk copied from YouTube as one line is about 200,000 characters.
MAX_LINE_CHARS = 1_000_000
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


def _check_text(text: str) -> str:
    controls = len(_CONTROL.findall(text, 0, 100_000))
    if controls and (controls > 8 or controls * 100 > min(len(text), 100_000)):
        raise GenerateError("binary", "the file is binary, not a text transcript")
    text = text.removeprefix("\ufeff")
    control = control_message(text)  # the package checker refuses them; PostgreSQL, NUL
    if control:
        raise GenerateError("binary", control)
    lengths = list(map(len, text.splitlines()))
    if max(lengths, default=0) > MAX_LINE_CHARS:
        number, length = next((i, n) for i, n in enumerate(lengths, 1) if n > MAX_LINE_CHARS)
        raise GenerateError(
            "too_large",
            f"line {number} is {length:,} characters long, over the {MAX_LINE_CHARS:,}-character "
            "limit: a transcript needs line breaks",
        )
    return text


# --- format -----------------------------------------------------------------------------------

_TIME = r"(?:\d{1,3}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_CUE_TIME = re.compile(rf"[ \t]*({_TIME})\s*-->\s*({_TIME})")
_CUE_LINE = re.compile(rf"^[ \t]*{_TIME}[ \t]*-->[ \t]*{_TIME}", re.M)
_SRT_START = re.compile(rf"\A\s*\d+[^\S\n]*\r?\n\s*{_TIME}\s*-->")
_MD_SIGNS = re.compile(r"^(?:#{1,6}\s+\S|[^\S\n]*\*\*[^*\n]{1,40}(?::\*\*|\*\*:))", re.M)


def detect_format(text: str, filename: str | None) -> SourceFormat:
    """Return the transcript's format from its name and content.

    Raises:
        GenerateError: ``unknown_format`` for a file that is not a transcript we can read.
    """
    declared: SourceFormat | None = None
    if filename:
        dot = filename.rfind(".")
        ext = filename[dot:].lower() if dot > filename.replace("\\", "/").rfind("/") else ""
        if ext not in _EXTENSIONS:
            raise GenerateError(
                "unknown_format",
                f"unknown format {ext!r}: give a .txt, .md, .srt or .vtt transcript",
            )
        declared = _EXTENSIONS[ext]
    head = text.lstrip()[:2000]
    if head.startswith("WEBVTT"):
        return "vtt"
    if _SRT_START.match(text):
        return "srt"
    if declared in ("srt", "vtt") and _CUE_LINE.search(text):
        return declared  # a WebVTT without its header, a SubRip cue id that is not a number
    if declared in ("srt", "vtt"):
        kind = "SubRip" if declared == "srt" else "WebVTT"
        raise GenerateError("unknown_format", f"the file is named {kind} but has no {kind} cues")
    lowered = head.lower()
    if lowered.startswith(("<!doctype", "<html", "<?xml", "{\\rtf")) or "<body" in lowered:
        raise GenerateError("unknown_format", "unknown format: HTML, XML or RTF, not a transcript")
    if head[:1] in "{[" and _is_json(text):
        raise GenerateError("unknown_format", "unknown format: JSON, not a transcript")
    if declared == "markdown" or len(_MD_SIGNS.findall(text, 0, 200_000)) >= 2:
        return "markdown"
    return "text"


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except (ValueError, RecursionError):  # 1,000 "[" exhaust the decoder's recursion
        return False
    return True


# --- entry point ------------------------------------------------------------------------------


def ingest(source: str | bytes, *, options: GenerateOptions = DEFAULT_OPTIONS) -> Transcript:
    """Decode and parse `source` into a Transcript.

    Raises:
        GenerateError: ``empty``, ``binary``, ``too_large`` or ``unknown_format``.
    """
    size = len(source) if isinstance(source, bytes) else len(source.encode("utf-8", "replace"))
    if size > options.max_file_bytes:
        raise GenerateError(
            "too_large",
            f"the file is {size:,} bytes, over the {options.max_file_bytes:,}-byte limit",
        )
    if isinstance(source, bytes):
        text, encoding = decode(source)
    else:
        text, encoding = _check_text(source), "utf-8"
    if not text.strip():
        raise GenerateError("empty", "the file is empty")
    fmt = detect_format(text, options.filename)
    if fmt == "srt":
        return _parse_captions(text, encoding, "srt")
    if fmt == "vtt":
        return _parse_captions(text, encoding, "vtt")
    return _parse_lines(text, encoding, fmt)


# --- plain text and Markdown ------------------------------------------------------------------

_TIMESTAMP = re.compile(
    r"[ \t]*(?:\[(?P<a>(?:\d{1,3}:)?\d{1,2}:\d{2}(?:[.,]\d+)?)\]"
    r"|\((?P<b>(?:\d{1,3}:)?\d{1,2}:\d{2}(?:[.,]\d+)?)\)"
    r"|(?P<c>(?:\d{1,3}:)?\d{1,2}:\d{2}(?:[.,]\d+)?)(?=[ \t]|$))[ \t]*[-–—]?[ \t]*"
)
_LABEL = re.compile(
    r"[ \t]*(?:[-*+•][ \t]+)?(?:\*\*|__)?(?P<name>[^\W\d_][\w'’.\-]*(?:[ \t]+[\w'’.\-()]+){0,3}?)"
    r"[ \t]*(?:\((?P<time>(?:\d{1,3}:)?\d{1,2}:\d{2})\)[ \t]*)?(?::(?:\*\*|__)|(?:\*\*|__)?:)"
    r"(?:[ \t]+|$)"
)
# A speaker line with the time after the name and no text (Otter: "Speaker 1  0:05",
# Rev: "Name (00:01:23):" is handled by _LABEL), or Q./A. labels of a deposition or oral history.
_HEADER = re.compile(
    r"[ \t]*(?:\*\*|__)?(?P<name>[^\W\d_][\w'’.\-]*(?:[ \t]+[\w'’.\-]+){0,3}?)(?:\*\*|__)?"
    r"[ \t]+[\[(]?(?P<time>(?:\d{1,3}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)[\])]?[ \t]*:?[ \t]*$"
)
_QA_DOT = re.compile(r"[ \t]*(?P<name>[QA])\.(?:[ \t]+|$)")
_NOT_NAMES = frozenset(
    "note notes update tags tag category categories posted published source transcript "
    "summary edit edited translation http https www example for example e.g i.e".split()
)
_NAME_PARTICLES = frozenset("de van von da di la le bin al del der den of the".split())
_HEADING = re.compile(r"^[ \t]{0,3}(#{1,6})[ \t]+(.*)$")  # the text is group 2 less " \t#"
_RULE = re.compile(r"^[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_BULLET = re.compile(r"[ \t]*(?:[-*+•]|\d{1,3}[.)])[ \t]+")
_EMPHASIS = re.compile(r"\*\*|__")
_SENTENCE_END = re.compile(r"\w[.?!]")


@dataclass
class _Line:
    start: int
    end: int  # without the line break


def _lines(text: str) -> Iterator[_Line]:
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        yield _Line(pos, pos + len(body))
        pos += len(raw)


def _label_at(text: str, start: int, end: int, *, qa_dot: bool = False) -> re.Match[str] | None:
    """A speaker label at `start`: "Name:", "Name (00:01:23):", "Name  0:05" alone on its
    line, or (with `qa_dot`) "Q." / "A."."""
    match = _LABEL.match(text, start, end) or _HEADER.match(text, start, end)
    if match and _is_name(match.group("name").strip()):
        return match
    if qa_dot:
        return _QA_DOT.match(text, start, end)
    return None


def _is_name(name: str) -> bool:
    words = name.split()
    if not words or len(name) > 40 or not name[0].isupper() or name.lower() in _NOT_NAMES:
        return False
    return all(
        w[0].isupper()
        or w.lower() in _NAME_PARTICLES
        or w[0] == "("
        or (w.isdigit() and len(w) <= 3 and i > 0)
        for i, w in enumerate(words)
    )


def _parse_seconds(stamp: str) -> float:
    parts = stamp.replace(",", ".").split(":")
    seconds = 0.0
    for part in parts:
        seconds = seconds * 60 + float(part)
    return round(seconds, 3)


def _parse_lines(text: str, encoding: str, fmt: SourceFormat) -> Transcript:
    lines = list(_lines(text))
    markdown = fmt == "markdown"

    # First pass: which lines are substantial, and which label names recur.
    substantial = [
        i
        for i, ln in enumerate(lines)
        if len(text[ln.start : ln.end].split()) >= 12
        and _SENTENCE_END.search(text, ln.start, ln.end)
    ]
    if not substantial:  # caption-like short lines (a YouTube transcript copy)
        substantial = [i for i, ln in enumerate(lines) if len(text[ln.start : ln.end].split()) >= 5]
    first_real = substantial[0] if substantial else len(lines)
    last_real = substantial[-1] if substantial else -1
    names: Counter[str] = Counter()
    dotted: Counter[str] = Counter()
    for ln in lines:
        stamp = _TIMESTAMP.match(text, ln.start, ln.end)
        label = _label_at(text, stamp.end() if stamp else ln.start, ln.end, qa_dot=True)
        if label:
            target = dotted if label.re is _QA_DOT else names
            target[_canonical(label.group("name"))] += 1
    # "Q." / "A." are labels only when both recur.
    qa_dot = dotted["Q"] >= 2 and dotted["A"] >= 2
    if qa_dot:
        names.update(dotted)
    # Labels count once a name recurs and there are several of them; then every short
    # name in label position is a speaker (a guest may speak only once).
    recurring = any(count >= 2 for count in names.values())
    speakers = (
        {name for name in names if len(name.split()) <= 3 or names[name] >= 2}
        if recurring and sum(names.values()) >= 3
        else set()
    )
    # One spelling per speaker: "INTERVIEWER:" and "Interviewer:" are the same person.
    spelling: dict[str, str] = {}
    for name, _count in sorted(names.items(), key=lambda item: -item[1]):
        spelling.setdefault(name.casefold(), name)

    builder = NormBuilder(text)
    pieces: list[Piece] = []
    skipped: list[SkippedRange] = []
    headings: list[Heading] = []
    title: str | None = None
    speaker: str | None = None
    time: float | None = None
    seen_content = False
    for i, ln in enumerate(lines):
        start, end = ln.start, ln.end
        line = text[start:end]
        if not line.strip():
            continue
        at_edge = i < first_real or i > last_real
        reason = classify_boilerplate(line, at_edge=at_edge)
        if reason:
            skipped.append(SkippedRange(start, end, reason))
            continue
        heading = _HEADING.match(line)
        if heading and (markdown or heading.group(1) == "#"):
            if not seen_content and title is None:
                title = heading.group(2).rstrip(" \t#").strip()
                skipped.append(SkippedRange(start, end, "title"))
            else:
                headings.append(Heading(builder.length, heading.group(2).rstrip(" \t#").strip()))
            continue
        if _RULE.match(line):
            continue
        if (
            i < first_real
            and not seen_content
            and title is None
            and _looks_like_title(line)
            and not _label_at(text, start, end, qa_dot=qa_dot)
            and not _TIMESTAMP.match(text, start, end)
        ):
            title = line.strip()
            skipped.append(SkippedRange(start, end, "title"))
            continue
        new_turn = False
        stamp = _TIMESTAMP.match(text, start, end)
        if stamp:
            time = _parse_seconds(stamp.group("a") or stamp.group("b") or stamp.group("c"))
            start = stamp.end()
        label = _label_at(text, start, end, qa_dot=qa_dot) if speakers else None
        if label and _canonical(label.group("name")) in speakers:
            speaker = spelling[_canonical(label.group("name")).casefold()]
            if label.re is not _QA_DOT and label.group("time"):
                time = _parse_seconds(label.group("time"))
            new_turn = True
            start = label.end()
        if markdown or text.startswith("•", start):
            bullet = _BULLET.match(text, start, end)
            if bullet:
                start = bullet.end()
        norm_start = builder.length
        for a, b in _unemphasised(text, start, end) if markdown else ((start, end),):
            for c, d in _unannotated(text, a, b):
                builder.add(c, d)
        if builder.length > norm_start or new_turn:
            seen_content = True
            pieces.append(Piece(norm_start, builder.length, speaker, time, new_turn))
    norm, offsets = builder.build()
    return Transcript(
        text=text,
        encoding=encoding,
        format=fmt,
        norm=norm,
        offsets=offsets,
        pieces=tuple(_drop_empty(pieces)),
        skipped=tuple(_merge_skipped(skipped, text)),
        headings=tuple(headings),
        title=title,
    )


def _canonical(name: str) -> str:
    return " ".join(name.split())


# Non-speech annotations inside a line: "[inaudible 00:12]", "[MUSIC]", "(laughs)", "♪ … ♪".
# Any short bracketed words go ("[sic]", "[crosstalk]"), but not an elision "[…]" or a
# Markdown link "[x](url)";
# round brackets only around the usual transcriber's words.
_ANNOTATION = re.compile(
    r"\[(?=[^\[\]\n]{0,59}[^\W\d_])[^\[\]\n]{1,60}\](?!\()"
    r"|\((?:laugh|chuckl|giggl|sigh|applause|music|inaudible|unintelligible|indistinct|crosstalk"
    r"|cough|pause|silence|background|cheer|static|clears? (?:his |her |their )?throat|sniff"
    r"|noise|mumbl|beep|overlapping|no audio|foreign|speaking|audio|video|break|smil|groan"
    r"|whisper|sound|phone|ring)[^()\n]{0,40}\)"
    r"|♪[^♪\n]{0,200}♪?",
    re.IGNORECASE,
)


def _outside(
    pattern: re.Pattern[str], text: str, start: int, end: int
) -> Iterator[tuple[int, int]]:
    """Yield the ranges of text[start:end] that `pattern` does not match."""
    pos = start
    for match in pattern.finditer(text, start, end):
        if match.start() > pos:
            yield pos, match.start()
        pos = match.end()
    if end > pos:
        yield pos, end


def _unannotated(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    return _outside(_ANNOTATION, text, start, end)


def _looks_like_title(line: str) -> bool:
    stripped = line.strip()
    words = stripped.split()
    return 2 <= len(words) <= 20 and not re.search(r"[.?!,;]['’\"”)]*$", stripped)


def _unemphasised(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    return _outside(_EMPHASIS, text, start, end)


def _drop_empty(pieces: list[Piece]) -> list[Piece]:
    """Drop label-only pieces, carrying their new-turn flag to the next piece."""
    out: list[Piece] = []
    carry = False
    for piece in pieces:
        if piece.end <= piece.start:
            carry = carry or piece.new_turn
            continue
        if carry and not piece.new_turn:
            piece = Piece(piece.start, piece.end, piece.speaker, piece.start_time, True)
        carry = False
        out.append(piece)
    return out


def _merge_skipped(ranges: list[SkippedRange], text: str) -> list[SkippedRange]:
    merged: list[SkippedRange] = []
    for item in ranges:
        if (
            merged
            and merged[-1].reason == item.reason
            and not text[merged[-1].end_char : item.start_char].strip()
        ):
            merged[-1] = SkippedRange(merged[-1].start_char, item.end_char, item.reason)
        else:
            merged.append(item)
    return merged


# --- SubRip and WebVTT ------------------------------------------------------------------------

# Bounded, like every pattern here that searches a line: 50,000 "<" on one line made an
# unbounded [^>]* scan to the end of the line from each of them.
_TAG = re.compile(r"<[^>\n]{0,200}>|\{\\[^}\n]{0,200}\}")
_VOICE = re.compile(r"<v(?:\.[\w.-]{1,60})?[ \t]+([^>\n]{1,200})>")
_SOUND = re.compile(r"^[ \t]*[\[(♪][^\])]*[\])♪]?[ \t]*$")
_CHEVRONS = re.compile(r"[ \t]*>>+[ \t]*")
_DASH = re.compile(r"[ \t]*[-–][ \t]+")


def _blocks(text: str) -> Iterator[list[_Line]]:
    block: list[_Line] = []
    for ln in _lines(text):
        if text[ln.start : ln.end].strip():
            block.append(ln)
        elif block:
            yield block
            block = []
    if block:
        yield block


def _parse_captions(text: str, encoding: str, fmt: SourceFormat) -> Transcript:
    builder = NormBuilder(text)
    pieces: list[Piece] = []
    skipped: list[SkippedRange] = []
    speaker: str | None = None
    previous_line = ""
    cues = 0
    for block in _blocks(text):
        first = text[block[0].start : block[0].end].strip()
        if fmt == "vtt" and first.startswith(("WEBVTT", "NOTE", "STYLE", "REGION")):
            continue
        timing_at = next(
            (k for k, ln in enumerate(block[:3]) if _CUE_TIME.match(text, ln.start, ln.end)), None
        )
        if timing_at is None:
            continue
        cues += 1
        time_match = _CUE_TIME.match(text, block[timing_at].start, block[timing_at].end)
        assert time_match is not None
        time = _parse_seconds(time_match.group(1))
        for ln in block[timing_at + 1 :]:
            line = text[ln.start : ln.end]
            if _SOUND.match(_TAG.sub("", line)):
                continue
            plain = " ".join(_TAG.sub("", line).split())
            if plain and plain == previous_line:  # rolling captions repeat the previous line
                continue
            previous_line = plain
            start, new_turn = ln.start, False
            voice = _VOICE.search(line)
            if voice:
                name = voice.group(1).strip()
                new_turn = name != speaker
                speaker = name
            chevrons = _CHEVRONS.match(text, start, ln.end)
            if chevrons:
                start, new_turn, speaker = chevrons.end(), True, None
            dash = _DASH.match(text, start, ln.end)
            if dash:
                start, new_turn = dash.end(), True
            label = _label_at(text, start, ln.end)
            if label and len(label.group("name").split()) <= 3:
                speaker, new_turn, start = label.group("name").strip(), True, label.end()
            norm_start = builder.length
            for a, b in _untagged(text, start, ln.end):
                for c, d in _unannotated(text, a, b):
                    builder.add(c, d)
            if builder.length > norm_start:
                pieces.append(Piece(norm_start, builder.length, speaker, time, new_turn))
    if not cues:
        raise GenerateError("unknown_format", "no caption cues found")
    norm, offsets = builder.build()
    return Transcript(
        text=text,
        encoding=encoding,
        format=fmt,
        norm=norm,
        offsets=offsets,
        pieces=tuple(pieces),
        skipped=tuple(skipped),
    )


def _untagged(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    pos = start
    for match in _TAG.finditer(text, start, end):
        if match.start() > pos:
            yield pos, match.start()
        pos = match.end()
    if end > pos:
        yield pos, end
