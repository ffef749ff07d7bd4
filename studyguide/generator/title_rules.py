"""Which titles a mentor would keep, and topic phrases made from a host's question.

A blind review of unseen talks kept 10 of 30 generated titles. The rejected ones were host
questions that lean on the conversation ("So what do you think about that?", "How does that
play into relationships then?"), side details chosen because they were rare ("Slack channel",
"Six-year-old daughter"), praise words ("Cool green energy", "Nice swag"), Persian script in a
machine-translated caption, transcriber tags. The rules here say what a title must not be, and
turn an opinion or origin question into the noun phrase it is about ("How do you feel about
the current ECMAScript modules implementation?" → "The current ECMAScript modules
implementation", "What got you into robotics?" → "Getting into robotics").
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

from studyguide.generator.keyphrases import PhraseIndex
from studyguide.generator.lexicon import STOPWORDS, TITLE_NOISE
from studyguide.generator.textutil import fold

# Words that point back into the conversation: a title with one says nothing on its own.
_POINTING = "that this these those it its they them their he she him her his you your yours we us"
_DEICTIC = re.compile(
    rf"\b(?:{'|'.join((_POINTING + ' our i me my there here then such').split())})\b", re.I
)
# "Is it necessary to go abroad …?": the dummy "it" of an adjective and a "to" or "that".
_DUMMY_IT = re.compile(r"\b(?:is|was|isn't|wasn't) it (?:\w+ ){1,2}?(?:to|that|for)\b", re.I)
_FILLER_LEAD = re.compile(r"^(?:so|and|but|well|okay|ok|yeah|right|now|oh|also)\b", re.I)
# Praise and size words that lead a rare phrase ("Cool green energy"): dropped from a title.
_EVALUATIVE = frozenset(
    "nice cool brilliant amazing awesome great good fantastic wonderful excellent super "
    "interesting exciting fun funny crazy huge big little tiny whole real lovely average "
    "general various different same entire certain particular".split()
)
# Vague heads after a topic ("Healthcare space", "Free software people"): dropped from a title.
# A title that is a number or a stretch of time names no topic ("1 30", "21st century").
_NUMBER = re.compile(r"^\d[\d:.,]*(?:st|nd|rd|th|s)?$")
_TIME_HEADS = frozenset(
    "century centuries decade decades year years month months week weeks".split()
)
_VAGUE_HEAD = frozenset("space people world side stuff area folks thing things".split())
# One word that names no topic on its own ("Stuff", "Data", "Question").
_GENERIC = frozenset(
    "stuff thing things data question questions topic topics part idea ideas time people world "
    "work way ways lot point case example talk discussion conversation episode show podcast "
    "today everyone everybody something anything problem problems issue issues".split()
)
# A speaker's family, the show's merchandise, "in terms of": said in passing, not a topic.
_SIDE_DETAIL = re.compile(
    r"\b(?:daughters?|sons?|wife|husband|kids|mother|father|mom|dad|swag|stickers?|"
    r"podcast|episode|\w+-year-old)\b|^(?:terms|lots?|bunch|couple|kinds?|sorts?|types?) of\b",
    re.IGNORECASE,
)
_ABOUT = re.compile(
    r"^(?:so |and |but |now )?(?:what|how) (?:do|does|did) (?:you|y'all|y’all)(?: all| guys)? "
    r"(?:think|feel|say) (?:about|of) (?P<np>[^?,;]+)|"
    r"^(?:so |and |but |now )?what (?:are|were) (?:your|you all'?s?) "
    r"(?:thoughts|views|feelings|opinions?) (?:on|about) (?P<np2>[^?,;]+)|"
    r"^(?:.{0,40}\b)?what (?:excites|worries|interests|scares) (?:you|y'all)"
    r"(?: all| most)? (?:about|in) (?P<np3>[^?,;]+)|"
    r"^(?:so |and |but |now )?(?:can|could|would) you (?:please )?(?:tell|talk to) us "
    r"(?:a (?:little|bit) )?(?:more )?about (?P<np4>[^?,;]+)",
    re.IGNORECASE,
)
_GOT_INTO = re.compile(
    r"^(?:so |and |but |now )?(?:what|how) (?:got|gets|did) you (?:get )?(?:started |interested )?"
    r"(?P<prep>into|in|on|with) (?P<np>[^?,;]+)",
    re.IGNORECASE,
)
# Participles that end a cut-off phrase ("GNU Linux operating [system]").
_VERB_ENDS = frozenset(
    "operating working running going coming using doing getting making looking trying "
    "talking saying thinking".split()
)
_TRAILING = re.compile(r"\s+(?:then|now|too|as well|at all|in general|going forward)\s*$", re.I)


_GERUND = {"be": "being", "see": "seeing", "go": "going", "die": "dying", "lie": "lying",
           "quit": "quitting", "get": "getting", "put": "putting", "set": "setting",
           "run": "running", "stop": "stopping", "begin": "beginning",
           "swim": "swimming"}  # fmt: skip


def gerund(verb: str) -> str:
    """ "continue" → "continuing", "switch" → "switching", "get" → "getting"."""
    v = verb.lower()
    if v in _GERUND:
        return _GERUND[v]
    if v.endswith("ie"):
        return v[:-2] + "ying"
    if v.endswith("e") and not v.endswith(("ee", "ye", "oe")):
        return v[:-1] + "ing"
    if re.fullmatch(r"[^aeiou]*[aeiou][^aeiouwxy]", v) and len(v) <= 3:
        return v + v[-1] + "ing"
    return v + "ing"


def depersonalise(text: str) -> str | None:
    """ "your scientific career" → "a scientific career"; None if "you" or "I" remain."""
    text = re.sub(r"\byour\b", "a", text, flags=re.I)
    text = re.sub(r"\ba (?=[aeiou])", "an ", text)
    if re.search(r"\b(?:you|yourself|I|me|my|we|us|our)\b", text, re.I):
        return None
    return text


def non_latin(text: str) -> bool:
    """Whether `text` has letters outside the Latin script (Persian lines in a translation)."""
    return any(ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN") for ch in text)


def dangling(text: str) -> bool:
    """Whether `text` leans on the conversation: a pronoun, "that", "there" or "then" (the
    dummy "it" of "Is it necessary to …?" aside)."""
    return bool(_DEICTIC.search(_DUMMY_IT.sub("", text)))


def title_problem(title: str) -> str | None:
    """Why a mentor would not keep `title` as a lesson title, or None."""
    words = title.split()
    if not words:
        return "empty"
    if non_latin(title):
        return "not in Latin script"
    if TITLE_NOISE.search(title):
        return "filler or transcriber tag"
    if _FILLER_LEAD.match(title):
        return "starts with a filler"
    if dangling(title):
        return "points back into the conversation"
    if len(words) == 1 and fold(words[0]) in _GENERIC | STOPWORDS:
        return "one generic word"
    if all(_NUMBER.match(w) for w in words) or fold(words[-1]) in _TIME_HEADS:
        return "a number or a stretch of time"
    if _SIDE_DETAIL.search(title):
        return "a side detail"
    if len(words) > 1 and fold(words[-1]) in _VERB_ENDS:
        return "ends on a verb"  # "GNU Linux operating", "AI practitioner working"
    if len(words) > 12:
        return "too long"
    return None


def plain_phrase(phrase: str) -> str:
    """The phrase without a leading praise or size word ("Cool green energy" → "green energy")
    or a vague head ("Healthcare space" → "Healthcare"); empty when nothing but a generic word
    would be left ("Brilliant people", "Data space")."""
    words = phrase.split()
    k = 0
    while k < len(words) - 1 and fold(words[k]) in _EVALUATIVE:
        k += 1
    rest = words[k:]
    if k and len(rest) == 1 and fold(rest[0]) in _GENERIC | STOPWORDS:
        return ""  # "Brilliant people" names no topic
    while len(rest) > 1 and fold(rest[-1]) in _VAGUE_HEAD:
        rest = rest[:-1]  # "Healthcare space" → "Healthcare"
    if len(rest) == 1 and fold(rest[0]) in _GENERIC | STOPWORDS:
        return ""  # "Data space" names no topic
    return " ".join(rest)


def topic_of_question(asked: str) -> str | None:
    """The topic phrase an opinion or origin question asks about, or None.

    "How do you all feel about the current ECMAScript modules implementation?" → "The current
    ECMAScript modules implementation"; "What excites you about the future of data for
    good?" → "The future of data for good"; "What got you into robotics?" → "Getting into
    robotics". Only a phrase that stands on its own (no pronoun, no "that") is returned."""
    asked = asked.strip()
    match = _GOT_INTO.match(asked)
    if match:
        title = f"Getting {'into' if match.group('prep') != 'with' else 'started with'} "
        return _clean_topic(title + match.group("np"), keep_case=True)
    match = _ABOUT.match(asked)
    if match:
        np = next(g for g in match.groups() if g)
        return _clean_topic(np)
    return None


def _clean_topic(np: str, *, keep_case: bool = False) -> str | None:
    np = _TRAILING.sub("", re.split(r"\s+(?:or|either|and how|and what|because)\s", np)[0])
    np = re.sub(r"\byour\s+", "", np.strip(" ?.!,"))
    words = np.split()
    if not words or len(words) > 10 or dangling(np):
        return None
    if len(words) == 1 and fold(words[0]) in _GENERIC | STOPWORDS:
        return None
    if not keep_case and words[0].islower():
        np = words[0].capitalize() + np[len(words[0]) :]
    title = np[:1].upper() + np[1:]
    return None if title_problem(title) else title


def spread_phrases(
    index: PhraseIndex, ids: Sequence[int], k: int, candidates: Sequence[str] | None = None
) -> list[str]:
    """The `k` best keyphrases of sentences `ids` for a title: those the talk comes back to
    (in two sentences or more) before those said once, each group in keyphrase order, from
    `candidates` (else the best 2k). A phrase said once is often a side detail ("Six-year-old
    daughter")."""
    phrases = index.top(ids, 2 * k) if candidates is None else candidates
    wanted = set(phrases)
    surfaces = index.surfaces
    count = Counter(
        surfaces[key] for i in ids for key in set(index.per_sentence[i]) if surfaces[key] in wanted
    )
    return sorted(phrases, key=lambda p: count.get(p, 0) < 2)[:k]
