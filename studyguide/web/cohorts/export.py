"""The class table as CSV: one row per student and lesson (pure)."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from studyguide.services.analytics import ClassProgress

COLUMNS = (
    "student",
    "email",
    "lesson_position",
    "lesson",
    "read_at",
    "attempts",
    "best_percent",
    "latest_percent",
    "mastery",
    "last_activity",
    "stuck",
)
# A cell starting with one of these is a formula to a spreadsheet: names are the students' own.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def class_csv(report: ClassProgress) -> str:
    """Return every member × lesson of the report as CSV text with a header row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in report.rows:
        for position, lp in enumerate(row.course.lessons, start=1):
            writer.writerow(
                _cell(value)
                for value in (
                    row.name,
                    row.email,
                    position,
                    lp.lesson.title,
                    lp.read_at,
                    lp.attempts,
                    lp.best_percent,
                    lp.latest_percent,
                    lp.mastery.value,
                    row.last_activity,
                    "yes" if row.stuck else "no",
                )
            )
    return out.getvalue()
