"""Geometry of the 14-day forecast bar chart, drawn as inline SVG by the template (pure).

Same proportions and conventions as the scores chart (web/progress/chart.py): a viewBox that
scales to its container, labelled gridlines, a summary sentence, and a table with the data.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from studyguide.services.review_stats import Day
from studyguide.web.progress.chart import PlotFrame

WIDTH = 360
HEIGHT = 190
LEFT, RIGHT, TOP, BOTTOM = 40, 12, 10, 30


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str  # the day and its count, for the bar's tooltip
    tick: str  # the short day label under the bar, or ""


@dataclass(frozen=True)
class Gridline:
    y: float
    label: str


@dataclass(frozen=True)
class ForecastChart(PlotFrame):
    bars: tuple[Bar, ...]
    gridlines: tuple[Gridline, ...]
    summary: str


def _nice_max(value: int) -> int:
    """Return a round axis maximum at or above `value` (1, 2, 5, 10, 20, 50, …)."""
    if value <= 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def forecast_chart(days: Sequence[Day]) -> ForecastChart:
    """Place one bar per day, today first, its height the number of cards due that day."""
    left, right, top, bottom = LEFT, WIDTH - RIGHT, TOP, HEIGHT - BOTTOM
    top_value = _nice_max(max((d.count for d in days), default=0))
    slot = (right - left) / max(len(days), 1)

    def y_of(count: float) -> float:
        return round(bottom - count / top_value * (bottom - top), 1)

    bars = tuple(
        Bar(
            x=round(left + i * slot + slot * 0.15, 1),
            y=y_of(d.count),
            width=round(slot * 0.7, 1),
            height=round(bottom - y_of(d.count), 1),
            label=f"{'Today' if i == 0 else d.label}: {d.count} due",
            tick=("Today" if i == 0 else d.label.split(" ", 1)[1]) if i % 7 == 0 else "",
        )
        for i, d in enumerate(days)
    )
    gridlines = (Gridline(y_of(0), "0"), Gridline(y_of(top_value), str(top_value)))
    return ForecastChart(WIDTH, HEIGHT, left, right, top, bottom, bars, gridlines, _summary(days))


def _summary(days: Sequence[Day]) -> str:
    total = sum(d.count for d in days)
    if not total:
        return "No reviews due in the next 14 days."
    busiest = max(days, key=lambda d: d.count)
    today = days[0].count
    return (
        f"{total} review{'s' if total != 1 else ''} due in the next 14 days: {today} today, "
        f"the most ({busiest.count}) {'today' if busiest is days[0] else 'on ' + busiest.label}."
    )
