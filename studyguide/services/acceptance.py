"""Generator acceptance: of a course's generated questions, how many were kept as is, edited
or rejected (and how many wait), per question type — the measure of generator quality in use.

A question counts under the type the generator gave it (its first version). Kept as is:
approved and never edited. Edited: changed by an instructor (an edit approves it). Rejected:
rejected, edited or not. Questions written in the browser or loaded from packages are not the
generator's and are left out. One query; the curation overview counts it from the questions
it loads anyway (`tally`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

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


def first_type() -> Any:
    """The type the generator gave the question row (its first version's), as a subquery."""
    first = sa.orm.aliased(QuestionVersion)  # beside the current version in the same query
    return (
        sa.select(first.type)
        .where(first.question_id == Question.id, first.version == 1)
        .correlate(Question)
        .scalar_subquery()
    )


def tally(questions: Iterable[tuple[str | None, Question]]) -> list[AcceptanceRow]:
    """Count (first type, question) pairs of a course's current questions, by type name; the
    questions not the generator's (or without a first version) are left out."""
    counts: dict[str, list[int]] = {}
    for kind, question in questions:
        if kind is None or question.source != QuestionSource.GENERATOR.value:
            continue
        state, edited = question.review_state, question.edited
        row = counts.setdefault(kind, [0, 0, 0, 0, 0])
        row[0] += 1
        row[1] += state == CurationState.APPROVED.value and not edited
        row[2] += state != CurationState.REJECTED.value and edited
        row[3] += state == CurationState.REJECTED.value
        row[4] += state == CurationState.PENDING.value and not edited
    return [AcceptanceRow(kind, *counts[kind]) for kind in sorted(counts)]


def acceptance(course: Course) -> list[AcceptanceRow]:
    """Return the course's generator acceptance per question type, by type name."""
    query = sa.select(first_type(), Question).where(
        Question.course_id == course.id,
        Question.source == QuestionSource.GENERATOR.value,
        Question.retired_at.is_(None),
    )
    return tally(db.session.execute(query).all())


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
