"""Topic boundaries by lexical cohesion, in time linear in the length of the talk.

Every sentence gap gets a TextTiling depth score: the TF-IDF similarity of the blocks of about
`window_words` words either side, smoothed over neighbouring gaps, and how far it sits below
the peaks around it. Depths are standardised over the talk, so one cut-off serves a short
panel and a long lecture alike. The candidates (turn starts, paragraph starts, or every gap
where a talk has neither) are scored by their depth plus what the words say (a host's
question, "let's move on to …"), and chosen best first while every piece stays long enough:
the number of segments follows the talk, not a fixed length.
"""

from __future__ import annotations

import bisect
import statistics
from collections.abc import Mapping, Sequence
from itertools import accumulate

from studyguide.generator.vectors import Cohesion, cosine, depth_scores


def gap_depths(coh: Cohesion, window: int, gaps: Sequence[int] | None = None) -> list[float]:
    """Standardised depth of every gap: entry g is the gap before sentence g (entry 0 is 0).

    With `gaps` (sorted sentence indices, such as paragraph starts), only those gaps are
    compared, each with the blocks either side, and the others get 0."""
    n = len(coh.word_counts)
    at = [g for g in (range(1, n) if gaps is None else gaps) if 0 < g < n]
    if n < 3 or len(at) < 2:
        return [0.0] * n
    before = [0, *accumulate(coh.word_counts)]  # before[i]: words in sentences 0..i-1
    sims = []
    left = 0
    right = 1
    for g in at:
        # left block: the fewest sentences ending at g-1 holding `window` words (or all)
        while left + 1 < g and before[g] - before[left + 1] >= window:
            left += 1
        right = max(right, g)
        while right < n - 1 and before[right + 1] - before[g] < window:
            right += 1
        sims.append(cosine(coh.vector(left, g - 1), coh.vector(g, right)))
    if gaps is None:  # a 3-gap moving average, as TextTiling does; paragraphs need none
        sims = [statistics.fmean(sims[max(0, i - 1) : i + 2]) for i in range(len(sims))]
    depth = depth_scores(sims)
    mean = statistics.fmean(depth)
    spread = statistics.pstdev(depth) or 1.0
    out = [0.0] * n
    for g, d in zip(at, depth, strict=True):
        out[g] = (d - mean) / spread
    return out


def choose(
    scores: Mapping[int, float],
    word_counts: Sequence[int],
    *,
    cutoff: float,
    min_words: int,
    starts: Sequence[int] = (0,),
    limit: int | None = None,
) -> list[int]:
    """Segment starts: `starts` (sentence 0 and any forced) and the candidates scoring at
    least `cutoff`, best first, each only if every piece stays `min_words` long; at most
    `limit` of them."""
    n = len(word_counts)
    before = [0, *accumulate(word_counts)]
    chosen = sorted({0, *(s for s in starts if 0 < s < n)})
    ranked = sorted(
        ((s, c) for c, s in scores.items() if 0 < c < n and s >= cutoff and c not in chosen),
        key=lambda x: (-x[0], x[1]),
    )
    added = 0
    for _, c in ranked:
        if limit is not None and added >= limit:
            break
        k = bisect.bisect_left(chosen, c)
        lo = chosen[k - 1]
        hi = chosen[k] if k < len(chosen) else n
        if before[c] - before[lo] >= min_words and before[hi] - before[c] >= min_words:
            chosen.insert(k, c)
            added += 1
    return chosen
