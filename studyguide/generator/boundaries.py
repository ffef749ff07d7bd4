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


def gap_depths(coh: Cohesion, window: int) -> list[float]:
    """Standardised depth of every gap: entry g is the gap before sentence g (entry 0 is 0)."""
    n = len(coh.word_counts)
    if n < 3:
        return [0.0] * n
    before = [0, *accumulate(coh.word_counts)]  # before[i]: words in sentences 0..i-1
    sims = [0.0] * n
    left = 0
    right = 1
    for g in range(1, n):
        # left block: the fewest sentences ending at g-1 holding `window` words (or all)
        while left + 1 < g and before[g] - before[left + 1] >= window:
            left += 1
        right = max(right, g)
        while right < n - 1 and before[right + 1] - before[g] < window:
            right += 1
        sims[g] = cosine(coh.vector(left, g - 1), coh.vector(g, right))
    inner = sims[1:]
    smooth = [statistics.fmean(inner[max(0, i - 1) : i + 2]) for i in range(len(inner))]
    depth = depth_scores(smooth)
    mean = statistics.fmean(depth)
    spread = statistics.pstdev(depth) or 1.0
    return [0.0, *((d - mean) / spread for d in depth)]


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
