"""Small charts drawn on the server as SVG: no script, no style attribute, nothing from a CDN.

A chart is plain geometry computed here and drawn by `templates/includes/bar_chart.html`,
which also renders the same figures as a table, the chart's text alternative. Colours and
patterns come from classes in the static style sheet, so the page's Content Security Policy
needs no inline style.
"""

from __future__ import annotations

from dataclasses import dataclass, field

WIDTH = 640
HEIGHT = 240
LEFT, RIGHT, TOP, BOTTOM = 44, 8, 12, 40
PLOT_WIDTH = WIDTH - LEFT - RIGHT
PLOT_HEIGHT = HEIGHT - TOP - BOTTOM

# How sure a bar is: the class of its drawing and the legend entry it gets.
CERTAIN = "certain"
UNCERTAIN = "uncertain"
EMPTY = "empty"


@dataclass
class Point:
    label: str
    value: float | None
    text: str
    kind: str = CERTAIN
    low: float | None = None  # the certain part of an uncertain bar, drawn solid below it


@dataclass
class Bar:
    point: Point
    x: float
    width: float
    y: float
    height: float
    low_y: float
    low_height: float
    label_x: float

    @property
    def kind(self) -> str:
        return self.point.kind


@dataclass
class Tick:
    y: float
    label: str


@dataclass
class BarChart:
    """A bar chart with its title, description and table headings; `bars` and `ticks` are geometry."""

    title: str
    description: str
    label_heading: str
    value_heading: str
    bars: list[Bar]
    ticks: list[Tick]
    legend: list[tuple[str, str]] = field(default_factory=list)
    chart_id: str = ""
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    baseline: float = TOP + PLOT_HEIGHT
    right_edge: int = WIDTH - RIGHT
    label_every: int = 1

    @property
    def points(self) -> list[Point]:
        return [bar.point for bar in self.bars]

    @property
    def labelled_bars(self) -> list[Bar]:
        return self.bars[:: self.label_every]


def _nice_top(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 times a power of ten at or above `value`."""
    if value <= 0:
        return 1
    power = 1
    while power * 10 <= value:
        power *= 10
    while power > value:
        power /= 10
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    label_heading: str,
    value_heading: str,
    points: list[Point],
    top: float | None = None,
    tick_format: str = "{:g}",
    legend: list[tuple[str, str]] | None = None,
) -> BarChart:
    """Lay out `points` as bars from left to right, scaled to `top` (or the largest value)."""
    values = [p.value for p in points if p.value is not None]
    top = top or _nice_top(max(values, default=0))
    slot = PLOT_WIDTH / max(1, len(points))
    width = max(2.0, slot * 0.7)

    def y_of(value: float) -> float:
        return TOP + PLOT_HEIGHT - PLOT_HEIGHT * min(value, top) / top

    bars = []
    for n, point in enumerate(points):
        x = LEFT + n * slot + (slot - width) / 2
        value = point.value or 0
        y = y_of(value)
        low = min(point.low, value) if point.low is not None else None
        low_y = y_of(low) if low is not None else TOP + PLOT_HEIGHT
        bars.append(
            Bar(
                point=point,
                x=round(x, 1),
                width=round(width, 1),
                y=round(y, 1),
                height=round(TOP + PLOT_HEIGHT - y, 1),
                low_y=round(low_y, 1),
                low_height=round(TOP + PLOT_HEIGHT - low_y, 1),
                label_x=round(x + width / 2, 1),
            )
        )
    ticks = [Tick(y=round(y_of(top * n / 4), 1), label=tick_format.format(top * n / 4)) for n in range(5)]
    # About twelve labels fit under the plot; with more bars, label every second or fifth.
    label_every = next(step for step in (1, 2, 5, 10, 20, 50) if len(points) / step <= 12)
    return BarChart(
        title=title,
        description=description,
        label_heading=label_heading,
        value_heading=value_heading,
        bars=bars,
        ticks=ticks,
        legend=legend or [],
        chart_id=chart_id,
        label_every=label_every,
    )


HBAR_LABEL_WIDTH = 210
HBAR_ROW = 22
HBAR_VALUE_SPACE = 40


@dataclass
class Row:
    point: Point
    y: float
    width: float
    text_y: float
    value_x: float


@dataclass
class HorizontalBarChart:
    """Bars from a label column to the right, one row per point, for long labels such as region names."""

    title: str
    description: str
    label_heading: str
    value_heading: str
    rows: list[Row]
    chart_id: str
    width: int = WIDTH
    height: int = 0
    left: int = HBAR_LABEL_WIDTH
    bar_height: int = HBAR_ROW - 6

    @property
    def points(self) -> list[Point]:
        return [row.point for row in self.rows]


def horizontal_bar_chart(
    *, chart_id: str, title: str, description: str, label_heading: str, value_heading: str, points: list[Point]
) -> HorizontalBarChart:
    """Lay out `points` as rows, the longest bar filling the width left of the value labels."""
    top = max((p.value or 0 for p in points), default=0) or 1
    room = WIDTH - HBAR_LABEL_WIDTH - HBAR_VALUE_SPACE
    rows = []
    for n, point in enumerate(points):
        width = round(room * (point.value or 0) / top, 1)
        rows.append(
            Row(
                point=point,
                y=n * HBAR_ROW + 3,
                width=width,
                text_y=n * HBAR_ROW + HBAR_ROW / 2,
                value_x=HBAR_LABEL_WIDTH + width + 6,
            )
        )
    return HorizontalBarChart(
        title=title,
        description=description,
        label_heading=label_heading,
        value_heading=value_heading,
        rows=rows,
        chart_id=chart_id,
        height=max(HBAR_ROW, len(points) * HBAR_ROW),
    )
