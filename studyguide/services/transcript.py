"""Lay a transcript out as readable paragraphs and mark a quoted range in it.

Pure: no Flask, no database. Every offset is a character offset into the course's transcript
text, the same offsets quotes and evidence carry, and paragraphs keep them: the paragraphs of a
visible stretch of text, concatenated, are exactly that stretch.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import nupunkt

MAX_SENTENCES = 4  # a paragraph closes after this many sentences ...
TARGET_CHARS = 450  # ... or once it is this long, whichever comes first
# A blank line in the source is a paragraph break the author made; always keep it.
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_CLOSERS = "\"')]”’»"
# Offsets in links are short ASCII digit strings; anything else (signs, underscores, Unicode
# digits, thousands of digits that int() refuses) is not an offset.
_OFFSET = re.compile(r"[0-9]{1,9}")

INVALID_RANGE = "That link points to a passage that is not in this transcript; showing it all."
HIDDEN_RANGE = "That passage is not part of the interview text shown here."


@dataclass(frozen=True)
class Paragraph:
    """A run of whole sentences, `text == transcript[start:end]`."""

    number: int  # 1-based, stable for a given transcript: the anchor p-<number>
    start: int
    end: int
    text: str

    @property
    def anchor(self) -> str:
        return f"p-{self.number}"


@dataclass(frozen=True)
class Piece:
    """Part of a paragraph, either inside the highlighted range or not."""

    text: str
    marked: bool = False
    first_mark: bool = False  # the first marked piece on the page carries id="hl"


@dataclass(frozen=True)
class ParagraphView:
    paragraph: Paragraph
    pieces: tuple[Piece, ...]


@dataclass(frozen=True)
class TranscriptView:
    paragraphs: tuple[ParagraphView, ...]
    highlight: tuple[int, int] | None
    notice: str | None


def visible_spans(length: int, skip: Iterable[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Return the ranges of [0, length) left after removing the skip ranges, in order."""
    cuts = sorted((max(0, a), min(length, b)) for a, b in skip if min(length, b) > max(0, a))
    spans: list[tuple[int, int]] = []
    pos = 0
    for a, b in cuts:
        if a > pos:
            spans.append((pos, a))
        pos = max(pos, b)
    if pos < length:
        spans.append((pos, length))
    return spans


def split_paragraphs(text: str, skip: Sequence[tuple[int, int]] = ()) -> tuple[Paragraph, ...]:
    """Split the text outside `skip` into paragraphs of a few sentences, cut at sentence ends.

    Whitespace-only stretches produce no paragraph; otherwise the paragraphs of each visible
    stretch tile it exactly. The result depends on nothing but the arguments.
    """
    return _split_paragraphs(text, tuple((int(a), int(b)) for a, b in skip))


@lru_cache(maxsize=16)
def _split_paragraphs(text: str, skip: tuple[tuple[int, int], ...]) -> tuple[Paragraph, ...]:
    # Cached: sentence splitting takes ~20 ms for an hour-long interview; the text rarely changes.
    bounds: list[tuple[int, int]] = []
    for start, end in visible_spans(len(text), skip):
        bounds.extend(_absorb_blank(text, _paragraph_bounds(text, start, end)))
    return tuple(Paragraph(n, a, b, text[a:b]) for n, (a, b) in enumerate(bounds, start=1))


def _paragraph_bounds(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for block_start, block_end in _blocks(text, start, end):
        para_start, count = block_start, 0
        for sentence_end in _sentence_ends(text, block_start, block_end):
            count += 1
            closes = (
                count >= MAX_SENTENCES
                or sentence_end - para_start >= TARGET_CHARS
                # A question usually ends the interviewer's turn: the answer starts afresh.
                or text[para_start:sentence_end].rstrip().rstrip(_CLOSERS).endswith("?")
            )
            if closes or sentence_end == block_end:
                out.append((para_start, sentence_end))
                para_start, count = sentence_end, 0
    return out


def _blocks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    cuts = [m.end() for m in _BLANK_LINE.finditer(text, start, end)]
    edges = [start, *(c for c in cuts if start < c < end), end]
    return list(zip(edges, edges[1:], strict=False))


def _sentence_ends(text: str, start: int, end: int) -> list[int]:
    # Only the ends nupunkt reports are used, so its spans need not tile the chunk.
    ends = {start + e for _, e in nupunkt.sent_spans(text[start:end]) if 0 < e < end - start}
    ends.add(end)
    return sorted(ends)


def _absorb_blank(text: str, bounds: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge whitespace-only pieces into a neighbour so no paragraph is empty."""
    out: list[tuple[int, int]] = []
    pending: int | None = None  # start of leading whitespace waiting for a paragraph
    for a, b in bounds:
        if text[a:b].strip():
            out.append((pending if pending is not None else a, b))
            pending = None
        elif out:
            out[-1] = (out[-1][0], b)
        elif pending is None:
            pending = a
    return out


def parse_range(start: str | None, end: str | None, length: int) -> tuple[int, int] | None:
    """Return the highlight range the raw query values name, or None if they name none.

    Raises:
        ValueError: a value is given but is not a valid range inside [0, length].
    """
    if start is None and end is None:
        return None
    if start is None or end is None or not _OFFSET.fullmatch(start) or not _OFFSET.fullmatch(end):
        raise ValueError("start and end must both be non-negative integers")
    a, b = int(start), int(end)
    if not 0 <= a < b <= length:
        raise ValueError(f"range {a}–{b} is not inside the transcript (0–{length})")
    return a, b


def transcript_view(
    text: str,
    skip: Sequence[tuple[int, int]] = (),
    start: str | None = None,
    end: str | None = None,
) -> TranscriptView:
    """Lay out the transcript with the range named by raw `start`/`end` values highlighted."""
    paragraphs = split_paragraphs(text, skip)
    notice: str | None = None
    try:
        highlight = parse_range(start, end, len(text))
    except ValueError:
        highlight, notice = None, INVALID_RANGE
    views, marked = _mark(paragraphs, highlight)
    if highlight is not None and not marked:
        highlight, notice = None, HIDDEN_RANGE
    return TranscriptView(views, highlight, notice)


def _mark(
    paragraphs: Sequence[Paragraph], highlight: tuple[int, int] | None
) -> tuple[tuple[ParagraphView, ...], bool]:
    views: list[ParagraphView] = []
    marked = False
    for p in paragraphs:
        if highlight is None or highlight[1] <= p.start or p.end <= highlight[0]:
            views.append(ParagraphView(p, (Piece(p.text),)))
            continue
        a, b = max(highlight[0], p.start) - p.start, min(highlight[1], p.end) - p.start
        pieces = (
            Piece(p.text[:a]),
            Piece(p.text[a:b], marked=True, first_mark=not marked),
            Piece(p.text[b:]),
        )
        views.append(ParagraphView(p, tuple(piece for piece in pieces if piece.text)))
        marked = True
    return tuple(views), marked
