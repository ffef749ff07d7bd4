"""Decoding bytes to text, and recognising a transcript's format by its name and content."""

from __future__ import annotations

import codecs
import json
import re

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
    """Return (text, encoding): UTF-8 (BOM removed), UTF-16 with a BOM, else cp1252.

    Raises:
        GenerateError: ``binary`` for data that is not text.
    """
    if data.startswith(codecs.BOM_UTF8):
        return check_text(_strict(data[3:], "utf-8")), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return check_text(_strict(data, "utf-16")), "utf-16"
    if data.startswith(_MAGIC) or b"\x00" in data:
        raise GenerateError("binary", "the file is binary, not a text transcript")
    try:
        return check_text(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        return check_text(data.decode("cp1252", errors="replace")), "cp1252"


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise GenerateError("binary", f"the file is not valid {encoding} text") from error


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


def check_text(text: str) -> str:
    controls = len(_CONTROL.findall(text, 0, 100_000))
    if controls and (controls > 8 or controls * 100 > min(len(text), 100_000)):
        raise GenerateError("binary", "the file is binary, not a text transcript")
    return text.removeprefix("\ufeff")


# --- format -----------------------------------------------------------------------------------

TIME = r"(?:\d{1,3}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_SRT_START = re.compile(rf"\A\s*\d+\s*\r?\n\s*{TIME}\s*-->")
_MD_SIGNS = re.compile(r"^(?:#{1,6}\s+\S|\s*\*\*[^*\n]{1,40}(?::\*\*|\*\*:))", re.M)


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
    except ValueError:
        return False
    return True
