"""Questions, versioned: a change of wording or answer makes a new version; old ones stay."""

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from studyguide.models.base import Base, UTCDateTime, utcnow


class CurationState(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class QuestionSource(StrEnum):
    PACKAGE = "package"  # loaded from a package (data/ or an uploaded zip): approved
    GENERATOR = "generator"  # made by an import job: pending until an instructor decides
    INSTRUCTOR = "instructor"  # written in the browser from a transcript passage


class Question(Base):
    """A question's stable identity (its id in the course package) within a course.

    Review: students see only approved questions. A decision (approve, reject) keeps who and
    when; `edited` says an instructor changed it, so generated questions measure the generator
    (kept as is / edited / rejected). `row_version` is the compare-and-set counter of browser
    edits (services/curation.py).
    """

    __tablename__ = "questions"
    __table_args__ = (
        sa.UniqueConstraint("course_id", "key"),
        sa.CheckConstraint(
            "review_state IN ('pending', 'approved', 'rejected')", name="review_state_valid"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(sa.ForeignKey("courses.id"), index=True)
    lesson_id: Mapped[int] = mapped_column(sa.ForeignKey("lessons.id"), index=True)
    key: Mapped[str] = mapped_column(sa.String(120))
    position: Mapped[int] = mapped_column(default=0)
    # Hidden from new quizzes when it disappeared from the package; never deleted.
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    review_state: Mapped[str] = mapped_column(sa.String(20), default=CurationState.APPROVED.value)
    reviewed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), default=None)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    source: Mapped[str] = mapped_column(sa.String(20), default=QuestionSource.PACKAGE.value)
    edited: Mapped[bool] = mapped_column(default=False)
    # The generator's note on a generated question: its score and the reason it gave.
    generator_score: Mapped[float | None] = mapped_column(sa.Float, default=None)
    generator_reason: Mapped[str] = mapped_column(sa.Text, default="")
    row_version: Mapped[int] = mapped_column(default=1)

    versions: Mapped[list["QuestionVersion"]] = relationship(
        back_populates="question", order_by="QuestionVersion.version"
    )
    reviewed_by: Mapped["User | None"] = relationship()  # noqa: F821 (models/user.py)

    def __repr__(self) -> str:
        return f"<Question {self.key}>"


class QuestionVersion(Base):
    """One wording of a question. Answers point at the version the student saw."""

    __tablename__ = "question_versions"
    __table_args__ = (sa.UniqueConstraint("question_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("questions.id"), index=True)
    version: Mapped[int] = mapped_column()
    is_current: Mapped[bool] = mapped_column(default=True)
    type: Mapped[str] = mapped_column(sa.String(40))
    prompt: Mapped[str] = mapped_column(sa.Text)
    choices: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    # A string, a boolean or a list of strings, by type (see the question-type registry).
    answer: Mapped[Any] = mapped_column(sa.JSON)
    accepted: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    explanation: Mapped[str] = mapped_column(sa.Text, default="")
    # {"quote", "start_char", "end_char", "start_time"}
    evidence: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    difficulty: Mapped[str] = mapped_column(sa.String(20), default="medium")
    # Hash of what students are graded on (type, prompt, choices, answer, accepted): a change
    # makes a new version. Explanation or evidence edits update the current version in place.
    content_hash: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    question: Mapped[Question] = relationship(back_populates="versions")

    def __repr__(self) -> str:
        return f"<QuestionVersion {self.question_id} v{self.version}>"
