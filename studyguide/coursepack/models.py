"""The course vocabulary: immutable records for a course package and the problems found in one.

The generator emits these records, the reader builds them, the importer stores them;
``serialize`` maps them to and from the plain data of the package files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a package: the file (relative to the package root) and field."""

    file: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.message}"


class PackageError(Exception):
    """Raised when a package cannot be read or fails validation."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        first = f": {self.problems[0]}" if self.problems else ""
        super().__init__(f"{count} problem{'' if count == 1 else 's'} in course package{first}")


@dataclass(frozen=True)
class Evidence:
    """A verbatim transcript passage that proves something, with its offsets."""

    quote: str
    start_char: int
    end_char: int
    start_time: float | None = None


@dataclass(frozen=True)
class Quote:
    """A notable verbatim quote from the transcript."""

    text: str
    start_char: int
    end_char: int
    start_time: float | None = None


@dataclass(frozen=True)
class Segment:
    """A transcript range a lesson covers (`end_char` exclusive)."""

    start_char: int
    end_char: int
    title: str


@dataclass(frozen=True)
class SkipRange:
    """A transcript range that is not part of the interview (page boilerplate)."""

    start_char: int
    end_char: int
    reason: str


@dataclass(frozen=True)
class Takeaway:
    """A key takeaway of a lesson with its evidence."""

    text: str
    evidence: Evidence


@dataclass(frozen=True)
class GlossaryEntry:
    """A term and its definition."""

    term: str
    definition: str


@dataclass(frozen=True)
class Question:
    """A question as written in a lesson file; `choices`/`accepted` are () when not used."""

    # `answer` is a bool for true_false, a tuple for multiple_select, a str otherwise.

    id: str
    type: str
    prompt: str
    choices: tuple[str, ...]
    answer: str | bool | tuple[str, ...]
    accepted: tuple[str, ...]
    explanation: str
    evidence: Evidence
    difficulty: str
    version: int | None = None


@dataclass(frozen=True)
class Lesson:
    """A lesson file: front matter fields, Markdown body and its package-relative path."""

    slug: str
    title: str
    objectives: tuple[str, ...]
    segments: tuple[Segment, ...]
    takeaways: tuple[Takeaway, ...]
    quotes: tuple[Quote, ...]
    reflection_prompts: tuple[str, ...]
    keyphrases: tuple[str, ...]
    glossary: tuple[GlossaryEntry, ...]
    questions: tuple[Question, ...]
    body_markdown: str
    file: str


@dataclass(frozen=True)
class TranscriptInfo:
    """The `transcript` block of course.yaml."""

    file: str
    title: str
    speakers: tuple[str, ...] = ()
    source: str | None = None
    language: str | None = None
    skip: tuple[SkipRange, ...] = ()


@dataclass(frozen=True)
class CoursePackage:
    """A whole course package with its lessons in course order.

    `path` is the folder it was read from, None for one built in memory (a generated draft).
    """

    path: Path | None
    slug: str
    title: str
    description: str
    status: str
    transcript: TranscriptInfo
    transcript_text: str
    lessons: tuple[Lesson, ...]
