"""The generator: any transcript becomes a grounded draft course, offline.

A pure-Python pipeline (see :func:`generate`): it does no file or network IO and imports no
Flask, no SQLAlchemy and nothing from ``studyguide.models``. Its only output is frozen
dataclasses (:class:`CourseDraft`, whose lessons are ``studyguide.coursepack`` records), which
``export`` turns into a course package and the JSON dump. ``tests/test_boundaries.py`` proves
the boundary in a subprocess; keep it that way, so the generator can run anywhere (CLI, workers,
notebooks).
"""

from studyguide.generator.pipeline import generate
from studyguide.generator.types import CourseDraft, GenerateError, GenerateOptions

__all__ = ["CourseDraft", "GenerateError", "GenerateOptions", "generate"]
