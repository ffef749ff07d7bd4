"""Distractors: terms of the same kind from *other* segments — a place for a place, a number for
a number, a name that appears after the same preposition — never one the transcript connects
with the key's sentence."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

from studyguide.generator.analysis import Analysis
from studyguide.generator.quality import content_stems, overlaps
from studyguide.generator.questions.terms import Term, context_of
from studyguide.generator.textutil import WORD, fold, normalize_choice

_POOL_KIND = {"acronym": "name"}  # MIT and Google are both institutions after "at"
_UNITS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_UNITS.update(twenty=20, thirty=30, forty=40, fifty=50, sixty=60, seventy=70, eighty=80,
              ninety=90)  # fmt: skip
_MULTIPLIERS = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}
_Table = list[tuple[str, str, frozenset[str]]]


def numeric(text: str) -> float | None:
    """The value of "forty five", "ten thousand", "2013" or "3.5", else None."""
    folded = fold(text).replace(",", "")
    try:
        return float(folded.rstrip("%"))
    except ValueError:
        pass
    total, current = 0.0, 0.0
    for w in folded.replace("-", " ").split():
        if w in _UNITS:
            current += _UNITS[w]
        elif w in _MULTIPLIERS:
            current = max(current, 1) * _MULTIPLIERS[w]
            if _MULTIPLIERS[w] >= 1000:
                total, current = total + current, 0.0
        elif w != "and":
            return None
    return total + current


class Distractors:
    """The pools of same-kind terms of one transcript, and the choice among them."""

    def __init__(
        self, analysis: Analysis, terms: Sequence[Sequence[Term]], stems: Sequence[frozenset[str]]
    ) -> None:
        self.sentences = analysis.sentences
        self.segment_of = analysis.segment_of
        self.n_segments = len(analysis.segments)
        self.stems = stems
        self.occurrences: dict[str, list[Term]] = defaultdict(list)
        for sentence_terms in terms:
            for term in sentence_terms:
                self.occurrences[normalize_choice(term.surface)].append(term)
        self.pool: dict[str, list[Term]] = defaultdict(list)
        self.raw_pool: dict[str, list[Term]] = defaultdict(list)
        seen_concepts: dict[str, int] = defaultdict(int)
        for sentence_terms in terms:
            for term in sentence_terms:
                seen_concepts[fold(term.surface)] += term.kind == "concept"
        names = [fold(n) for n in analysis.names]
        for sentence_terms in terms:
            for term in sentence_terms:
                if term.kind == "concept" and seen_concepts[fold(term.surface)] < 2:
                    continue  # a phrase said once is too often a fragment to offer as a choice
                if any(fold(term.surface) in name for name in names):
                    continue  # the host's name or the show's is no answer to anything
                self.pool[_POOL_KIND.get(term.kind, term.kind)].append(term)
                self.raw_pool[term.kind].append(term)
        self._profiles: dict[str, tuple[set[int], set[str]]] = {}
        self._tables: dict[str, _Table] = {}

    def pick(
        self,
        term: Term,
        sentence_text: str,
        k: int = 3,
        window: frozenset[str] | None = None,
        *,
        same_length: bool = True,
    ) -> list[str]:
        """Up to `k` same-kind terms the transcript does not connect with the sentence: never
        one that shares a word with the key, occurs in the sentence or near the same context
        words; from other segments first, else from far-away sentences of the same one."""
        segment = f"seg{self.segment_of[term.sentence]}"
        context = context_of(term.before)
        kind = _POOL_KIND.get(term.kind, term.kind) if context in ("loc", "at") else term.kind
        table = self._table(kind if kind != term.kind else f"raw:{kind}")
        lowered = fold(sentence_text)
        window = self._window(term, sentence_text) if window is None else window
        stems = self.stems[term.sentence] - content_stems(term.surface)
        answer_norm, key_value = normalize_choice(term.surface), numeric(term.surface)
        options = []
        for norm, surface, tags in table:  # (the cheap filters first: the table is long)
            if norm == answer_norm:
                continue
            if term.kind in ("name", "acronym", "place") and context not in tags:
                continue
            if same_length and term.kind == "concept":
                if surface.count(" ") != term.surface.count(" "):
                    continue
            if segment in tags and self.n_segments > 2:
                continue  # the same topic: too likely to be true as well
            if fold(surface) in lowered or overlaps(surface, term.surface):
                continue
            shown = _comparable(term, surface, kind, key_value)
            if shown is None or not fits_like(term.surface, shown[0]):
                continue
            if self._connected(norm, term, window, stems):
                continue
            options.append((segment in tags, shown[1], norm, shown[0]))
        options.sort()
        out: list[str] = []
        for _, _, _, surface in options:
            if any(overlaps(surface, chosen) for chosen in out):
                continue
            out.append(surface)
            if len(out) == k:
                break
        return out

    def _table(self, kind: str) -> _Table:
        """(normalised, surface, context and segment tags) of every distinct term of a pool."""
        cached = self._tables.get(kind)
        if cached is not None:
            return cached
        pool = self.raw_pool[kind[4:]] if kind.startswith("raw:") else self.pool[kind]
        seen: dict[str, tuple[str, set[str]]] = {}
        for other in pool:
            norm = normalize_choice(other.surface)
            if not norm:
                continue
            entry = seen.setdefault(norm, (other.surface, set()))
            entry[1].add(context_of(other.before))
            entry[1].add(f"seg{self.segment_of[other.sentence]}")
        table = [(norm, surface, frozenset(tags)) for norm, (surface, tags) in seen.items()]
        self._tables[kind] = table
        return table

    def _window(self, term: Term, text: str | None = None) -> frozenset[str]:
        """Content stems of the few words either side of a term: the blank's context."""
        text = self.sentences[term.sentence].text if text is None else text
        left = WORD.findall(text[: term.start])[-4:]
        right = WORD.findall(text[term.end :])[:3]
        return content_stems(" ".join(left + right))

    def _connected(
        self, norm: str, term: Term, window: frozenset[str], stems: frozenset[str]
    ) -> bool:
        """True if the transcript links `norm` to the key's sentence: it occurs next to it,
        near the same context words, or in a sentence saying much the same thing. Such a
        distractor may well be a second true answer ("I enjoyed my time at Google")."""
        where, near = self._profile(norm)
        if {term.sentence - 1, term.sentence, term.sentence + 1} & where:
            return True
        if window & near:
            return True
        return any(len(stems & self.stems[i]) >= 3 for i in sorted(where)[:60])

    def _profile(self, norm: str) -> tuple[set[int], set[str]]:
        """The sentences a term occurs in and the context words around its occurrences."""
        cached = self._profiles.get(norm)
        if cached is None:
            occurrences = self.occurrences.get(norm, [])
            near: set[str] = set()
            for other in occurrences:
                near |= self._window(other)
            cached = ({o.sentence for o in occurrences}, near)
            self._profiles[norm] = cached
        return cached


def _comparable(
    term: Term, surface: str, kind: str, key_value: float | None
) -> tuple[str, float] | None:
    """(surface as offered, closeness to the key) of a possible distractor, or None: a number
    needs a different value written the same way (digits or words)."""
    if kind in ("number", "year"):
        value = numeric(surface)
        if value is None or key_value is None or value == key_value:
            return None
        if surface[:1].isdigit() != term.surface[:1].isdigit():
            return None  # "20" among "eleven", "fifteen" stands out
        if term.surface[:1].islower():
            surface = surface.lower()
        return surface, abs(math.log((value + 1) / (key_value + 1)))
    return surface, abs(len(surface) - len(term.surface)) / 10


def fits_like(key: str, other: str) -> bool:
    """True if `other` fits the key's slot as the key does, so neither stands out by form: the
    same capitalisation, a plural for a plural, about the same length."""
    if key[:1].isupper() != other[:1].isupper():
        return False
    last_key, last_other = fold(key.split()[-1]), fold(other.split()[-1])
    if key.isalpha() and other.isalpha() and _plural(last_key) != _plural(last_other):
        return False
    return max(len(key), len(other)) <= 2.5 * min(len(key), len(other)) + 2


def _plural(word: str) -> bool:
    return word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3
