"""Spaced review: a student's cards, every rating given to them, their sessions and settings.

A card holds its FSRS memory state (state, step, stability, difficulty, due, last review);
`reps` counts its reviews and is the compare-and-set that makes one answer count once. Review
logs are append-only facts: retention, history and the forecast are queries over them.
"""

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from studyguide.models.base import Base, UTCDateTime, utcnow
from studyguide.models.course import Lesson
from studyguide.models.quiz import Question


class CardKind(StrEnum):
    QUESTION = "question"  # a quiz question, graded automatically
    RECALL = "recall"  # a lesson takeaway the student chose to remember, self-rated


class ReviewCard(Base):
    __tablename__ = "review_cards"
    __table_args__ = (
        sa.CheckConstraint("kind IN ('question', 'recall')", name="kind_valid"),
        # One card per student and source: "q:<question id>" or "t:<lesson id>:<takeaway hash>".
        sa.UniqueConstraint("user_id", "source_key"),
        sa.Index("ix_review_cards_user_id_due", "user_id", "due"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    course_id: Mapped[int] = mapped_column(sa.ForeignKey("courses.id"), index=True)
    lesson_id: Mapped[int] = mapped_column(sa.ForeignKey("lessons.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    source_key: Mapped[str] = mapped_column(sa.String(120))
    # Question cards: the question (not a version: a new version keeps the card's history).
    question_id: Mapped[int | None] = mapped_column(sa.ForeignKey("questions.id"), index=True)
    # Recall cards: the takeaway as it was when chosen, with its evidence in the transcript.
    takeaway: Mapped[str | None] = mapped_column(sa.Text, default=None)
    evidence: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON, default=None)
    # FSRS memory state (fsrs.Card's fields); `state` is fsrs.State's value.
    state: Mapped[int] = mapped_column(default=1)
    step: Mapped[int | None] = mapped_column(default=0)
    stability: Mapped[float | None] = mapped_column(default=None)
    difficulty: Mapped[float | None] = mapped_column(default=None)
    due: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_review: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    reps: Mapped[int] = mapped_column(default=0)
    # Set by the student; a retired question or lesson suspends its cards without this.
    suspended_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    # Removed by the student: hidden everywhere, its reviews kept as facts.
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    question: Mapped[Question | None] = relationship()
    lesson: Mapped[Lesson] = relationship()


class ReviewSource(StrEnum):
    QUIZ = "quiz"  # the quiz answer that made (or re-reviewed) the card
    REVIEW = "review"  # an answer in a review session


class ReviewLog(Base):
    """One rating of one card: a fact, never changed. (card_id, rep) makes it count once."""

    __tablename__ = "review_logs"
    __table_args__ = (
        sa.UniqueConstraint("card_id", "rep"),
        sa.CheckConstraint("rating BETWEEN 1 AND 4", name="rating_valid"),
        sa.Index("ix_review_logs_user_id_reviewed_at", "user_id", "reviewed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(sa.ForeignKey("review_cards.id"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    session_id: Mapped[int | None] = mapped_column(sa.ForeignKey("review_sessions.id"), index=True)
    rep: Mapped[int] = mapped_column()
    source: Mapped[str] = mapped_column(sa.String(20))
    rating: Mapped[int] = mapped_column()  # fsrs.Rating: 1 Again, 2 Hard, 3 Good, 4 Easy
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    due_after: Mapped[datetime] = mapped_column(UTCDateTime())
    # Question cards: the version asked, the response and its verdict.
    question_version_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("question_versions.id"), default=None
    )
    response: Mapped[Any | None] = mapped_column(sa.JSON, default=None)
    correct: Mapped[bool | None] = mapped_column(default=None)
    feedback: Mapped[str | None] = mapped_column(sa.Text, default=None)

    card: Mapped[ReviewCard] = relationship()


class ReviewSession(Base):
    """One sitting: it ends at its time limit or after its number of cards."""

    __tablename__ = "review_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    time_limit_minutes: Mapped[int] = mapped_column()
    card_limit: Mapped[int] = mapped_column()


class ReviewSettings(Base):
    """A student's review settings; no row means the defaults."""

    __tablename__ = "review_settings"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), primary_key=True)
    # An IANA name ("Europe/Berlin"); None: the browser's (when it says), else UTC.
    time_zone: Mapped[str | None] = mapped_column(sa.String(64), default=None)
    time_limit_minutes: Mapped[int] = mapped_column(default=10)
    card_limit: Mapped[int] = mapped_column(default=40)
    new_per_day: Mapped[int] = mapped_column(default=10)
