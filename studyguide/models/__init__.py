"""SQLAlchemy models, one module per aggregate. Import from here so metadata is complete."""

from studyguide.models.base import Base, UTCDateTime, utcnow
from studyguide.models.course import Course, Lesson
from studyguide.models.progress import (
    Attempt,
    AttemptAnswer,
    AttemptGrade,
    AttemptState,
    LessonRead,
)
from studyguide.models.quiz import Question, QuestionVersion
from studyguide.models.review import (
    CardKind,
    ReviewCard,
    ReviewLog,
    ReviewSession,
    ReviewSettings,
    ReviewSource,
)
from studyguide.models.teaching import CourseEditor, CourseOrigin, ImportJob, JobState
from studyguide.models.user import Role, User

__all__ = [
    "Attempt",
    "AttemptAnswer",
    "AttemptGrade",
    "AttemptState",
    "Base",
    "CardKind",
    "Course",
    "CourseEditor",
    "CourseOrigin",
    "ImportJob",
    "JobState",
    "Lesson",
    "LessonRead",
    "Question",
    "QuestionVersion",
    "ReviewCard",
    "ReviewLog",
    "ReviewSession",
    "ReviewSettings",
    "ReviewSource",
    "Role",
    "User",
    "UTCDateTime",
    "utcnow",
]
