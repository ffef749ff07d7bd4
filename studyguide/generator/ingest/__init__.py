"""Stage 1: decode the input, recognise its format and parse it into a normalised Transcript.

Handles plain text (with or without speaker labels and ``[mm:ss]`` timestamps), Markdown-ish
exports, SubRip and WebVTT captions. Every normalised character maps back to the input text.
`decode` reads bytes and tells the format, `plain` parses text and Markdown, `captions` cues,
`lines` holds what the two share and `normalize` the single-spaced text and its offset map.
"""

from __future__ import annotations

from studyguide.generator.ingest.captions import parse_captions
from studyguide.generator.ingest.decode import check_text, decode, detect_format
from studyguide.generator.ingest.plain import parse_lines
from studyguide.generator.types import DEFAULT_OPTIONS, GenerateError, GenerateOptions, Transcript

__all__ = ["decode", "detect_format", "ingest"]


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
        text, encoding = check_text(source), "utf-8"
    if not text.strip():
        raise GenerateError("empty", "the file is empty")
    fmt = detect_format(text, options.filename)
    if fmt == "srt":
        return parse_captions(text, encoding, "srt")
    if fmt == "vtt":
        return parse_captions(text, encoding, "vtt")
    return parse_lines(text, encoding, fmt)
