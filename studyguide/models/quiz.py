"""Questions, versioned: a change of wording or answer makes a new version; old ones stay."""

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from studyguide.models.base import Base, UTCDateTime, utcnow


class Question(Base):
    """A question's stable identity (its id in the course package) within a course."""

    __tablename__ = "questions"
    __table_args__ = (sa.UniqueConstraint("course_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(sa.ForeignKey("courses.id"), index=True)
    lesson_id: Mapped[int] = mapped_column(sa.ForeignKey("lessons.id"), index=True)
    key: Mapped[str] = mapped_column(sa.String(120))
    position: Mapped[int] = mapped_column(default=0)
    # Hidden from new quizzes when it disappeared from the package; never deleted.
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)

    versions: Mapped[list["QuestionVersion"]] = relationship(
        back_populates="question", order_by="QuestionVersion.version"
    )

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
