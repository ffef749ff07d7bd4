"""SQLAlchemy models, one module per aggregate. Import from here so metadata is complete."""

from studyguide.models.base import Base, UTCDateTime, utcnow
from studyguide.models.cohort import Cohort, CohortMember, CohortMentor, Invitation
from studyguide.models.content_version import ContentVersion
from studyguide.models.course import Course, Lesson
from studyguide.models.progress import (
    Attempt,
    AttemptAnswer,
    AttemptGrade,
    AttemptState,
    LessonRead,
)
from studyguide.models.quiz import CurationState, Question, QuestionSource, QuestionVersion
from studyguide.models.review import (
    CardKind,
    ReviewCard,
    ReviewLog,
    ReviewSession,
    ReviewSettings,
    ReviewSource,
)
from studyguide.models.teaching import CourseEditor, CourseOrigin, ImportJob, JobState
from studyguide.models.user import LoginFailures, Role, User

__all__ = [
    "Attempt",
    "AttemptAnswer",
    "AttemptGrade",
    "AttemptState",
    "Base",
    "CardKind",
    "Cohort",
    "CohortMember",
    "CohortMentor",
    "ContentVersion",
    "Course",
    "CourseEditor",
    "CourseOrigin",
    "CurationState",
    "ImportJob",
    "JobState",
    "Invitation",
    "Lesson",
    "LoginFailures",
    "LessonRead",
    "Question",
    "QuestionSource",
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
