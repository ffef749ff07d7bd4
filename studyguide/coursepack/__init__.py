"""Course packages: read, check and write the on-disk course format (pure Python)."""

from studyguide.coursepack.checks import check_package
from studyguide.coursepack.models import (
    CoursePackage,
    Evidence,
    GlossaryEntry,
    Lesson,
    PackageError,
    Problem,
    Question,
    Quote,
    Segment,
    SkipRange,
    Takeaway,
    TranscriptInfo,
)
from studyguide.coursepack.reader import read_package
from studyguide.coursepack.schema import COURSE_SCHEMA, LESSON_SCHEMA, QUESTION_TYPES
from studyguide.coursepack.writer import write_package

__all__ = [
    "COURSE_SCHEMA",
    "LESSON_SCHEMA",
    "QUESTION_TYPES",
    "CoursePackage",
    "Evidence",
    "GlossaryEntry",
    "Lesson",
    "PackageError",
    "Problem",
    "Question",
    "Quote",
    "Segment",
    "SkipRange",
    "Takeaway",
    "TranscriptInfo",
    "check_package",
    "read_package",
    "write_package",
]
