"""Frozen records that flow between the generator's stages, and the draft it outputs.

The course content itself (lessons, questions, evidence, …) is made of the course vocabulary,
``studyguide.coursepack.models``; the records here are the generator's own.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Literal

from studyguide.coursepack.models import Lesson, SkipRange

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
    # Who asks (the interviewer's speaker label) and who answers; names are kept out of
    # keyphrases and lesson titles. Absent, both are guessed from the text as before.
    host: str | None = None
    guests: tuple[str, ...] = ()
    # Sentence embeddings join lexical cohesion (the optional `semantic` extra; see semantic.py).
    semantic: bool = False


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


SkippedRange = SkipRange  # an original-text range left out of the course, and why


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
class QuestionNote:
    """Why the generator made a question and how good it looked: ranking data, not content."""

    question_id: str
    score: float
    reason: str


@dataclass(frozen=True)
class CourseDraft:
    """The generator's output: a draft course that points into `text` by offsets.

    `lessons` are course records; `segment_ids` holds each lesson's segment ids (in lesson
    order) and `notes` each question's score and reason, for the JSON dump.
    """

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
    segment_ids: tuple[tuple[str, ...], ...] = ()
    notes: tuple[QuestionNote, ...] = ()
    language: str = "en"

    def note(self, question_id: str) -> QuestionNote:
        """Return the note on the question with this id."""
        return next(note for note in self.notes if note.question_id == question_id)
