"""SubRip and WebVTT captions: cues, voice tags, ">>" and dash speaker changes."""

from __future__ import annotations

import re
from collections.abc import Iterator

from studyguide.generator.ingest.decode import TIME
from studyguide.generator.ingest.lines import (
    Line,
    label_at,
    lines,
    name_words,
    outside,
    parse_seconds,
    unannotated,
)
from studyguide.generator.ingest.normalize import NormBuilder
from studyguide.generator.types import GenerateError, Piece, SourceFormat, Transcript

_CUE_TIME = re.compile(rf"[ \t]*({TIME})\s*-->\s*({TIME})")
# Bounded, like every pattern here that searches a line: 50,000 "<" on one line made an
# unbounded [^>]* scan to the end of the line from each of them.
_TAG = re.compile(r"<[^>\n]{0,200}>|\{\\[^}\n]{0,200}\}")
_VOICE = re.compile(r"<v(?:\.[\w.-]{1,60})?[ \t]+([^>\n]{1,200})>")
_SOUND = re.compile(r"^[ \t]*[\[(♪][^\])]*[\])♪]?[ \t]*$")
_CHEVRONS = re.compile(r"[ \t]*>>+[ \t]*")
_DASH = re.compile(r"[ \t]*[-–][ \t]+")


def parse_captions(text: str, encoding: str, fmt: SourceFormat) -> Transcript:
    """Parse SubRip or WebVTT cues into a Transcript.

    Raises:
        GenerateError: ``unknown_format`` when there are no cues.
    """
    parser = _CueParser(text)
    cues = 0
    for block in _blocks(text):
        first = text[block[0].start : block[0].end].strip()
        if fmt == "vtt" and first.startswith(("WEBVTT", "NOTE", "STYLE", "REGION")):
            continue
        timing = next(
            (
                (k, match)
                for k, ln in enumerate(block[:3])
                if (match := _CUE_TIME.match(text, ln.start, ln.end))
            ),
            None,
        )
        if timing is None:
            continue
        cues += 1
        timing_at, time_match = timing
        time = parse_seconds(time_match.group(1))
        for ln in block[timing_at + 1 :]:
            parser.line(ln, time)
    if not cues:
        raise GenerateError("unknown_format", "no caption cues found")
    return parser.builder.transcript(encoding, fmt, parser.pieces)


class _CueParser:
    """Adds each line of a cue's text, following who speaks from line to line."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.builder = NormBuilder(text)
        self.pieces: list[Piece] = []
        self.speaker: str | None = None
        self.previous_line = ""

    def line(self, ln: Line, time: float) -> None:
        text = self.text
        line = text[ln.start : ln.end]
        if _SOUND.match(_TAG.sub("", line)):
            return
        plain = " ".join(_TAG.sub("", line).split())
        if plain and plain == self.previous_line:  # rolling captions repeat the previous line
            return
        self.previous_line = plain
        start, new_turn = ln.start, False
        voice = _VOICE.search(line)
        if voice:
            name = voice.group(1).strip()
            new_turn = name != self.speaker
            self.speaker = name
        chevrons = _CHEVRONS.match(text, start, ln.end)
        if chevrons:
            start, new_turn, self.speaker = chevrons.end(), True, None
        dash = _DASH.match(text, start, ln.end)
        if dash:
            start, new_turn = dash.end(), True
        label = label_at(text, start, ln.end)
        if label and name_words(label.group("name")) <= 3:
            self.speaker, new_turn, start = label.group("name").strip(), True, label.end()
        norm_start = self.builder.length
        for a, b in outside(_TAG, text, start, ln.end):
            for c, d in unannotated(text, a, b):
                self.builder.add(c, d)
        if self.builder.length > norm_start:
            self.pieces.append(Piece(norm_start, self.builder.length, self.speaker, time, new_turn))


def _blocks(text: str) -> Iterator[list[Line]]:
    block: list[Line] = []
    for ln in lines(text):
        if text[ln.start : ln.end].strip():
            block.append(ln)
        elif block:
            yield block
            block = []
    if block:
        yield block
