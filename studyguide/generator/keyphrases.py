"""Keyphrases: TF-IDF over candidate n-grams, indexed per sentence and segment.

YAKE was measured at 0.5 s on the 4,000-word interview, the whole in-process budget, so the
candidates here are plain n-grams without stop words at either end, scored by how often they
occur in a stretch of text and how rare they are in the other segments.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from studyguide.generator.lexicon import NUMBER_WORDS, STOPWORDS
from studyguide.generator.quality import context_problem, phrase_problem
from studyguide.generator.textutil import fold
from studyguide.generator.types import Sentence

_PHRASE_BREAK = re.compile(r"[,.;:?!()\[\]\"“”…–—|/]|\s-\s|\s'|'\s")
_TOKEN = re.compile(r"[^\W_][\w'’.-]*[^\W_]|[^\W_]")
_INNER = frozenset({"of", "vs", "versus"})
_LY_WORDS = frozenset("early family daily italy july holy".split())
_QUANTIFIERS = frozenset(
    "plenty couple lot lots number bunch kind type sort part piece half rest most some".split()
)
_NOT_KEY = frozenset(
    "hi hello thanks unless whether order understand believe feel learn want need happen seem "
    "start decide find become keep stay change move help ask tell call show leave provide allow "
    "tried realise realize important interesting spend spent lead alive easily imagine recently "
    "happy sorry clear true wrong different similar whole sure easy hard simple difficult "
    "natural major minor main real great small large big long short high low".split()
)
_WEAK = frozenset(
    "people person time times year years day days point question questions answer talk idea "
    "ideas moment moments place places case cases reason reasons lot kind sort part side sides "
    "end number thing things something anything everything someone everyone nobody example "
    "sense matter fact work hand line level course degree yeah okay ok talks guys".split()
)


def sentence_phrases(text: str) -> list[tuple[str, str]]:
    """Candidate phrases of one sentence as (folded key, surface form)."""
    out: list[tuple[str, str]] = []
    for chunk in _PHRASE_BREAK.split(text):
        tokens = _TOKEN.findall(chunk)
        folded = [fold(t) for t in tokens]
        for i in range(len(tokens)):
            first = folded[i]
            if first in _NO_START:
                continue
            if first.endswith("ly") and len(first) > 4 and first not in _LY_WORDS:
                continue
            for n in (1, 2, 3):
                j = i + n
                if j > len(tokens):
                    break
                last = folded[j - 1]
                if last in _NO_END:
                    continue
                if any(w in _BREAKS_INSIDE for w in folded[i + 1 : j - 1]):
                    break
                if last in _NOT_KEY:
                    continue
                if n == 1 and (len(last) < 3 or last in _WEAK or last.isdigit()):
                    continue
                if n == 1 and any(ch.isdigit() for ch in last):
                    continue
                surface = " ".join(tokens[i:j])
                after = tokens[j] if j < len(tokens) else ""
                if context_problem(surface, tokens[i - 1] if i else "", after):
                    continue  # "my worry number one", "the houses people will live in"
                key = " ".join("vs" if w == "versus" else w for w in folded[i:j])
                out.append((key, surface))
    return out


# The word lists sentence_phrases checks, joined once (it runs on every sentence).
_NO_END = STOPWORDS | _INNER | NUMBER_WORDS
_NO_START = _NO_END | _QUANTIFIERS | _NOT_KEY
_BREAKS_INSIDE = STOPWORDS - _INNER


@dataclass(frozen=True)
class PhraseIndex:
    """Phrase counts per sentence and document frequencies over segments."""

    per_sentence: tuple[tuple[str, ...], ...]
    surfaces: dict[str, str]
    segment_df: dict[str, int]
    n_segments: int

    def top(
        self, sentence_ids: Sequence[int], k: int, *, exclude: set[str] | None = None
    ) -> list[str]:
        """The `k` best phrases (surface forms) of the given sentences."""
        counts: Counter[str] = Counter()
        for i in sentence_ids:
            counts.update(self.per_sentence[i])
        scored = []
        for key, count in counts.items():
            n_words = key.count(" ") + 1
            surface = self.surfaces[key]
            if n_words == 1 and count < (2 if surface[:1].isupper() else 3):
                continue
            if n_words == 1 and key.endswith(("ly", "ed")) and count < 4:
                continue
            idf = math.log((1 + self.n_segments) / (1 + self.segment_df.get(key, 0))) + 1
            proper = 1.3 if surface[:1].isupper() else 1.0
            score = (1 + math.log(count)) * idf * (1 + 0.6 * (n_words - 1)) * proper
            scored.append((score, key))
        scored.sort(key=lambda x: (-x[0], x[1]))
        chosen: list[str] = []
        chosen_keys: list[str] = []
        for _, key in scored:
            if exclude and key in exclude:
                continue
            if any(_overlaps(key, other) for other in chosen_keys):
                continue
            if phrase_problem(self.surfaces[key]):
                continue  # "point later", "force people": not a noun phrase
            chosen_keys.append(key)
            chosen.append(self.surfaces[key])
            if len(chosen) >= k:
                break
        return chosen


def _overlaps(a: str, b: str) -> bool:
    wa, wb = set(a.split()), set(b.split())
    return bool(wa & wb)


def build_index(
    sentences: Sequence[Sentence], segment_of: Sequence[int], n_segments: int
) -> PhraseIndex:
    """Index candidate phrases; `segment_of[i]` is the segment of sentence i."""
    per_sentence: list[tuple[str, ...]] = []
    surface_counts: dict[str, Counter[str]] = {}
    seg_sets: dict[str, set[int]] = {}
    for s in sentences:
        keys = []
        for key, surface in sentence_phrases(s.text):
            keys.append(key)
            surface_counts.setdefault(key, Counter())[surface] += 1
            seg_sets.setdefault(key, set()).add(segment_of[s.index])
        per_sentence.append(tuple(keys))
    surfaces = {
        key: max(sorted(c.items()), key=lambda x: (x[1], x[0][:1].isupper()))[0]
        for key, c in surface_counts.items()
    }
    return PhraseIndex(
        tuple(per_sentence),
        surfaces,
        {k: len(v) for k, v in seg_sets.items()},
        n_segments,
    )
