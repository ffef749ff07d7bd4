"""Decoding bytes to text, and recognising a transcript's format by its name and content."""

from __future__ import annotations

import codecs
import json
import re

from studyguide.coursepack.source import control_message
from studyguide.generator.types import GenerateError, SourceFormat

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


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding): UTF-8 (BOM removed), UTF-16 (with a BOM or mostly Latin
    script without one), else cp1252.

    Raises:
        GenerateError: ``binary`` for data that is not text.
    """
    if data.startswith(codecs.BOM_UTF8):
        return check_text(_strict(data[3:], "utf-8")), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return check_text(_strict(data, "utf-16")), "utf-16"
    order = _utf16_order(data) if b"\x00" in data and not data.startswith(_MAGIC) else None
    if order:  # the README promises UTF-16, with or without a byte-order mark
        return check_text(_strict(data, order)), order
    if data.startswith(_MAGIC) or b"\x00" in data:
        raise GenerateError("binary", "the file is binary, not a text transcript")
    try:
        return check_text(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError as error:
        _refuse_stray_bytes(data, error)
        return check_text(data.decode("cp1252", errors="replace")), "cp1252"


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


def check_text(text: str) -> str:
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

TIME = r"(?:\d{1,3}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_CUE_LINE = re.compile(rf"^[ \t]*{TIME}[ \t]*-->[ \t]*{TIME}", re.M)
_SRT_START = re.compile(rf"\A\s*\d+[^\S\n]*\r?\n\s*{TIME}\s*-->")
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
