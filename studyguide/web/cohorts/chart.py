"""Geometry of the mastery-spread chart: per lesson, one bar split by mastery level (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from studyguide.services.analytics import LessonSummary
from studyguide.services.progress import Mastery

WIDTH = 360  # viewBox units; the SVG scales to its container
LABEL_WIDTH = 0
BAR_HEIGHT = 18
GAP = 22  # room above each bar for the lesson's title
TOP = 4
LEVELS = tuple(Mastery)


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    level: Mastery
    count: int
    label: str


@dataclass(frozen=True)
class Bar:
    y: float
    title: str
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bar_height: int
    bars: tuple[Bar, ...]
    levels: tuple[Mastery, ...]
    summary: str


def mastery_chart(summaries: Sequence[LessonSummary], students: int) -> Chart:
    """Lay out one stacked bar per lesson: how many students are at each mastery level."""
    bars = []
    for i, summary in enumerate(summaries):
        y = TOP + i * (BAR_HEIGHT + GAP) + GAP - 6
        x = 0.0
        segments = []
        for level in LEVELS:
            count = summary.levels.get(level, 0)
            if not count:
                continue
            width = round(WIDTH * count / students, 1) if students else 0
            segments.append(
                Segment(
                    round(x, 1),
                    width,
                    level,
                    count,
                    f"{summary.lesson.title}: {count} {level.label.lower()}",
                )
            )
            x += width
        bars.append(Bar(y, summary.lesson.title, tuple(segments)))
    height = TOP + len(bars) * (BAR_HEIGHT + GAP) + 4
    return Chart(WIDTH, height, BAR_HEIGHT, tuple(bars), LEVELS, _summary(summaries, students))


def _summary(summaries: Sequence[LessonSummary], students: int) -> str:
    if not students:
        return "No students in this cohort yet."
    if not summaries:
        return "This course has no lessons."
    started = [s for s in summaries if s.levels.get(Mastery.NOT_STARTED, 0) < students]
    mastered = sum(s.levels.get(Mastery.MASTERED, 0) for s in summaries)
    return (
        f"{students} student{'s' if students != 1 else ''}, {len(summaries)} lessons; "
        f"{len(started)} lesson{'s' if len(started) != 1 else ''} begun by someone; "
        f"{mastered} time{'s' if mastered != 1 else ''} a student mastered a lesson. "
        "The table below gives every count."
    )
