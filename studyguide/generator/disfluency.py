"""Spoken text made readable: fillers, hedges, false starts and stutters removed, grammar kept.

`clean_spoken` only ever *deletes* words (and fixes the spacing, commas and the first letter that
the deletions leave), so a cleaned sentence is the verbatim one with words left out: a prompt made
from it can still be checked word by word against its verbatim evidence quote
(`studyguide.questiontypes.spoken.words_in_order`).

A word is removed only where it cannot be doing grammatical work: "you know" is kept after "do",
"if", "what" … ("if you know the answer"), "kind of" and "sort of" after a determiner ("some kind
of state", "what sort of tool"), "like" unless it is set off by commas or follows a filler,
"is is" after "what … " ("what it is is that …"). `textutil.strip_fillers` removed every "like"
and "kind of" and broke sentences ("you also need to it").
"""

from __future__ import annotations

import re

_WORD = r"[\w'’]+"
# Direction marks and other invisible format characters (machine-translated captions).
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")

# Noises: always fillers, with the comma or ellipsis after them.
_NOISE = re.compile(
    r"(?<![\w'’-])(?:u+m+|u+h+|e+r+m+|e+h+|hmm+|mm+|mm-hmm|uh-huh|ah+)(?![\w'’-])[,…]*(?:\.\.\.)?",
    re.IGNORECASE,
)
# "you know" is a verb after these words: "do you know", "if you know", "what you know".
_KNOW_VERB_BEFORE = frozenset(
    "do did does don't don’t didn't didn’t doesn't doesn’t if as what how would could can will "
    "to let unless whether when once might may should everything all things thing".split()
)
_YOU_KNOW = re.compile(r"(?<![\w'’])you know(?![\w'’])(?!\s+(?:what i mean|him|her|them|it\b))"
                       r"[,]?", re.IGNORECASE)  # fmt: skip
_YOU_KNOW_WHAT_I_MEAN = re.compile(
    r",?\s*(?:you know what i mean|you know|know what i mean)\s*\?(?=\s*$)", re.IGNORECASE
)
_I_MEAN = re.compile(r"(?<![\w'’])i mean(?![\w'’])(?=\s*[,—–-]|\s+(?!it\b|that\b|to\b|by\b))"
                     r"[,]?", re.IGNORECASE)  # fmt: skip
_MEAN_VERB_BEFORE = frozenset("what do did if that's that’s".split())
# "kind of" / "sort of" are nouns after a determiner or quantifier: "some kind of tool".
_HEDGE = re.compile(r"(?<![\w'’-])(?:kind|sort)a?(?: of)?(?![\w'’-])", re.IGNORECASE)
_HEDGE_NOUN_BEFORE = frozenset(
    "a an the some any what which this that these those all every no each different other new "
    "same one my your our their his her its whatever two three several many certain weird "
    "particular special what's what’s".split()
)
# Filler "like": set off by commas or after another filler ("so, like, the"); never the verb
# or the preposition ("I like it", "feels like home").
_LIKE = re.compile(r"(?:^|,)\s*like,\s*", re.IGNORECASE)
_PURE_ADVERB = re.compile(r"(?<![\w'’-])(?:basically|literally)(?![\w'’-]),?", re.IGNORECASE)
# Spoken openers before the sentence proper: "Yeah, so …", "Okay. Well, …".
_OPENER = re.compile(
    r"^(?:(?:yeah|yes|yep|yup|okay|ok|oh|well|right|alright|all right|so|and|anyway)\b[,.!]?\s+)+",
    re.IGNORECASE,
)
_STUTTER = re.compile(r"(?<![\w'’-])[A-Za-z]{1,6}-\s+(?=\w)")  # "th- the", "I wa- I was"
_REPEAT = re.compile(
    r"(?<![\w'’-])((?:" + _WORD + r")(?:\s+" + _WORD + r"){0,2})(?:[,]?\s+\1)+(?![\w'’-])",
    re.IGNORECASE,
)
_KEEP_DOUBLE = frozenset("that had blah very really no bye yeah ha".split())
_SHORT_FALSE_START = re.compile(
    r"^(?:[\w'’]+\s+){0,2}(?!(?:is|are|was|were|be|that)\s)[\w'’]+\s+(?:--|—|–)\s+(?=\w)",
    re.IGNORECASE,
)


def clean_spoken(text: str) -> str:
    """`text` with fillers, hedges, false starts and repeated words removed, grammar kept.

    Only deletes words, so the result can be matched in order against the original."""
    out = _INVISIBLE.sub("", text)
    out = _REPEAT.sub(_one_of_repeat, _NOISE.sub(" ", out))
    if _tag_question(out):
        out = _YOU_KNOW_WHAT_I_MEAN.sub(".", out)
    out = _sub_unless_after(_YOU_KNOW, out, _KNOW_VERB_BEFORE)
    out = _sub_unless_after(_I_MEAN, out, _MEAN_VERB_BEFORE)
    out = _sub_unless_after(_HEDGE, out, _HEDGE_NOUN_BEFORE, hedge=True)
    out = _LIKE.sub(" ", out)
    out = _PURE_ADVERB.sub(" ", out)
    out = _STUTTER.sub("", out)
    out = _REPEAT.sub(_one_of_repeat, out)
    out = _tidy(out)
    start = _SHORT_FALSE_START.match(out)
    if start and len(out[start.end() :].split()) >= 4:
        out = out[start.end() :]
    opener = _OPENER.match(out)
    if opener and len(out[opener.end() :].split()) >= 4:
        out = out[opener.end() :]
    out = _tidy(out)
    if not out:
        return out
    return out[:1].upper() + out[1:] if text[:1].isupper() or out != text else out


def _tag_question(text: str) -> bool:
    """True for a statement ending in a tag ("…, you know?"): the "?" is no question."""
    if not text.rstrip().endswith("?"):
        return False
    body = _YOU_KNOW_WHAT_I_MEAN.sub("", text)
    return bool(body.strip()) and "?" not in body


def _sub_unless_after(
    pattern: re.Pattern[str], text: str, keep_after: frozenset[str], *, hedge: bool = False
) -> str:
    def repl(match: re.Match[str]) -> str:
        head = text[: match.start()]
        before = re.findall(_WORD, head)
        prev = before[-1].lower() if before and re.search(r"[\w'’]\s*$", head) else ""
        if prev in keep_after:
            return match.group()
        if not head.strip(' "“') and pattern is _YOU_KNOW and not match.group().endswith(","):
            return match.group()  # "You know this is published": the verb
        if hedge:
            rest = text[match.end() :].lstrip()
            if not re.match(r"\w", rest) or rest.lower().startswith(("of ", "of,")):
                return match.group()  # "that kind." / "kinda of": not a hedge
            if not match.group().lower().endswith(("of", "a")):
                return match.group()
        return " "

    return pattern.sub(repl, text)


def _one_of_repeat(match: re.Match[str]) -> str:
    phrase = match.group(1)
    if phrase.lower() in _KEEP_DOUBLE:
        return match.group()
    if phrase.lower() == "is" and re.search(
        r"\bwhat(?:\s+[\w'’]+){0,3}\s*$", match.string[: match.start()], re.IGNORECASE
    ):
        return match.group()  # "what it is is that …"
    return phrase


def _tidy(text: str) -> str:
    out = re.sub(r"\s+", " ", text)
    out = re.sub(r"\s+([,.;:?!…])", r"\1", out)
    out = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", out)  # ", ," left by a removed filler
    out = re.sub(r",(\s*[.?!])", r"\1", out)
    out = re.sub(r"(--|—|–)\s*,", r"\1", out)
    out = re.sub(r",\s*(--|—|–)", r" \1", out)
    out = re.sub(r"(\"|“)\s+", r"\1", out) if out.count("“") + out.count('"') == 1 else out
    out = re.sub(r"\s+(?:--|—|–)\s*$", "", out)
    return out.strip(" ,;")
