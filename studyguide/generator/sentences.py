"""Split the normalised text into sentences that never cross a speaker turn or a heading."""

from __future__ import annotations

import re
from collections.abc import Iterable

import nupunkt

from studyguide.generator.lexicon import STOPWORDS
from studyguide.generator.tuning import TUNING
from studyguide.generator.types import Sentence, Transcript

# A longer run without a space is no word ("!!!…", "(laugh(laugh…"): text holding one is cut
# into pieces of this size, since nupunkt and the term finder rescan a run from each position.
MAX_RUN_CHARS = 200
# nupunkt sometimes takes an ordinary word for an abbreviation ("inside the wall. Solid walls"):
# a full stop after a lower-case word of 3+ letters, then a capitalised word, is a boundary.
_MISSED = re.compile(r"(?<=[a-z]{3}[.!?])\s+(?=[A-Z][a-z]*\b)")
_ABBREVIATIONS = frozenset("etc approx incl excl dept univ est misc resp".split())
_CUT = re.compile(r"[,;:–—]\s|\s(?:and|but|so|because)\s")
# Auto captions (a YouTube transcript copy) have no punctuation at all: their text is cut into
# pseudo-sentences of about `pseudo_words` words at caption lines, before a discourse marker when
# one is near.
_SENTENCE_MARK = re.compile(r"\w[.!?]['’\")\]”]*(?:\s|$)")
_MARKER = re.compile(
    r"(?:so|okay|ok|now|alright|all right|then|finally|today|and then|and that's"
    r"|thanks)\b",
    re.IGNORECASE,
)


# Sentence openers of captions that capitalise but do not punctuate (see _capital_openers).
_OPENERS = STOPWORDS | frozenset("um uh yes yeah okay ok hi hello thanks thank".split())
_MIN_CAPTION_WORDS = 5


def split_sentences(transcript: Transcript) -> tuple[Sentence, ...]:
    """Return the sentences of the transcript's normalised text, in order."""
    norm = transcript.norm
    cuts = {0, len(norm)}
    cuts.update(p.start for p in transcript.pieces if p.new_turn)
    cuts.update(h.norm_pos for h in transcript.headings)
    bounds = sorted(c for c in cuts if 0 <= c <= len(norm))
    out: list[Sentence] = []
    piece_ends = sorted({p.end for p in transcript.pieces})
    piece_starts = sorted({p.start for p in transcript.pieces})
    for a, b in zip(bounds, bounds[1:], strict=False):
        chunk = norm[a:b]
        if not chunk.strip():
            continue
        if max(map(len, chunk.split())) > MAX_RUN_CHARS:
            spans = [
                (i, min(i + MAX_RUN_CHARS, len(chunk))) for i in range(0, len(chunk), MAX_RUN_CHARS)
            ]
        elif unpunctuated(chunk):
            spans = _pseudo_sentences(chunk, [p - a for p in piece_starts if a < p < b])
        else:
            spans = _resplit(chunk, nupunkt.sent_spans(chunk))
        for start, end in spans:
            s, e = _strip(chunk, start, end)
            if e <= s:
                continue
            for s2, e2 in _cut_long(norm, a + s, a + e, piece_ends):
                piece = transcript.piece_at(s2)
                speaker = piece.speaker if piece else None
                out.append(Sentence(len(out), s2, e2, norm[s2:e2], speaker, 0))
    return tuple(out)


def unpunctuated(text: str) -> bool:
    """True for text of 30+ words with (almost) no sentence ends: raw automatic captions."""
    n_words = len(text.split())
    return n_words >= 30 and len(_SENTENCE_MARK.findall(text)) * 40 < n_words


def _pseudo_sentences(chunk: str, line_starts: list[int]) -> list[tuple[int, int]]:
    """Cut unpunctuated text into runs of about `pseudo_words` words, at line starts if the lines
    are short, else at any word; a discourse marker ("so", "okay", "now") may start one early."""
    tokens = [m.span() for m in re.finditer(r"\S+", chunk)]
    if not tokens:
        return []
    starts = set(line_starts)
    token_starts = [s for s, _ in tokens]
    at_line = {k for k, s in enumerate(token_starts) if s in starts or s - 1 in starts}
    if len(at_line) * 30 < len(tokens):  # few or long lines: any word may start a sentence
        at_line = set(range(len(tokens)))
    opened = _capital_openers(chunk, tokens)
    if len(opened) * 3 * TUNING.pseudo_words >= len(tokens):
        return _cut_at(tokens, opened, at_line)
    out: list[tuple[int, int]] = []
    first = 0
    for k in range(1, len(tokens)):
        n = k - first
        marker = bool(_MARKER.match(chunk, token_starts[k]))
        if (
            (k in at_line and n >= TUNING.pseudo_words)
            or (marker and n >= TUNING.pseudo_words // 2)
            or n >= 2 * TUNING.pseudo_words
        ):
            out.append((tokens[first][0], tokens[k - 1][1]))
            first = k
    out.append((tokens[first][0], tokens[-1][1]))
    return out


def _capital_openers(chunk: str, tokens: list[tuple[int, int]]) -> list[int]:
    """Tokens that open a sentence in captions with capitals but no punctuation ("… in the
    United States This is not live Um but I am recording it"): a capitalised function word
    ("This", "Um", "So", not "I") after a word in lower case (not inside a name)."""
    out = []
    for k in range(1, len(tokens)):
        word = chunk[tokens[k][0] : tokens[k][1]]
        before = chunk[tokens[k - 1][0] : tokens[k - 1][1]]
        if not word[:1].isupper() or word[1:2].isupper() or word.startswith(("I'", "I’")):
            continue
        after = chunk[tokens[k][1] : tokens[k][1] + 2].strip()[:1]
        if word == "May" and after.isdigit():
            continue  # "May 7th"
        if word != "I" and word.lower() in _OPENERS and not before[:1].isupper():
            out.append(k)
    return out


def _cut_at(
    tokens: list[tuple[int, int]], opened: list[int], at_line: set[int]
) -> list[tuple[int, int]]:
    """Sentences starting at the `opened` tokens; one of fewer than `_MIN_CAPTION_WORDS` words
    joins the next, one of twice `pseudo_words` is cut at a caption line (thrice: anywhere)."""
    out: list[tuple[int, int]] = []
    first = 0
    marks = set(opened)
    longest = TUNING.pseudo_words
    for k in range(1, len(tokens)):
        n = k - first
        if (
            (k in marks and n >= _MIN_CAPTION_WORDS)
            or (k in at_line and n >= 2 * longest)
            or n >= 3 * longest
        ):
            out.append((tokens[first][0], tokens[k - 1][1]))
            first = k
    out.append((tokens[first][0], tokens[-1][1]))
    return out


def _resplit(chunk: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for start, end in spans:
        for match in _MISSED.finditer(chunk, start, end):
            word = re.findall(
                r"[a-z]+(?=[.!?]$)", chunk[max(start, match.start() - 12) : match.start()]
            )
            if word and word[-1] in _ABBREVIATIONS:
                continue
            out.append((start, match.start()))
            start = match.end()
        out.append((start, end))
    return out


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _cut_long(norm: str, start: int, end: int, piece_ends: list[int]) -> list[tuple[int, int]]:
    spans = [(start, end)]
    if len(norm[start:end].split()) <= TUNING.max_sentence_words:
        return spans
    out: list[tuple[int, int]] = []
    while spans:
        s, e = spans.pop(0)
        n_words = len(norm[s:e].split())
        if n_words <= TUNING.max_sentence_words:
            out.append((s, e))
            continue
        middle = s + (e - s) // 2
        candidates = [m.end() for m in _CUT.finditer(norm, s + (e - s) // 4, e - (e - s) // 4)]
        candidates += [p + 1 for p in piece_ends if s + (e - s) // 4 < p < e - (e - s) // 4]
        if candidates:
            cut = min(candidates, key=lambda c: (abs(c - middle), c))
        else:
            cut = norm.rfind(" ", s, middle + 1) + 1 or middle
        left = _strip(norm, s, cut)
        right = _strip(norm, cut, e)
        if left[1] <= left[0] or right[1] <= right[0]:
            out.append((s, e))
            continue
        spans[:0] = [left, right]
    return out
