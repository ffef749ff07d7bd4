"""Generator acceptance: of a course's generated questions, how many were kept as is, edited
or rejected (and how many wait), per question type — the measure of generator quality in use.

A question counts under the type the generator gave it (its first version). Kept as is:
approved and never edited. Edited: changed by an instructor (an edit approves it). Rejected:
rejected, edited or not. Questions written in the browser or loaded from packages are not the
generator's and are left out. One query.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import sqlalchemy as sa

from studyguide.extensions import db
from studyguide.models import Course, CurationState, Question, QuestionSource, QuestionVersion, User
from studyguide.services import teaching


@dataclass(frozen=True)
class AcceptanceRow:
    type: str
    generated: int
    kept: int
    edited: int
    rejected: int
    pending: int

    @property
    def accepted_share(self) -> float | None:
        """Kept as is, as a share of the decided ones; None before any decision."""
        decided = self.kept + self.edited + self.rejected
        return self.kept / decided if decided else None


def acceptance(course: Course) -> list[AcceptanceRow]:
    """Return the course's generator acceptance per question type, by type name."""
    state, rejected = Question.review_state, CurationState.REJECTED.value

    def count(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
        return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)

    query = (
        sa.select(
            QuestionVersion.type,
            sa.func.count(),
            count(sa.and_(state == CurationState.APPROVED.value, Question.edited.is_(False))),
            count(sa.and_(state != rejected, Question.edited.is_(True))),
            count(state == rejected),
            count(sa.and_(state == CurationState.PENDING.value, Question.edited.is_(False))),
        )
        .join(QuestionVersion, QuestionVersion.question_id == Question.id)
        .where(
            Question.course_id == course.id,
            Question.source == QuestionSource.GENERATOR.value,
            Question.retired_at.is_(None),
            QuestionVersion.version == 1,
        )
        .group_by(QuestionVersion.type)
        .order_by(QuestionVersion.type)
    )
    return [AcceptanceRow(*row) for row in db.session.execute(query)]


def course_acceptance(user: User, slug: str) -> tuple[Course, list[AcceptanceRow]]:
    """Return the course `slug` that `user` edits and its acceptance rows.

    Raises:
        NotFound: no such course, or `user` may not edit it.
    """
    course = teaching.editable_course(user, slug)
    return course, acceptance(course)


def acceptance_csv(user: User, slug: str) -> tuple[str, str]:
    """Return a file name and the CSV of the course's generator acceptance, with a total row."""
    course, rows = course_acceptance(user, slug)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["type", "generated", "kept_as_is", "edited", "rejected", "pending"])
    for row in rows:
        writer.writerow([row.type, row.generated, row.kept, row.edited, row.rejected, row.pending])
    totals = [
        sum(getattr(row, name) for row in rows)
        for name in ("generated", "kept", "edited", "rejected", "pending")
    ]
    writer.writerow(["all", *totals])
    return f"{course.slug}-acceptance.csv", out.getvalue()
