"""Course content: a course made from one transcript, and its lessons."""

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from studyguide.models.base import Base, UTCDateTime, utcnow


class Course(Base):
    __tablename__ = "courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(100), unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[str] = mapped_column(sa.String(20), default="published")
    transcript_file: Mapped[str] = mapped_column(sa.String(200))
    transcript_title: Mapped[str] = mapped_column(sa.String(300))
    # The transcript text decoded as in the package (BOM removed, line endings untouched), so
    # that every stored offset slices the same characters the checker verified.
    transcript_text: Mapped[str] = mapped_column(sa.Text)
    # speakers, source, language, skip ranges: metadata shown on the transcript page.
    transcript_meta: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    # "data" (loaded by load-courses) or "browser" (made in /teach); see models/teaching.py.
    origin: Mapped[str] = mapped_column(sa.String(20), default="data")
    # When load-courses last wrote it, and when an instructor last changed it in the browser:
    # load-courses skips a course edited in the browser since its last load (unless --force).
    loaded_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)

    lessons: Mapped[list["Lesson"]] = relationship(
        back_populates="course", order_by="Lesson.position"
    )

    def __repr__(self) -> str:
        return f"<Course {self.slug}>"


class Lesson(Base):
    __tablename__ = "lessons"
    __table_args__ = (sa.UniqueConstraint("course_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(sa.ForeignKey("courses.id"), index=True)
    slug: Mapped[str] = mapped_column(sa.String(100))
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(sa.String(200))
    objectives: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    # Each: {"start_char", "end_char", "title"}.
    segments: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    # Each: {"text", "evidence": {"quote", "start_char", "end_char", "start_time"}}.
    takeaways: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    # Each: {"text", "start_char", "end_char", "start_time"}.
    quotes: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    reflection_prompts: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    keyphrases: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    glossary: Mapped[list[dict[str, str]]] = mapped_column(sa.JSON, default=list)
    summary_markdown: Mapped[str] = mapped_column(sa.Text, default="")
    # Rendered once at import with markdown and sanitised with nh3; the only HTML marked safe.
    summary_html: Mapped[str] = mapped_column(sa.Text, default="")
    # A lesson that disappeared from its package is retired, never deleted (attempts point here).
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)

    course: Mapped[Course] = relationship(back_populates="lessons")

    def __repr__(self) -> str:
        return f"<Lesson {self.slug}>"
