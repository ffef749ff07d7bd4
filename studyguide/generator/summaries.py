"""Lesson summaries: a short paragraph of the lesson's central sentences, in talk order.

A blind review scored the summaries 2.6 of 5: some were empty, some only the host's question,
some "That was a very good discussion." or a caption fragment cut mid-sentence. A summary here
is two to four central answer sentences that stand on their own (complete, not a thank-you, a
show intro or a back-channel), each cleaned of disfluencies (`clean_spoken`), joined in the
order they were said; when none qualifies, the lesson's best complete sentence, so it is never
empty. Extractive only: every word is the speaker's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from studyguide.generator.disfluency import clean_spoken
from studyguide.generator.lexicon import TRIVIA
from studyguide.generator.textutil import is_question
from studyguide.generator.tuning import TUNING
from studyguide.generator.types import Sentence

# Said to the people in the room, not about the topic.
_PLEASANTRY = re.compile(
    r"\b(?:thank(?:s| you)|appreciate (?:it|you|that)|(?:good|great|excellent|fantastic|"
    r"interesting|fair) (?:question|discussion|point|conversation|answer)|"
    r"(?:a|big) (?:hand|round of applause)|nice to (?:meet|see|have)|glad to be|"
    r"happy to be (?:here|on)|good to (?:see|have|be)|welcome|hello|hi everyone)\b",
    re.IGNORECASE,
)
# The host running the show: handing over, moving on, plugging the next episode, a bio line.
_HOSTING = re.compile(
    r"\b(?:kick|throw|pass|hand|turn|bring) (?:it|this|that)? ?(?:back |over |out )?to (?:you|"
    r"the|[A-Z])|\bI (?:wanna|want to|'d like to) (?:ask|pose|prompt|throw)\b|"
    r"\blet'?s (?:go ahead and )?(?:move on|talk about|start|jump|dive)\b|\bjoined by\b|"
    r"\bco-?host\b|\bnext week\b|\bjoin us\b|\bmeet us\b|\bany (?:other )?questions\b|"
    r"\bI work (?:for|at|on|as)\b|\bglad (?:that )?this conversation\b|\bpodcasts?\b|"
    r"\bepisodes?\b|\brecording\b|,\s*[A-Z][a-z]+[.!]$",
    re.IGNORECASE,
)
# … or starts inside one ("Of, at least …", "etc.) are …"), or is the subordinate half of
# one ("Because they want to teach and learn also.": its main clause was someone else's).
_CUT_START = re.compile(
    r"^(?:of|to|etc|or|by|than|from|with|because|whether|which|although|though|unless|whereas)"
    r"\b|^[^\w\"“'(]",
    re.IGNORECASE,
)
# A caption line cut mid-sentence ends on a word that needs more after it.
_CUT_END = re.compile(
    r"\b(?:to|and|or|but|of|the|a|an|that|with|for|in|on|at|by|from|because|like|so|if|is|are|"
    r"was|were|be|my|your|our|their|which|who|how|what|when|where|can|could|would|will|just|"
    r"really|very|about|into|than|then|that's|it's|I|we|you|they|some|whom|get)\W*$",
    re.IGNORECASE,
)
_SUMMARY_WORDS = 110  # a paragraph, not a page: stop adding sentences past this many words


def stands_alone(text: str, *, strict: bool = True) -> bool:
    """Whether a sentence can open or join a summary: not a question, pleasantry, show
    intro, sponsor line or the host handing over, six words or more once cleaned, and, if
    `strict`, complete (a capital or digit first where the talk has capitals, not starting
    on "of" or ending on "to", not two half-sentences run together)."""
    if is_question(text) or _PLEASANTRY.search(text) or TRIVIA.search(text):
        return False
    if _HOSTING.search(text) or (strict and not _complete(text)):
        return False
    return len(readable(text, sentence=True).split()) >= 6


def _complete(text: str) -> bool:
    if _CUT_START.search(text) or "\\" in text or re.search(r"(?:\.\.\.|…)\s+\S", text):
        return False  # "Of, at least …"; "… right now... I am gonna …"
    if _CUT_END.search(text.rstrip(" .…")) or text.rstrip().endswith(("…", "...", "-", "—")):
        return False
    # "etc.) are becoming …" starts inside someone else's sentence
    return not re.search(r"[A-Z]", text) or text[:1].isupper() or text[:1].isdigit()


def summary_paragraph(ranked: Sequence[tuple[int, str]], fallback_text: Callable[[], str]) -> str:
    """Two to four of the `ranked` (sentence index, text) pairs, best first, that stand
    alone, cleaned and joined in talk order (complete sentences first; others only to make
    two); `fallback_text()` when none does."""
    chosen: dict[str, int] = {}
    for strict, most in ((True, TUNING.summary_sentences), (False, 2)):
        for i, text in ranked:
            n_words = sum(len(t.split()) for t in chosen)
            if len(chosen) >= most or (len(chosen) >= 2 and n_words > _SUMMARY_WORDS):
                break
            cleaned = readable(text, sentence=True)
            if cleaned not in chosen and stands_alone(text, strict=strict):
                chosen[cleaned] = i
    if not chosen:
        return fallback_text()
    return " ".join(sorted(chosen, key=chosen.__getitem__))


def fallback(sentences: Sequence[Sentence], ids: Sequence[int]) -> str:
    """A lesson's summary when no central sentence stands alone: its longest complete
    sentence that is not a question, else its longest sentence, cleaned."""
    texts = [sentences[i].text for i in ids]
    good = [t for t in texts if stands_alone(t)] or [t for t in texts if not is_question(t)]
    best = max(good or texts or [""], key=lambda t: len(t.split()))  # first longest
    return readable(best, sentence=True) if best else "This part of the talk has no summary."


_TAG = re.compile(r"\\?\[[^\]]{0,40}\\?\]|\((?:laugh\w*|crosstalk|inaudible|applause)\)", re.I)
_COMMA_FILLER = re.compile(
    r",\s*(?:u+m+|u+h+|e+r+m*|you know|i mean|like|kind of|sort of),(?=\s)", re.IGNORECASE
)
_BACKCHANNEL = re.compile(
    r"^(?:(?:mm-?hmm|uh-huh|yeah|yes|yep|right|okay|ok|sure|oh|wow|well|and|so|but|also|now)"
    r"\b[,.!…]*\s+)+",
    re.IGNORECASE,
)


@lru_cache(maxsize=1 << 14)  # a sentence is tried for the summary, then shown again
def readable(text: str, *, sentence: bool = False) -> str:
    """Spoken text as it should read in a summary: transcriber tags ("[laughter]", "[08:05]")
    and fillers removed (`clean_spoken`), and, for a `sentence`, back-channels and a joining
    "And"/"So" at its start dropped, a capital first and a full stop last."""
    out = " ".join(_COMMA_FILLER.sub("", _TAG.sub(" ", text)).split())
    out = clean_spoken(out).lstrip(" .,;:…")
    if sentence:
        rest = _BACKCHANNEL.sub("", out)
        if len(rest.split()) >= 4:
            out = rest
        if out and out[-1] not in '.?!…"”’)':
            out += "."
    return out[:1].upper() + out[1:]
