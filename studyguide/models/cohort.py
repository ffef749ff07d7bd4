"""Cohorts: a mentor's class in one course, its mentors, its students and its invitations.

Membership is a fact a mentor may undo (removing a student deletes the membership, never the
student's attempts). An invitation's `use_count` is a guard for `max_uses`, raised by a
compare-and-set; class statistics are never counted here.
"""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from studyguide.models.base import Base, UTCDateTime, utcnow
from studyguide.models.course import Course
from studyguide.models.user import User


class Cohort(Base):
    __tablename__ = "cohorts"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(sa.ForeignKey("courses.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    start_date: Mapped[date | None] = mapped_column(sa.Date, default=None)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    course: Mapped[Course] = relationship()

    def __repr__(self) -> str:
        return f"<Cohort {self.id} {self.name}>"


class CohortMentor(Base):
    __tablename__ = "cohort_mentors"
    __table_args__ = (sa.UniqueConstraint("cohort_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohorts.id"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User] = relationship()


class CohortMember(Base):
    __tablename__ = "cohort_members"
    __table_args__ = (sa.UniqueConstraint("cohort_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohorts.id"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    invitation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("invitations.id"), default=None)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User] = relationship()


class Invitation(Base):
    """A link or code that lets students join a cohort: expiring, revocable, usable N times."""

    __tablename__ = "invitations"
    __table_args__ = (
        sa.CheckConstraint("max_uses >= 1", name="max_uses_positive"),
        sa.CheckConstraint("use_count >= 0 AND use_count <= max_uses", name="use_count_valid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohorts.id"), index=True)
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    max_uses: Mapped[int] = mapped_column()
    use_count: Mapped[int] = mapped_column(default=0)

    cohort: Mapped[Cohort] = relationship()
