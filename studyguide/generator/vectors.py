"""Sparse TF-IDF vectors as plain dicts, cosine similarity and per-sentence cohesion: all the
maths the stages need."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from studyguide.generator.textutil import content_terms
from studyguide.generator.types import Sentence

Vector = dict[str, float]


def idf_weights(documents: Sequence[Sequence[str]]) -> dict[str, float]:
    """Smoothed inverse document frequency of every term in `documents` (lists of terms)."""
    df: Counter[str] = Counter()
    for doc in documents:
        df.update(set(doc))
    n = len(documents)
    return {term: math.log((1 + n) / (1 + count)) + 1.0 for term, count in df.items()}


def tfidf(terms: Iterable[str], idf: dict[str, float]) -> Vector:
    """Sublinear TF-IDF vector of one bag of terms, L2-normalised."""
    counts = Counter(terms)
    vec = {t: (1.0 + math.log(c)) * idf.get(t, 1.0) for t, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vec.values()))
    if norm == 0:
        return {}
    return {t: v / norm for t, v in vec.items()}


def cosine(a: Vector, b: Vector) -> float:
    """Cosine of two L2-normalised vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def centroid(vectors: Sequence[Vector]) -> Vector:
    """The normalised mean of `vectors`."""
    total: dict[str, float] = {}
    for vec in vectors:
        for t, v in vec.items():
            total[t] = total.get(t, 0.0) + v
    norm = math.sqrt(sum(v * v for v in total.values()))
    return {t: v / norm for t, v in total.items()} if norm else {}


def depth_scores(similarities: Sequence[float]) -> list[float]:
    """TextTiling depth of each gap: how far its similarity sits below the peaks either side.

    The peak on each side is where the climb from the gap stops rising. A climb that starts by
    stepping onto its neighbour goes on exactly as the neighbour's does, so each side takes
    one pass (a flat run made the climbs quadratic).
    """
    n = len(similarities)
    left = list(similarities)
    for i in range(1, n):
        if similarities[i - 1] >= similarities[i]:
            left[i] = left[i - 1]
    right = list(similarities)
    for i in range(n - 2, -1, -1):
        if similarities[i + 1] >= similarities[i]:
            right[i] = right[i + 1]
    return [(left[i] - value) + (right[i] - value) for i, value in enumerate(similarities)]


@dataclass(frozen=True)
class Cohesion:
    """Per-sentence term bags and IDF weights, computed once and shared by the stages."""

    terms: tuple[tuple[str, ...], ...]
    idf: dict[str, float]
    word_counts: tuple[int, ...]

    def vector(self, first: int, last: int) -> Vector:
        """TF-IDF vector of sentences first..last (inclusive)."""
        bag: list[str] = []
        for i in range(first, last + 1):
            bag.extend(self.terms[i])
        return tfidf(bag, self.idf)

    def words(self, first: int, last: int) -> int:
        return sum(self.word_counts[first : last + 1])


def cohesion(sentences: Sequence[Sentence]) -> Cohesion:
    terms = tuple(tuple(content_terms(s.text)) for s in sentences)
    return Cohesion(terms, idf_weights(terms), tuple(len(s.text.split()) for s in sentences))
