"""Frozen records that flow between the generator's stages; the only things it outputs."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Literal

QuestionType = Literal["multiple_choice", "multiple_select", "true_false", "cloze", "short_answer"]
Role = Literal["question", "answer"]
SourceFormat = Literal["text", "markdown", "srt", "vtt"]

MB = 1024 * 1024


@dataclass(frozen=True)
class GenerateOptions:
    """What the caller can choose; everything else is decided by the text."""

    title: str | None = None
    max_lessons: int = 8
    max_file_bytes: int = 5 * MB
    filename: str | None = None  # a hint for the format (".srt", ".vtt", ".md", ".txt")
    max_questions_per_lesson: int = 12
    min_segment_words: int = 120
    language: str = "en"


DEFAULT_OPTIONS = GenerateOptions()


class GenerateError(ValueError):
    """The input cannot become a course. `reason` is a stable code, `str()` a clear message.

    Reasons: ``empty``, ``binary``, ``too_large``, ``unknown_format``, ``no_sentences``.
    """

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class OffsetMap:
    """Maps a position in the normalised text back to the original text.

    Stored as runs: normalised ``[norm_starts[i], norm_starts[i+1])`` is a one-to-one copy of
    the original starting at ``orig_starts[i]`` (a collapsed whitespace run counts as one char).
    """

    norm_starts: tuple[int, ...]
    orig_starts: tuple[int, ...]

    def to_original(self, pos: int) -> int:
        """Return the original offset of the normalised character at `pos`."""
        i = bisect_right(self.norm_starts, pos) - 1
        if i < 0:
            return 0
        return self.orig_starts[i] + (pos - self.norm_starts[i])

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Return the original (start, end) of the normalised half-open span."""
        if end <= start:
            o = self.to_original(start)
            return o, o
        return self.to_original(start), self.to_original(end - 1) + 1


@dataclass(frozen=True)
class Piece:
    """A run of normalised text from one place in the source (a line, a cue, a turn)."""

    start: int  # normalised offsets
    end: int
    speaker: str | None
    start_time: float | None
    new_turn: bool  # a label, a ">>" or a voice tag starts a new turn here


@dataclass(frozen=True)
class SkippedRange:
    """Original-text range left out of the course, and why."""

    start_char: int
    end_char: int
    reason: str


@dataclass(frozen=True)
class Heading:
    """A heading in a Markdown export: a strong hint for a topic boundary."""

    norm_pos: int
    text: str


@dataclass(frozen=True)
class Transcript:
    """The decoded input plus a clean, whitespace-normalised view of the spoken words."""

    text: str  # the input decoded (BOM removed, line endings untouched): offsets point here
    encoding: str
    format: SourceFormat
    norm: str  # the spoken words only, single spaces
    offsets: OffsetMap
    pieces: tuple[Piece, ...]
    skipped: tuple[SkippedRange, ...]
    headings: tuple[Heading, ...] = ()
    title: str | None = None  # a title line found in the source

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Return the original offsets of a normalised span."""
        return self.offsets.span(start, end)

    def piece_at(self, pos: int) -> Piece | None:
        """Return the piece holding normalised position `pos`, if any."""
        i = bisect_right(self._piece_starts, pos) - 1
        return self.pieces[i] if i >= 0 else None

    def time_at(self, pos: int) -> float | None:
        """Return the timestamp of the piece holding normalised position `pos`, if any."""
        piece = self.piece_at(pos)
        return piece.start_time if piece else None

    def __post_init__(self) -> None:
        object.__setattr__(self, "_piece_starts", tuple(p.start for p in self.pieces))

    _piece_starts: tuple[int, ...] = field(default=(), init=False, repr=False, compare=False)


@dataclass(frozen=True)
class Sentence:
    """One sentence of the normalised text."""

    index: int
    start: int  # normalised offsets
    end: int
    text: str
    speaker: str | None
    turn: int


@dataclass(frozen=True)
class Turn:
    """A speaker turn; `role` says whether it asks (interviewer) or answers."""

    index: int
    start: int  # normalised offsets
    end: int
    speaker: str | None
    role: Role
    first_sentence: int
    last_sentence: int  # inclusive


@dataclass(frozen=True)
class Segment:
    """A stretch of transcript on one topic."""

    id: str
    start: int  # normalised offsets
    end: int
    start_char: int  # original offsets
    end_char: int
    title: str
    opening_question: str | None
    first_sentence: int
    last_sentence: int  # inclusive


@dataclass(frozen=True)
class Evidence:
    """A verbatim passage of the input: ``text[start_char:end_char] == quote``."""

    quote: str
    start_char: int
    end_char: int
    start_time: float | None = None


@dataclass(frozen=True)
class Takeaway:
    text: str
    evidence: Evidence


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    definition: str


@dataclass(frozen=True)
class Question:
    """A quiz item in the package format, with why it exists and how good it looks."""

    id: str
    type: QuestionType
    prompt: str
    answer: str | bool | tuple[str, ...]
    evidence: Evidence
    explanation: str
    difficulty: Literal["easy", "medium", "hard"]
    score: float
    reason: str
    choices: tuple[str, ...] = ()
    accepted: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lesson:
    slug: str
    title: str
    segment_ids: tuple[str, ...]
    objectives: tuple[str, ...]
    summary: str
    takeaways: tuple[Takeaway, ...]
    quotes: tuple[Evidence, ...]
    keyphrases: tuple[str, ...]
    glossary: tuple[GlossaryEntry, ...]
    reflection_prompts: tuple[str, ...]
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class CourseDraft:
    """The generator's output: a draft course that points into `text` by offsets."""

    slug: str
    title: str
    description: str
    text: str
    encoding: str
    format: SourceFormat
    speakers: tuple[str, ...]
    segments: tuple[Segment, ...]
    lessons: tuple[Lesson, ...]
    skipped: tuple[SkippedRange, ...]
    dropped: tuple[tuple[str, int], ...] = field(default=())  # (reason, count), sorted
