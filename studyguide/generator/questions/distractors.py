"""Distractors: terms of the same kind from *other* segments — a place for a place, a number for
a number, a name that appears after the same preposition — never one the transcript connects
with the key's sentence."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

from studyguide.generator.analysis import Analysis
from studyguide.generator.lexicon import STOPWORDS
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
_MAGNITUDE = math.log(10)  # a number's distractors lie within ten times the key either way
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
        self,
        analysis: Analysis,
        terms: Sequence[Sequence[Term]],
        stems: Sequence[frozenset[str]],
        frame: frozenset[int] = frozenset(),
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
        # names said in the show's frame (intro, outro, sponsor): the show's, the host's
        framed = {fold(t.surface) for i in frame for t in terms[i] if t.kind != "concept"}
        for sentence_terms in terms:
            for term in sentence_terms:
                if term.kind == "concept" and seen_concepts[fold(term.surface)] < 2:
                    continue  # a phrase said once is too often a fragment to offer as a choice
                if fold(term.surface) in framed or any(fold(term.surface) in n for n in names):
                    continue  # the host's name or the show's is no answer to anything
                if not noun_phrase(term, self.sentences[term.sentence].text):
                    continue  # "proper operating (system)", "past couple": no whole phrase
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
        closeness = abs(math.log((value + 1) / (key_value + 1)))
        if closeness > _MAGNITUDE:
            return None  # "five" among "a thousand": of another size
        return surface, closeness
    return surface, abs(len(surface) - len(term.surface)) / 10


# Head nouns of a kind: a person's role is offered only among roles, an organisation among
# organisations ("chief architect" among "error handling" gave the key away).
_PEOPLE = frozenset(
    "people person folks developers developer engineers engineer scientists scientist users user "
    "contributors contributor maintainers maintainer architect architects researchers researcher "
    "students student teachers teacher customers customer members member analysts analyst "
    "experts expert founders founder manager managers leaders leader designers designer".split()
)
_ORGANISATIONS = frozenset(
    "government governments department departments agency agencies company companies team teams "
    "foundation university universities institute lab labs group groups committee council "
    "organization organisation organizations organisations community communities".split()
)
# Words that head no answer: a quantity ("a tremendous amount of"), a stretch of time.
_NO_HEAD = frozenset(
    "couple lot lots bit number amount kind sort few ton tons bunch way ways thing things stuff "
    "part piece past time times years days point".split()
)


def head_class(phrase: str) -> str:
    """ "person", "organisation" or "thing": the kind its last word names."""
    last = fold(phrase.split()[-1])
    return "person" if last in _PEOPLE else "organisation" if last in _ORGANISATIONS else "thing"


def noun_phrase(term: Term, sentence_text: str) -> bool:
    """True unless a concept is cut out of a longer phrase or heads nothing: its last word is a
    quantity ("past couple (of years)") or the next word goes on with the phrase ("proper
    operating (system)")."""
    if term.kind != "concept":
        return True
    if fold(term.surface.split()[-1]) in _NO_HEAD:
        return False
    after = WORD.match(sentence_text[term.end :].lstrip(" -"))
    nxt = after.group() if after and sentence_text[term.end : term.end + 1] == " " else ""
    if fold(nxt) == "than":
        return False  # "more inputs stricter than": an adjective, not the phrase's head
    return not (nxt.isalpha() and nxt.islower() and fold(nxt) not in STOPWORDS)


def fits_like(key: str, other: str) -> bool:
    """True if `other` fits the key's slot as the key does, so neither stands out by form: the
    same capitalisation, a plural for a plural, the same kind of head noun, as many words (for
    a phrase), about the same length."""
    if key[:1].isupper() != other[:1].isupper():
        return False
    if _plural(key.split()[-1]) != _plural(other.split()[-1]):
        return False  # "APIs" among "HP3", "WHATWG"
    if head_class(key) != head_class(other):
        return False
    if key[:1].islower() and (" " in key) != (" " in other):
        return False  # a phrase among single words, or a word among phrases, stands out
    return max(len(key), len(other)) <= 2.5 * min(len(key), len(other)) + 2


def _plural(word: str) -> bool:
    if len(word) > 2 and word.endswith("s") and word[:-1].isupper():
        return True  # "APIs"
    if not word.isalpha() or word.isupper():
        return False  # "HP3", "POSIX"
    word = word.lower()
    return word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3
