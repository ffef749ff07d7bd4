"""Lessons from segments: related segments grouped by average-linkage clustering of their
TF-IDF vectors, in first-seen order (the interview returns to going abroad several times)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from studyguide.generator.tuning import TUNING
from studyguide.generator.types import Segment
from studyguide.generator.vectors import Cohesion, Vector


def group_segments(
    segments: Sequence[Segment], coh: Cohesion, *, max_lessons: int
) -> list[list[int]]:
    """Cluster segments into lessons (average linkage on TF-IDF cosine); keep first-seen order.

    Two segments share a lesson when they are clearly closer to each other than segments of
    this transcript usually are (the interview returns to going abroad several times). No
    merge makes a lesson more than `max_lesson_share` of the talk while another merge would
    do: on unseen talks one lesson used to swallow most of it.
    """
    runs = _contiguous_runs(segments, TUNING.max_cluster_units)
    if len(runs) < len(segments):
        units = [
            replace(segments[run[0]], last_sentence=segments[run[-1]].last_sentence,
                    end_char=segments[run[-1]].end_char)
            for run in runs
        ]  # fmt: skip
        grouped = group_segments(units, coh, max_lessons=max_lessons)
        return [[k for unit in group for k in runs[unit]] for group in grouped]
    vectors = [coh.vector(s.first_sentence, s.last_sentence) for s in segments]
    n = len(vectors)
    if n == 1:
        return [[0]]
    sims = _similarity_matrix(vectors)
    pairs = sims[np.triu_indices(n, k=1)]
    threshold = max(
        TUNING.group_similarity, float(pairs.mean() + TUNING.group_spread * pairs.std())
    )
    link = sims.copy()
    np.fill_diagonal(link, -np.inf)
    sizes = np.ones(n)
    length = np.array([max(1, s.end_char - s.start_char) for s in segments], dtype=float)
    cap = TUNING.max_lesson_share * float(length.sum())
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    alive = np.ones(n, dtype=bool)
    while len(members) > 1:
        masked = np.where(alive[:, None] & alive[None, :], link, -np.inf)
        small = np.where(length[:, None] + length[None, :] <= cap, masked, -np.inf)
        if np.isfinite(small).any():
            masked = small
        flat = int(np.argmax(masked))  # first maximum: ties break by position, deterministic
        a, b = divmod(flat, n)
        a, b = min(a, b), max(a, b)
        if masked[a, b] < threshold and len(members) <= max_lessons:
            break
        # Average linkage, updated in place (Lance–Williams).
        merged = (sizes[a] * link[a] + sizes[b] * link[b]) / (sizes[a] + sizes[b])
        link[a], link[:, a] = merged, merged
        link[a, a] = -np.inf
        sizes[a] += sizes[b]
        length[a] += length[b]
        alive[b] = False
        link[b], link[:, b] = -np.inf, -np.inf
        members[a] = sorted(members[a] + members.pop(b))
    return sorted(members.values(), key=lambda c: c[0])


def _contiguous_runs(segments: Sequence[Segment], most: int) -> list[list[int]]:
    """The segments in at most `most` runs of neighbours of about equal length. Clustering
    costs the cube of what it clusters: a long talk's segments are first joined into runs, so
    the cost stays linear in the talk (a 5 MB transcript did not finish in 15 minutes)."""
    if len(segments) <= most:
        return [[k] for k in range(len(segments))]
    lengths = [max(1, s.end_char - s.start_char) for s in segments]
    share = sum(lengths) / most
    runs: list[list[int]] = [[]]
    done = 0.0
    for k, length in enumerate(lengths):
        if runs[-1] and done + length / 2 > share * len(runs) and len(runs) < most:
            runs.append([])
        runs[-1].append(k)
        done += length
    return runs


def _similarity_matrix(vectors: Sequence[Vector]) -> np.ndarray:
    vocab: dict[str, int] = {}
    for vec in vectors:
        for term in vec:
            vocab.setdefault(term, len(vocab))
    matrix = np.zeros((len(vectors), max(len(vocab), 1)))
    for i, vec in enumerate(vectors):
        for term, value in vec.items():
            matrix[i, vocab[term]] = value
    return matrix @ matrix.T


# --- titles -----------------------------------------------------------------------------------
