"""The instructor's workspace: who may edit which course, and transcript import jobs.

Access rule: a course created in the browser (from a transcript or an uploaded zip) is edited
by its editors only — the instructor who created it, and the co-editors they add. A course
loaded from data/ by `load-courses` (origin "data") is editable by every instructor; adding
co-editors to it changes nothing about that.
"""

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from studyguide.models.base import Base, UTCDateTime, utcnow
from studyguide.models.course import Course
from studyguide.models.user import User


class CourseOrigin(StrEnum):
    DATA = "data"  # loaded from a package folder by the CLI: every instructor may edit
    BROWSER = "browser"  # created in /teach: its editors only


class CourseEditor(Base):
    """A user who may edit a course; `added_by` is None for the course's creator."""

    __tablename__ = "course_editors"
    __table_args__ = (sa.UniqueConstraint("course_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(sa.ForeignKey("courses.id"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    added_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), default=None)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    course: Mapped[Course] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    added_by: Mapped[User | None] = relationship(foreign_keys=[added_by_id])


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    FAILED = "failed"
    DONE = "done"


class ImportJob(Base):
    """One transcript → draft course generation, run by the task queue's consumer.

    The transcript text is stored here, not on a local disk, so a worker on another machine
    (sharing the database and Redis) can run it. `heartbeat_at` is refreshed at every stage and
    by a heartbeat thread; a running job whose heartbeat is older than the stale limit lost its
    worker and is queued again (`tries` counts the runs; the last try's number owns the job).
    """

    __tablename__ = "import_jobs"
    __table_args__ = (
        sa.CheckConstraint("state IN ('queued', 'running', 'failed', 'done')", name="state_valid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    state: Mapped[str] = mapped_column(sa.String(20), default=JobState.QUEUED.value)
    stage: Mapped[str] = mapped_column(sa.String(80), default="waiting for a worker")
    message: Mapped[str] = mapped_column(sa.Text, default="")
    title: Mapped[str] = mapped_column(sa.String(200))
    source_name: Mapped[str] = mapped_column(sa.String(200))
    source_text: Mapped[str] = mapped_column(sa.Text)
    # Generator options given on the form: {"host": str, "guests": [str, ...]}.
    options: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    course_id: Mapped[int | None] = mapped_column(sa.ForeignKey("courses.id"), default=None)
    tries: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)

    user: Mapped[User] = relationship()
    course: Mapped[Course | None] = relationship()
