"""Plain text and Markdown: speaker labels, timestamps, headings, page boilerplate."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from studyguide.generator.ingest.lines import (
    QA_DOT,
    Line,
    label_at,
    lines,
    outside,
    parse_seconds,
    unannotated,
)
from studyguide.generator.ingest.normalize import NormBuilder, classify_boilerplate
from studyguide.generator.types import Heading, Piece, SkippedRange, SourceFormat, Transcript

_TIMESTAMP = re.compile(
    r"[ \t]*(?:\[(?P<a>(?:\d{1,3}:)?\d{1,2}:\d{2}(?:[.,]\d+)?)\]"
    r"|\((?P<b>(?:\d{1,3}:)?\d{1,2}:\d{2}(?:[.,]\d+)?)\)"
    r"|(?P<c>(?:\d{1,3}:)?\d{1,2}:\d{2}(?:[.,]\d+)?)(?=[ \t]|$))[ \t]*[-–—]?[ \t]*"
)
_HEADING = re.compile(r"^[ \t]{0,3}(#{1,6})[ \t]+(.*)$")  # the text is group 2 less " \t#"
_RULE = re.compile(r"^[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_BULLET = re.compile(r"[ \t]*(?:[-*+•]|\d{1,3}[.)])[ \t]+")
_EMPHASIS = re.compile(r"\*\*|__")
_SENTENCE_END = re.compile(r"\w[.?!]")


def parse_lines(text: str, encoding: str, fmt: SourceFormat) -> Transcript:
    """Parse plain text or Markdown, line by line, into a Transcript."""
    all_lines = list(lines(text))
    parser = _LineParser(text, fmt == "markdown", _Labels.find(text, all_lines))
    for i, ln in enumerate(all_lines):
        parser.line(i, ln)
    return parser.builder.transcript(
        encoding,
        fmt,
        _drop_empty(parser.pieces),
        _merge_skipped(parser.skipped, text),
        parser.headings,
        parser.title,
    )


@dataclass(frozen=True)
class _Labels:
    """What a first pass over the lines finds: where the real text lies, who speaks."""

    first_real: int  # the first and last substantial lines
    last_real: int
    qa_dot: bool  # "Q." / "A." are labels
    speakers: set[str]
    spelling: dict[str, str]  # casefolded name -> the spelling used most

    @classmethod
    def find(cls, text: str, all_lines: Sequence[Line]) -> _Labels:
        substantial = [
            i
            for i, ln in enumerate(all_lines)
            if len(text[ln.start : ln.end].split()) >= 12
            and _SENTENCE_END.search(text, ln.start, ln.end)
        ]
        if not substantial:  # caption-like short lines (a YouTube transcript copy)
            substantial = [
                i for i, ln in enumerate(all_lines) if len(text[ln.start : ln.end].split()) >= 5
            ]
        names: Counter[str] = Counter()
        dotted: Counter[str] = Counter()
        for ln in all_lines:
            stamp = _TIMESTAMP.match(text, ln.start, ln.end)
            label = label_at(text, stamp.end() if stamp else ln.start, ln.end, qa_dot=True)
            if label:
                target = dotted if label.re is QA_DOT else names
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
        return cls(
            first_real=substantial[0] if substantial else len(all_lines),
            last_real=substantial[-1] if substantial else -1,
            qa_dot=qa_dot,
            speakers=speakers,
            spelling=spelling,
        )


class _LineParser:
    """The second pass: each line skipped, taken as a heading or title, or added as a piece."""

    def __init__(self, text: str, markdown: bool, labels: _Labels) -> None:
        self.text = text
        self.markdown = markdown
        self.labels = labels
        self.builder = NormBuilder(text)
        self.pieces: list[Piece] = []
        self.skipped: list[SkippedRange] = []
        self.headings: list[Heading] = []
        self.title: str | None = None
        self.speaker: str | None = None
        self.time: float | None = None
        self.seen_content = False

    def line(self, i: int, ln: Line) -> None:
        text, labels = self.text, self.labels
        start, end = ln.start, ln.end
        line = text[start:end]
        if not line.strip():
            return
        at_edge = i < labels.first_real or i > labels.last_real
        reason = classify_boilerplate(line, at_edge=at_edge)
        if reason:
            self.skipped.append(SkippedRange(start, end, reason))
            return
        heading = _HEADING.match(line)
        if heading and (self.markdown or heading.group(1) == "#"):
            words = heading.group(2).rstrip(" \t#").strip()
            if not self.seen_content and self.title is None:
                self.title = words
                self.skipped.append(SkippedRange(start, end, "title"))
            else:
                self.headings.append(Heading(self.builder.length, words))
            return
        if _RULE.match(line):
            return
        if (
            i < labels.first_real
            and not self.seen_content
            and self.title is None
            and _looks_like_title(line)
            and not label_at(text, start, end, qa_dot=labels.qa_dot)
            and not _TIMESTAMP.match(text, start, end)
        ):
            self.title = line.strip()
            self.skipped.append(SkippedRange(start, end, "title"))
            return
        self._spoken(start, end)

    def _spoken(self, start: int, end: int) -> None:
        """Add a line of speech: its timestamp, speaker label and bullet taken off."""
        text, labels = self.text, self.labels
        new_turn = False
        stamp = _TIMESTAMP.match(text, start, end)
        if stamp:
            self.time = parse_seconds(stamp.group("a") or stamp.group("b") or stamp.group("c"))
            start = stamp.end()
        label = label_at(text, start, end, qa_dot=labels.qa_dot) if labels.speakers else None
        if label and _canonical(label.group("name")) in labels.speakers:
            self.speaker = labels.spelling[_canonical(label.group("name")).casefold()]
            if label.re is not QA_DOT and label.group("time"):
                self.time = parse_seconds(label.group("time"))
            new_turn = True
            start = label.end()
        if self.markdown or text.startswith("•", start):
            bullet = _BULLET.match(text, start, end)
            if bullet:
                start = bullet.end()
        builder = self.builder
        norm_start = builder.length
        for a, b in _unemphasised(text, start, end) if self.markdown else ((start, end),):
            for c, d in unannotated(text, a, b):
                builder.add(c, d)
        if builder.length > norm_start or new_turn:
            self.seen_content = True
            self.pieces.append(Piece(norm_start, builder.length, self.speaker, self.time, new_turn))


def _canonical(name: str) -> str:
    return " ".join(name.split())


def _looks_like_title(line: str) -> bool:
    stripped = line.strip()
    words = stripped.split()
    return 2 <= len(words) <= 20 and not re.search(r"[.?!,;]['’\"”)]*$", stripped)


def _unemphasised(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    return outside(_EMPHASIS, text, start, end)


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
