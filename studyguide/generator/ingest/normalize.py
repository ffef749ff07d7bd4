"""Build the normalised text (spoken words, single spaces) with a map back to the original.

Also classifies web-page leftovers (dates, tag lines, share buttons, comment forms,
navigation) so ingest can drop and report them instead of turning them into lessons.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from studyguide.generator.types import (
    Heading,
    OffsetMap,
    Piece,
    SkippedRange,
    SourceFormat,
    Transcript,
)

_TOKEN = re.compile(r"\S+")


class NormBuilder:
    """Accumulates original-text ranges as single-spaced text, remembering where each came from.

    Every token is copied verbatim; whitespace runs become one space. Tokens from separate
    calls to :meth:`add` are also separated by one space.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._parts: list[str] = []
        self._len = 0
        self._norm_starts: list[int] = []
        self._orig_starts: list[int] = []
        self._next_orig = -1  # original offset that would continue the current run

    @property
    def length(self) -> int:
        return self._len

    def add(self, start: int, end: int) -> tuple[int, int]:
        """Append the original range ``[start, end)``; return its normalised (start, end)."""
        first = -1
        for match in _TOKEN.finditer(self._text, start, end):
            a, b = match.span()
            if self._len:
                space_orig = a - 1
                if space_orig != self._next_orig:
                    self._norm_starts.append(self._len)
                    self._orig_starts.append(space_orig)
                self._parts.append(" ")
                self._len += 1
            elif self._next_orig != a:
                self._norm_starts.append(self._len)
                self._orig_starts.append(a)
            if first < 0:
                first = self._len
            self._parts.append(self._text[a:b])
            self._len += b - a
            self._next_orig = b
        if first < 0:
            return self._len, self._len
        return first, self._len

    def build(self) -> tuple[str, OffsetMap]:
        return "".join(self._parts), OffsetMap(tuple(self._norm_starts), tuple(self._orig_starts))

    def transcript(
        self,
        encoding: str,
        fmt: SourceFormat,
        pieces: Sequence[Piece],
        skipped: Sequence[SkippedRange] = (),
        headings: Sequence[Heading] = (),
        title: str | None = None,
    ) -> Transcript:
        """The Transcript of the text added so far."""
        norm, offsets = self.build()
        return Transcript(
            text=self._text,
            encoding=encoding,
            format=fmt,
            norm=norm,
            offsets=offsets,
            pieces=tuple(pieces),
            skipped=tuple(skipped),
            headings=tuple(headings),
            title=title,
        )


# --- web-page leftovers ---------------------------------------------------------------------

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?"
_DATE = re.compile(
    rf"^(?:{_DAY}\s*)?(?:"
    rf"\d{{1,2}}|{_MONTH}|\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+\d{{4}})?"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|{_MONTH}\s+\d{{4}}"
    r"|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{2,4}"
    r")$",
    re.IGNORECASE,
)
_STRONG: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("tags", re.compile(r"^(?:tags?|tagged|categor(?:y|ies)|filed under|topics?)\s*:", re.I)),
    ("date", re.compile(r"^(?:posted|published|updated|last updated)\s+(?:on|at|by)?\b", re.I)),
    (
        "share",
        re.compile(
            r"^(?:share(?: this(?: post| article| page)?)?(?: on [\w ]+)?|tweet|pin it|"
            r"(?:share|post) (?:on|to) (?:facebook|twitter|x|linkedin|reddit|whatsapp)|"
            r"facebook|twitter|linkedin|reddit|whatsapp|telegram|e-?mail|print|copy link)"
            r"\s*[:!.]?$",
            re.I,
        ),
    ),
    (
        "comment form",
        re.compile(
            r"^(?:(?:there are )?no comments(?: yet)?\.?|why not be the first\W*|"
            r"leave a (?:reply|comment)\W*|\d+ (?:comments?|responses?|replies)|comments?|reply|"
            r"post comment|submit comment|cancel reply|(?:name|e-?mail|website|comment)\s*\*?|"
            r"be the first to comment\W*)$|your email address will not be published|"
            r"required fields are marked|save my name,? email|notify me of (?:new|follow-up)",
            re.I,
        ),
    ),
    (
        "footer",
        re.compile(
            r"^(?:©|\(c\)|copyright\b)|all rights reserved|"
            r"^(?:transcribed|transcription|captioned|captions|subtitles) (?:by|provided by)\b|"
            r"^(?:this )?transcript (?:was )?(?:exported|generated|created|produced)\b|"
            r"^(?:related(?: posts| articles)?|"
            r"you may also like|read more|previous (?:post|article)|next (?:post|article)|"
            r"subscribe(?: to [\w ]+)?|sign up for [\w ]+|follow us(?: on [\w ]+)?)\W*$",
            re.I,
        ),
    ),
    (
        "navigation",
        re.compile(r"^(?:home|about(?: us)?|contact(?: us)?|blog|menu|search|skip to content|"
                   r"log ?in|sign ?in|privacy policy|terms(?: of (?:use|service))?)$", re.I),
    ),
)  # fmt: skip
# A match starts where a run of spaces starts: tried inside the run, every start rescanned it.
_NAV_SEPARATORS = re.compile(r"(?<!\s)\s+[|·»›/>•]\s+|(?<!\s)\s+[|·»›•]\s*|[|·»›•]\s*")


def classify_boilerplate(line: str, *, at_edge: bool) -> str | None:
    """Return why `line` is page boilerplate, or None if it may be transcript.

    `at_edge` says the line lies before the first or after the last real paragraph, where
    weaker signals (a bare date, a short navigation bar) are trusted.
    """
    stripped = line.strip().strip("*_#").strip()
    if not stripped:
        return None
    words = stripped.split()
    if len(words) > 25:
        return None
    for reason, pattern in _STRONG:
        if pattern.search(stripped):
            if reason in ("navigation", "share") and not at_edge and len(words) > 3:
                continue
            return reason
    if _DATE.match(stripped):
        return "date" if at_edge or len(words) > 1 else None
    items = [item for item in _NAV_SEPARATORS.split(stripped) if item]
    if (
        at_edge
        and len(items) >= 3
        and all(len(item.split()) <= 3 for item in items)
        and not re.search(r"[.?!]$", stripped)
    ):
        return "navigation"
    return None
