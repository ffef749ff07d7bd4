"""Is a phrase a meaningful answer? Are two answers too close? Lexical checks without a tagger.

No part-of-speech model is available offline, so these are small word lists and the words
around an occurrence: "to force people" is a verb phrase because a verb follows "to", "this
point later" ends with an adverb, "smaller pieces" starts with a comparative. Everything here
errs on the side of rejecting: a quiz needs no item rather than a bad one.
"""

from __future__ import annotations

import re
from functools import lru_cache

from studyguide.generator.lexicon import (
    ADJ_ED,
    ADVERBS,
    AMBIGUOUS_VERB_FORMS,
    AMBIGUOUS_VERBS,
    COMMON_NUMBER_WORDS,
    COMPARATIVES,
    DETERMINERS,
    ING_NOUNS,
    MODALS,
    ORDINAL_LEAD,
    PLURAL_PEOPLE,
    PURE_VERB_FORMS,
    STOPWORDS,
    TIME_AFTER,
    TIME_UNITS,
    VERB_CONTEXT,
)
from studyguide.generator.textutil import fold, is_adverb, stem


def _plural(word: str) -> bool:
    """A bare plural noun ("houses", "people"), roughly: not "-ss", "-us", "-is" or a verb."""
    if word in PLURAL_PEOPLE:
        return True
    return (
        len(word) > 3
        and word.endswith("s")
        and not word.endswith(("ss", "us", "is", "'s", "’s"))
        and word not in PURE_VERB_FORMS
    )


def _verb_like(word: str) -> bool:
    return (
        word in MODALS
        or word in PURE_VERB_FORMS
        or (word in AMBIGUOUS_VERB_FORMS and not word.endswith("s"))
    )


@lru_cache(maxsize=1 << 15)
def context_problem(phrase: str, before: str = "", after: str = "") -> str | None:
    """Why `phrase` is a fragment cut out of its sentence (by the words `before` and `after`
    around it), or None. The phrase itself may look like a noun phrase:

    - "my worry number one": a phrase followed by a number word ("worry number");
    - "the houses people will live in": a plural, then a bare plural subject of the verb
      that follows ("houses people");
    - "the ban years in advance": a time span after a noun ("ban years");
    - "common mistake adult learners make": a singular noun before the plural noun it
      modifies, so the noun phrase goes on ("common mistake adult").
    """
    tokens = [fold(w) for w in phrase.split()]
    if not tokens:
        return None
    before, after = fold(before), fold(after)
    if after in COMMON_NUMBER_WORDS and not all(w in COMMON_NUMBER_WORDS for w in tokens):
        return "followed by a number"
    if len(tokens) >= 2 and _plural(tokens[-2]) and tokens[-1] in PLURAL_PEOPLE:
        return "two subjects"  # "houses people", whatever follows
    if len(tokens) >= 2 and _plural(tokens[-2]) and _plural(tokens[-1]) and _verb_like(after):
        return "two subjects"  # "the rooms guests use"
    if (
        len(tokens) >= 2
        and _plural(tokens[-1])
        and (after in MODALS or after in PURE_VERB_FORMS)
        and before
        and before not in STOPWORDS | DETERMINERS | VERB_CONTEXT | COMMON_NUMBER_WORDS
        and not _verb_like(before)
        and not is_adverb(before)
        and not before.endswith("ed")
    ):
        return "relative clause"  # "the most common mistake adult learners make"
    if len(tokens) >= 2 and tokens[-1] in TIME_UNITS and after in TIME_AFTER:
        return "time span"
    if (
        len(tokens) >= 2
        and not tokens[-1].endswith("s")
        and _plural(after)
        and after not in AMBIGUOUS_VERB_FORMS
        and after not in STOPWORDS
        and not is_adverb(after)
    ):
        return "noun phrase goes on"
    return None


@lru_cache(maxsize=1 << 14)
def phrase_problem(
    phrase: str, before: str = "", after: str = "", *, strict: bool = False
) -> str | None:
    """Why `phrase` (as it occurs between the words `before` and `after`) is not a meaningful
    noun phrase, name or number to quiz on, or None if it is one."""
    tokens = [fold(w) for w in phrase.split()]
    if not tokens:
        return "empty"
    before, after = fold(before), fold(after)
    first, last = tokens[0], tokens[-1]
    if phrase[:1].isupper() and all(w[:1].isupper() or w in ("of", "and") for w in phrase.split()):
        return None  # a name: "Microsoft Research", "Warm Homes Weekly"
    if any(w in STOPWORDS and w not in ("of", "vs", "versus") for w in tokens):
        return "stop word inside"
    numeric = [w in COMMON_NUMBER_WORDS or w.isdigit() or w == "and" for w in tokens]
    if all(numeric):
        return None  # "thirty thousand"
    if len(tokens) > 1 and any(numeric):
        return "number inside"  # "uses three scripts": numbers are quizzed on their own
    if before or after:
        cut = context_problem(phrase, before, after)
        if cut:
            return cut
    if strict and len(tokens) > 1 and first in AMBIGUOUS_VERBS:
        return "maybe a verb"  # without context, "answer issues" may be an instruction
    if is_adverb(last) or (len(tokens) > 1 and is_adverb(first)):
        return "adverb"
    if first in COMPARATIVES or first in ORDINAL_LEAD:
        return "comparative or quantifier"
    if any(w in PURE_VERB_FORMS for w in tokens):
        return "verb"
    if first in ADVERBS:
        return "preposition"
    return _verb_problem(phrase, tokens, before, after, strict=strict)


def _verb_problem(
    phrase: str, tokens: list[str], before: str, after: str, *, strict: bool
) -> str | None:
    """The rest of `phrase_problem`: a verb, gerund or participle where a noun should be."""
    first, last = tokens[0], tokens[-1]
    if (
        len(tokens) > 1
        and last.endswith("s")
        and last in AMBIGUOUS_VERB_FORMS
        and (after in DETERMINERS or is_adverb(after) or after in VERB_CONTEXT)
    ):
        return "verb"  # "the efficiency drops towards two", "floorboards costs a few …"
    if len(tokens) > 1 and tokens[-2].endswith("s") and last in AMBIGUOUS_VERB_FORMS:
        if after in DETERMINERS or (strict and last in AMBIGUOUS_VERBS):
            return "verb"  # "daily sessions beat one long session", "maintainers talk"
    if any(is_adverb(w) for w in tokens[1:-1]):
        return "adverb"  # "dams upstream trap"
    if len(tokens) > 2 and tokens[1] in AMBIGUOUS_VERB_FORMS and first.endswith("s"):
        return "verb"  # "bikes visit local"
    if len(tokens) > 1 and first.endswith("s") and first in AMBIGUOUS_VERB_FORMS:
        if before in VERB_CONTEXT or before in ("and", "which", "that", "who"):
            return "verb"  # "… and forms narrow valleys"
    if len(tokens) == 2 and last.endswith("s") and last in AMBIGUOUS_VERB_FORMS:
        if first.endswith("s") or phrase.split()[0][:1].isupper():
            return "verb"  # "Scotland costs", "floorboards costs"
    if first in AMBIGUOUS_VERB_FORMS and before in VERB_CONTEXT:
        return "verb"
    if len(tokens) == 1 and first in AMBIGUOUS_VERB_FORMS and before not in DETERMINERS:
        if not (first.endswith("s") and before == ""):
            return "verb"
    for k, w in enumerate(tokens):
        if w.endswith("ing") and w not in ING_NOUNS and len(w) > 5:
            if k == 0 and len(tokens) > 1:
                return "gerund with object"
            if k == len(tokens) - 1 and after in DETERMINERS | VERB_CONTEXT | {"it", "them"}:
                return "gerund with object"
        if 0 < k < len(tokens) - 1 and w.endswith(("ed", "ing")) and len(w) > 4:
            if w not in ING_NOUNS and w not in ADJ_ED:
                return "verb"
    if len(tokens) > 1 and first.endswith("ed") and len(first) > 4 and first not in ADJ_ED:
        return "verb"
    if len(tokens) == 1 and first.endswith("ed") and len(first) > 4:
        return "verb"
    return None


_WORDS = re.compile(r"[^\W_][\w'’-]*")


@lru_cache(maxsize=1 << 16)
def content_stems(text: str) -> frozenset[str]:
    """Stems of the content words of `text` (no stop words, no one-letter words)."""
    out = set()
    for w in _WORDS.findall(text):
        f = fold(w)
        if f in STOPWORDS or len(f) < 2:
            continue
        out.add(_lemma(f))
    return frozenset(out)


@lru_cache(maxsize=1 << 14)
def _lemma(word: str) -> str:
    """A rough lemma so "academic" and "academia", "science" and "scientific" do not meet."""
    s = stem(word)
    for suffix in ("ically", "ical", "ic", "ia", "ies", "y", "ists", "ist", "ism", "ence",
                   "ance", "ent", "ant", "ist", "al", "e"):  # fmt: skip
        if s.endswith(suffix) and len(s) - len(suffix) >= 4:
            return s[: -len(suffix)]
    return s


@lru_cache(maxsize=1 << 16)
def overlaps(a: str, b: str) -> bool:
    """True if the two answers share a content word (or its rough lemma), or one contains the
    other: such a distractor is a second defensible answer or a give-away."""
    fa, fb = " ".join(fold(a).split()), " ".join(fold(b).split())
    if fa in fb or fb in fa:
        return True
    sa, sb = content_stems(a), content_stems(b)
    if sa & sb:
        return True
    prefixes = {w[:5] for w in sa if len(w) >= 5}
    return any(w[:5] in prefixes for w in sb if len(w) >= 5)
