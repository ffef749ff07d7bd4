"""A prompt cleaned of spoken disfluencies, checked against its verbatim evidence quote.

Prompts show speech without "um", "you know", "sort of" and stutters; the evidence quote stays
verbatim. `words_in_order` accepts a prompt whose words are a stretch of the quote's words with
only such disfluencies left out between them — never a word added, changed or moved, so a
cleaned prompt says exactly what the speaker said (case, punctuation and quote marks aside).
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# The words a cleaner may leave out between two kept ones: fillers, hedges, noises, openers.
DELETABLE = frozenset(
    "um umm uh uhh uhm er erm eh hmm mm ah you know i mean kind sort kinda sorta of like "
    "basically literally yeah yes yep okay ok oh well right alright so and anyway".split()
)
_MAX_GAP = 6  # words left out between two kept ones
# Caption and transcript markup a quote may span, which is not speech: SRT cue numbers and
# timings, WebVTT times and voice tags ("<v Ann>"), YouTube times, Markdown "\\[16:11\\]".
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_MARKUP = re.compile(
    rf"<[^<>\n]{{0,80}}>|\\?\[{_TIME}\\?\]|^\s*\d+\s*$|"
    rf"(?<![\w:]){_TIME}(?:\s*-->\s*{_TIME}[^\n]*)?(?![\w:])",
    re.MULTILINE,
)


def spoken_words(text: str) -> list[str]:
    """The words of `text`, case-folded, with straight apostrophes."""
    return [w.replace("’", "'") for w in _WORD.findall(text.casefold())]


def words_in_order(text: str, quote: str) -> bool:
    """True if `text` is a stretch of `quote` with at most disfluencies left out: its words
    occur in the quote in order, and every word skipped between two of them is a filler, a
    repeat of a neighbour ("the the") or a cut-off start of the next word ("th- the").
    Caption timings and cue numbers inside the quote are not words."""
    wanted = spoken_words(_MARKUP.sub(" ", text))
    source = spoken_words(_MARKUP.sub(" ", quote))
    if not wanted:
        return False
    for start, word in enumerate(source):
        if word == wanted[0] and _aligns(wanted, source, start):
            return True
    return False


def _aligns(wanted: list[str], source: list[str], start: int) -> bool:
    k = start + 1
    for word in wanted[1:]:
        gap = 0
        while k < len(source) and source[k] != word:
            if gap >= _MAX_GAP or not _deletable(source, k):
                return False
            gap += 1
            k += 1
        if k == len(source):
            return False
        k += 1
    return True


def _deletable(source: list[str], k: int) -> bool:
    word = source[k]
    if word in DELETABLE:
        return True
    neighbours = source[max(k - 3, 0) : k] + source[k + 1 : k + 4]
    if word in neighbours:
        return True  # a repeat: "the the", "I I I", "it's it's"
    nxt = source[k + 1] if k + 1 < len(source) else ""
    return len(word) <= 6 and nxt.startswith(word) and nxt != word  # "th- the"
