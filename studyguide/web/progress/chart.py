"""Geometry of the scores-over-time chart, drawn as inline SVG by the template (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from studyguide.services.progress import PASS_SCORE, PROFICIENT_SCORE, TimelineEntry, percent

WIDTH = 360  # viewBox units; the SVG scales to its container, so this is about proportions
HEIGHT = 190
LEFT, RIGHT, TOP, BOTTOM = 40, 12, 10, 30
# Beyond this many points the dots merge on a phone; the table below still lists every attempt.
MAX_POINTS = 60


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str


@dataclass(frozen=True)
class Gridline:
    y: float
    label: str
    kind: str  # "axis", "pass" or "proficient"


@dataclass(frozen=True)
class AxisLabel:
    x: float
    text: str
    anchor: str  # SVG text-anchor


@dataclass(frozen=True)
class PlotFrame:
    """The drawing area of a chart: its size and the plot's edges inside it."""

    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float


@dataclass(frozen=True)
class Chart(PlotFrame):
    points: tuple[Point, ...]
    gridlines: tuple[Gridline, ...]
    x_labels: tuple[AxisLabel, ...]
    summary: str


def day(moment: datetime) -> str:
    """Return a date as '3 May 2025'."""
    return f"{moment.day} {moment:%b %Y}"


def score_chart(entries: Sequence[TimelineEntry]) -> Chart:
    """Place graded attempts, oldest first, evenly along x with their score on y."""
    left, right, top, bottom = LEFT, WIDTH - RIGHT, TOP, HEIGHT - BOTTOM
    shown = list(entries)[-MAX_POINTS:]
    step = (right - left) / max(len(shown), 1)

    def y_of(score: float) -> float:
        return round(bottom - score * (bottom - top), 1)

    # Attempts are spaced evenly rather than by time: several tries in one sitting would
    # otherwise pile onto one spot.
    points = tuple(
        Point(
            round(left + (i + 0.5) * step, 1),
            y_of(e.grade.score),
            f"{e.lesson.title}: {percent(e.grade.score)} % on {day(e.grade.graded_at)}",
        )
        for i, e in enumerate(shown)
    )
    gridlines = (
        Gridline(y_of(0), "0 %", "axis"),
        Gridline(y_of(PASS_SCORE), f"{percent(PASS_SCORE)} %", "pass"),
        Gridline(y_of(PROFICIENT_SCORE), f"{percent(PROFICIENT_SCORE)} %", "proficient"),
        Gridline(y_of(1), "100 %", "axis"),
    )
    x_labels: tuple[AxisLabel, ...] = ()
    if shown:
        first, last = day(shown[0].grade.graded_at), day(shown[-1].grade.graded_at)
        x_labels = (AxisLabel(left, first, "start"),)
        if last != first:
            x_labels += (AxisLabel(right, last, "end"),)
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        points=points,
        gridlines=gridlines,
        x_labels=x_labels,
        summary=_summary(entries, shown),
    )


def _summary(entries: Sequence[TimelineEntry], shown: Sequence[TimelineEntry]) -> str:
    if not entries:
        return "No graded quiz attempts yet."
    scores = [percent(e.grade.score) for e in entries]
    first, last = day(entries[0].grade.graded_at), day(entries[-1].grade.graded_at)
    span = f"on {first}" if first == last else f"from {first} to {last}"
    text = (
        f"{len(entries)} graded quiz attempt{'s' if len(entries) != 1 else ''} {span}: "
        f"latest {scores[-1]} %, best {max(scores)} %, lowest {min(scores)} %."
    )
    if len(shown) < len(entries):
        text += f" The chart shows the latest {len(shown)}; the table lists all."
    return text
