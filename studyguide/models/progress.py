"""Students' facts: lessons read, quiz attempts, the answers in them and their grades.

Attempts and answers are facts; mastery, progress and class statistics are queries over them.
"""

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from studyguide.models.base import Base, UTCDateTime, utcnow
from studyguide.models.quiz import QuestionVersion


class AttemptState(StrEnum):
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"


class LessonRead(Base):
    __tablename__ = "lesson_reads"
    __table_args__ = (sa.UniqueConstraint("user_id", "lesson_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    lesson_id: Mapped[int] = mapped_column(sa.ForeignKey("lessons.id"), index=True)
    read_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Attempt(Base):
    """One try at a lesson's quiz: in_progress until submitted, exactly once."""

    __tablename__ = "attempts"
    __table_args__ = (
        sa.CheckConstraint("state IN ('in_progress', 'submitted')", name="state_valid"),
        # At most one open attempt per student and quiz, enforced by the database.
        sa.Index(
            "uq_attempts_one_open_per_user_lesson",
            "user_id",
            "lesson_id",
            unique=True,
            sqlite_where=sa.text("state = 'in_progress'"),
            postgresql_where=sa.text("state = 'in_progress'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    lesson_id: Mapped[int] = mapped_column(sa.ForeignKey("lessons.id"), index=True)
    state: Mapped[str] = mapped_column(sa.String(20), default=AttemptState.IN_PROGRESS.value)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)

    answers: Mapped[list["AttemptAnswer"]] = relationship(
        back_populates="attempt", order_by="AttemptAnswer.position"
    )
    grade: Mapped["AttemptGrade | None"] = relationship(back_populates="attempt")


class AttemptAnswer(Base):
    """A question in an attempt (the version shown) and the student's response to it.

    Created with the attempt (response empty), saved as the student goes, frozen at submit.
    """

    __tablename__ = "attempt_answers"
    __table_args__ = (sa.UniqueConstraint("attempt_id", "question_version_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(sa.ForeignKey("attempts.id"), index=True)
    question_version_id: Mapped[int] = mapped_column(
        sa.ForeignKey("question_versions.id"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    # The raw response: a string, a boolean or a list of strings; None until answered.
    response: Mapped[Any | None] = mapped_column(sa.JSON, default=None)
    saved_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    # Set once, at submit.
    is_correct: Mapped[bool | None] = mapped_column(default=None)
    feedback: Mapped[str | None] = mapped_column(sa.Text, default=None)

    attempt: Mapped[Attempt] = relationship(back_populates="answers")
    question_version: Mapped[QuestionVersion] = relationship()


class AttemptGrade(Base):
    """The grade of a submitted attempt; the unique attempt_id means it is graded once."""

    __tablename__ = "attempt_grades"

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(sa.ForeignKey("attempts.id"), unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    lesson_id: Mapped[int] = mapped_column(sa.ForeignKey("lessons.id"), index=True)
    correct: Mapped[int] = mapped_column()
    total: Mapped[int] = mapped_column()
    score: Mapped[float] = mapped_column()  # correct / total, 0.0–1.0
    graded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    attempt: Mapped[Attempt] = relationship(back_populates="grade")
