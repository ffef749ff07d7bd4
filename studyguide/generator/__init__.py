"""The generator: any transcript becomes a grounded draft course, offline.

A pure-Python pipeline (see :func:`generate`): it does no file or network IO and imports no
Flask, no SQLAlchemy and nothing from ``studyguide.models``. Its only output is frozen
dataclasses (:class:`CourseDraft`, whose lessons are ``studyguide.coursepack`` records), which
``export`` turns into a course package and the JSON dump. ``tests/test_boundaries.py`` proves
the boundary in a subprocess; keep it that way, so the generator can run anywhere (CLI, workers,
notebooks).

Two floors. Base modules hold what every stage shares and import no stage: ``types`` and
``analysis`` (records), ``tuning`` (every weight and threshold), ``lexicon`` (word lists),
``textutil``, ``quality``, ``passages`` (evidence, sentence quality), ``vectors`` and
``keyphrases``. Stages (``ingest/``, ``sentences``, ``turns``, ``segment``, ``grouping``,
``titles``, ``lessons``, ``questions/``, ``checks``) import base modules only, never each other;
``pipeline`` runs them in order, computing the analysis once. ``tests/generator/test_layers.py``
proves the floors.
"""

from studyguide.generator.pipeline import generate
from studyguide.generator.types import CourseDraft, GenerateError, GenerateOptions

__all__ = ["CourseDraft", "GenerateError", "GenerateOptions", "generate"]
