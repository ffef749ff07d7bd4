"""Quizzable terms: the numbers, names, places and key concepts of every sentence."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from studyguide.generator.lexicon import NUMBER_WORDS, STOPWORDS
from studyguide.generator.quality import phrase_problem
from studyguide.generator.textutil import WORD, fold, term_kind
from studyguide.generator.types import Sentence

_LOCATIVE = frozenset("in at to from into between across abroad visit visited join joined".split())
_DETERMINERS = frozenset("the a an this that our their his her my your its".split())
NOT_NAMES = frozenset(
    "i i'm i’m i've i’ve i'd i’d i'll i’ll okay ok yeah yes no so and but or well oh hi hello "
    "thanks mr mrs ms dr".split()
)
_QUIZ_NUMBERS = NUMBER_WORDS - {"one", "tens", "hundreds", "thousands", "millions", "dozens"}
_SCALES = frozenset("hundred thousand million billion".split())  # "a hundred years": no key
_Continues = Callable[[re.Match[str], re.Match[str]], bool]


@dataclass(frozen=True)
class Term:
    """One occurrence of a quizzable term in a sentence."""

    surface: str
    kind: str
    sentence: int
    start: int  # offset inside the sentence text
    end: int
    before: str  # the folded word before it, "" at the start

    def shifted(self, shift: int) -> Term:
        """The same term in a text that starts `shift` characters later."""
        return Term(
            self.surface, self.kind, self.sentence, self.start - shift, self.end - shift,
            self.before,
        )  # fmt: skip


def context_of(before: str) -> str:
    """The kind of position a term stands in, by the word before it."""
    if before == "at":
        return "at"  # "at MIT", "at Google": institutions, not countries or fields
    if before in _LOCATIVE:
        return "loc"
    if before in _DETERMINERS:
        return "det"
    return before or "start"


def family(term: Term) -> str:
    """ "concept", "proper" (names, places, acronyms) or "number"."""
    return (
        "concept"
        if term.kind == "concept"
        else "proper"
        if term.kind in ("name", "place", "acronym")
        else "number"
    )


def find_terms(
    sentences: Sequence[Sentence],
    concepts: set[str],
    proper_words: set[str],
    phrases: Sequence[Sequence[str]] | None = None,
) -> list[list[Term]]:
    """The quizzable terms of every sentence: numbers, names, places, key concepts."""
    out: list[list[Term]] = []
    for s in sentences:
        terms = _numbers_and_names(s, proper_words)
        present = concepts if phrases is None else concepts.intersection(phrases[s.index])
        terms.extend(_concepts(s, present, terms))
        terms.sort(key=lambda t: (t.start, t.end))
        out.append(terms)
    return out


def _numbers_and_names(s: Sentence, proper_words: set[str]) -> list[Term]:
    text = s.text
    tokens = list(WORD.finditer(text))
    terms: list[Term] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        word = tok.group()
        folded = fold(word)
        before = fold(tokens[i - 1].group()) if i else ""
        if folded in _QUIZ_NUMBERS or (word.isdigit() and len(word) <= 4):
            j = _run_end(tokens, i, _continues_number)
            surface = text[tok.start() : tokens[j - 1].end()]
            kind = term_kind(surface.split()[0]) if " " not in surface else "number"
            if kind and fold(surface) not in _SCALES:
                terms.append(Term(surface, kind, s.index, tok.start(), tokens[j - 1].end(), before))
            i = j
            continue
        if word[:1].isupper() and folded not in NOT_NAMES and (i > 0 or folded in proper_words):
            j = _run_end(tokens, i, _continues_name)
            surface = text[tok.start() : tokens[j - 1].end()]
            kind = term_kind(surface)
            if kind in ("name", "acronym", "place") and fold(surface) not in STOPWORDS:
                terms.append(Term(surface, kind, s.index, tok.start(), tokens[j - 1].end(), before))
            i = j
            continue
        i += 1
    return terms


def _run_end(tokens: Sequence[re.Match[str]], i: int, continues: _Continues) -> int:
    j = i + 1
    while j < len(tokens) and continues(tokens[j], tokens[j - 1]):
        j += 1
    return j


def _continues_number(token: re.Match[str], prev: re.Match[str]) -> bool:
    return (
        fold(token.group()) in NUMBER_WORDS or token.group().isdigit()
    ) and token.start() - prev.end() <= 1


def _continues_name(token: re.Match[str], prev: re.Match[str]) -> bool:
    return (
        token.group()[:1].isupper()
        and fold(token.group()) not in NOT_NAMES
        and token.start() - prev.end() == 1
    )


def _concepts(s: Sentence, present: set[str], found: Sequence[Term]) -> list[Term]:
    text = s.text
    lowered = fold(text)
    out: list[Term] = []
    plain = _single_spaced(lowered)
    for concept in sorted(present):
        for a, b in _concept_spans(concept, lowered, plain):
            if any(t.start < b and a < t.end for t in [*found, *out]):
                continue
            prev = WORD.findall(text[:a])
            nxt = WORD.search(text, b)
            if len(prev) > 1 and prev[-1][:1].isupper() and prev[-1] != "I":
                continue  # "US centric view": a fragment of a longer phrase
            before = fold(prev[-1]) if prev else ""
            if phrase_problem(text[a:b], before, nxt.group() if nxt else ""):
                continue  # "to force people", "this point later": not a noun phrase
            out.append(Term(text[a:b], "concept", s.index, a, b, before))
    return out


_OTHER_SPACE = re.compile(r"[^\S ]|  ")  # any space but a single " "


def _single_spaced(text: str) -> bool:
    return _OTHER_SPACE.search(text) is None


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def _concept_spans(concept: str, lowered: str, plain: bool) -> list[tuple[int, int]]:
    """Where `concept` occurs as whole words in `lowered`, as `_concept_pattern` finds it.

    In single-spaced text a concept of word characters is a literal string, found with
    `str.find`: compiling one pattern per concept cost ~1 ms each, and a long talk's concepts
    outgrew the pattern cache (every sentence then compiled its patterns again)."""
    words = concept.split()
    literal = " ".join(words)
    if (
        not plain
        or "vs" in words
        or not literal
        or not (_is_word_char(literal[0]) and _is_word_char(literal[-1]))
    ):
        return [m.span() for m in _concept_pattern(concept).finditer(lowered)]
    out = []
    at = lowered.find(literal)
    while at >= 0:
        end = at + len(literal)
        before = lowered[at - 1] if at else ""
        after = lowered[end] if end < len(lowered) else ""
        if not (before and (_is_word_char(before) or before in "'’-")) and not (
            after and (_is_word_char(after) or after in "'’-")
        ):
            out.append((at, end))
            at = lowered.find(literal, end)
        else:
            at = lowered.find(literal, at + 1)
    return out


@lru_cache(maxsize=8192)
def _concept_pattern(concept: str) -> re.Pattern[str]:
    words = [r"(?:vs|versus)\.?" if w == "vs" else re.escape(w) for w in concept.split()]
    # \b plus literal look-arounds: a class with \w or ’ in it costs ~1 ms to compile.
    return re.compile(r"(?<!')(?<!’)(?<!-)\b" + r"\s+".join(words) + r"\b(?!')(?!’)(?!-)")


def proper_words(sentences: Sequence[Sentence]) -> set[str]:
    """Words written capitalised in mid-sentence more often than not (names, not openers)."""
    upper: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    for s in sentences:
        for k, match in enumerate(WORD.finditer(s.text)):
            if k == 0:
                continue
            folded = fold(match.group())
            total[folded] += 1
            if match.group()[:1].isupper():
                upper[folded] += 1
    return {w for w, n in upper.items() if n * 2 > total[w] and w not in NOT_NAMES}
