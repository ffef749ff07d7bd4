"""What plain text and captions share: lines, speaker labels, timestamps, annotations."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# A degree or suffix after a speaker's name: "Mireille B. Reece, Psy.D:" is one speaker.
_CREDENTIAL = r"(?:,[ \t]+(?:Ph\.?D|Psy\.?D|M\.?D|Ed\.?D|D\.?Phil|MBA|MSc|Jr|Sr|Esq)\.?)?"
_LABEL = re.compile(
    r"[ \t]*(?:[-*+•][ \t]+)?(?:\*\*|__)?(?P<name>[^\W\d_][\w'’.\-]*(?:[ \t]+[\w'’.\-()|–]+){0,4}?"
    rf"{_CREDENTIAL})"
    r"[ \t]*(?:\((?P<time>(?:\d{1,3}:)?\d{1,2}:\d{2})\)[ \t]*)?(?::(?:\*\*|__)|(?:\*\*|__)?:)"
    r"(?:[ \t]+|$)"
)
# A speaker line with the time after the name and no text (Otter: "Speaker 1  0:05",
# Rev: "Name (00:01:23):" is handled by _LABEL), or Q./A. labels of a deposition or oral history.
_HEADER = re.compile(
    r"[ \t]*(?:\*\*|__)?(?P<name>[^\W\d_][\w'’.\-]*(?:[ \t]+[\w'’.\-]+){0,3}?)(?:\*\*|__)?"
    r"[ \t]+[\[(]?(?P<time>(?:\d{1,3}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)[\])]?[ \t]*:?[ \t]*$"
)
QA_DOT = re.compile(r"[ \t]*(?P<name>[QA])\.(?:[ \t]+|$)")
_NOT_NAMES = frozenset(
    "note notes update tags tag category categories posted published source transcript "
    "summary edit edited translation http https www example for example e.g i.e break".split()
)
_NAME_PARTICLES = frozenset("de van von da di la le bin al del der den of the".split())
# Role labels name a speaker without a name: "Audience member:", "Unknown speaker:".
_ROLE_WORDS = frozenset("member members speaker participant".split())
# "Name - Team:" / "Name | Team:": a meeting tool's label with the speaker's organisation.
_AFFILIATION_SEPARATORS = frozenset("- – |".split())


@dataclass
class Line:
    """One line of the input, as offsets."""

    start: int
    end: int  # without the line break


def lines(text: str) -> Iterator[Line]:
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        yield Line(pos, pos + len(body))
        pos += len(raw)


def label_at(text: str, start: int, end: int, *, qa_dot: bool = False) -> re.Match[str] | None:
    """A speaker label at `start`: "Name:", "Name (00:01:23):", "Name  0:05" alone on its
    line, or (with `qa_dot`) "Q." / "A."."""
    match = _LABEL.match(text, start, end) or _HEADER.match(text, start, end)
    if match and _is_name(match.group("name").strip()):
        return match
    if qa_dot:
        return QA_DOT.match(text, start, end)
    return None


def name_words(name: str) -> int:
    """How many words a speaker's name has, a "- Team" separator not counted."""
    return sum(w not in _AFFILIATION_SEPARATORS for w in name.split())


def _is_name(name: str) -> bool:
    words = name.split()
    if not words or len(name) > 40 or not name[0].isupper() or name.lower() in _NOT_NAMES:
        return False
    return all(
        w[0].isupper()
        or w.lower() in _NAME_PARTICLES
        or w[0] == "("
        or (w.isdigit() and len(w) <= 3 and i > 0)
        or (i > 0 and w in _ROLE_WORDS)
        or (0 < i < len(words) - 1 and w in _AFFILIATION_SEPARATORS)
        for i, w in enumerate(words)
    )


def parse_seconds(stamp: str) -> float:
    parts = stamp.replace(",", ".").split(":")
    seconds = 0.0
    for part in parts:
        seconds = seconds * 60 + float(part)
    return round(seconds, 3)


# Non-speech annotations inside a line: "[inaudible 00:12]", "[MUSIC]", "(laughs)", "♪ … ♪".
# Any short bracketed words go ("[sic]", "[crosstalk]"), but not an elision "[…]" or a
# Markdown link "[x](url)";
# round brackets only around the usual transcriber's words.
_ANNOTATION = re.compile(
    r"\[(?=[^\[\]\n]{0,59}[^\W\d_])[^\[\]\n]{1,60}\](?!\()"
    r"|\((?:laugh|chuckl|giggl|sigh|applause|music|inaudible|unintelligible|indistinct|crosstalk"
    r"|cough|pause|silence|background|cheer|static|clears? (?:his |her |their )?throat|sniff"
    r"|noise|mumbl|beep|overlapping|no audio|foreign|speaking|audio|video|break|smil|groan"
    r"|whisper|sound|phone|ring)[^()\n]{0,40}\)"
    r"|♪[^♪\n]{0,200}♪?",
    re.IGNORECASE,
)


def outside(pattern: re.Pattern[str], text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Yield the ranges of text[start:end] that `pattern` does not match."""
    pos = start
    for match in pattern.finditer(text, start, end):
        if match.start() > pos:
            yield pos, match.start()
        pos = match.end()
    if end > pos:
        yield pos, end


def unannotated(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    return outside(_ANNOTATION, text, start, end)
