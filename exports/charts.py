"""Inline SVG charts for the reports: pure functions from numbers to markup.

WeasyPrint draws inline SVG, so the PDF and the HTML report share one chart. Lines
differ by colour and by dash, so a black-and-white print still tells them apart.
"""

import datetime as dt
from dataclasses import dataclass, field
from html import escape

WIDTH, HEIGHT = 680, 220
LEFT, RIGHT, TOP, BOTTOM = 40, 12, 14, 44
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
MAX_DOTS = 45  # above this many points a series is drawn as a line only


@dataclass(frozen=True)
class Series:
    name: str
    colour: str
    points: list[tuple[dt.date, float]] = field(default_factory=list)
    dash: str = ""


@dataclass(frozen=True)
class Band:
    low: float
    high: float
    colour: str


def line_chart(
    series: list[Series],
    *,
    y_max: float,
    y_step: float,
    label: str,
    bands: list[Band] = (),
) -> str:
    """A dated line chart; an explicit note instead of axes when there is nothing to draw."""
    dates = [d for s in series for d, _ in s.points]
    if not dates:
        return _empty(label)
    first, last = min(dates), max(dates)
    span = max((last - first).days, 1)

    def x(day: dt.date) -> float:
        if first == last:
            return LEFT + PLOT_W / 2
        return LEFT + PLOT_W * (day - first).days / span

    def y(value: float) -> float:
        return TOP + PLOT_H * (1 - min(max(value, 0), y_max) / y_max)

    parts = [_open(label)]
    for band in bands:
        top, bottom = y(band.high), y(band.low)
        parts.append(
            f'<rect x="{LEFT}" y="{top:.1f}" width="{PLOT_W}" height="{bottom - top:.1f}" '
            f'fill="{band.colour}" />'
        )
    parts += _y_axis(y, y_max, y_step) + _x_axis(x, first, last)
    for s in series:
        parts += _series(s, x, y)
    parts += _legend(series)
    parts.append("</svg>")
    return "".join(parts)


def _open(label: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{escape(label)}" '
        'font-family="DejaVu Sans, sans-serif" font-size="10">'
    )


def _empty(label: str) -> str:
    return (
        f'{_open(label)}<rect x="{LEFT}" y="{TOP}" width="{PLOT_W}" height="{PLOT_H}" '
        'fill="#f6f6f6" stroke="#ccc" />'
        f'<text x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle" fill="#555">'
        "Nothing recorded yet.</text></svg>"
    )


def _y_axis(y, y_max, step) -> list[str]:
    out, value = [], 0.0
    while value <= y_max + 1e-9:
        pos = y(value)
        out.append(
            f'<line x1="{LEFT}" x2="{LEFT + PLOT_W}" y1="{pos:.1f}" y2="{pos:.1f}" '
            'stroke="#ddd" stroke-width="0.6" />'
            f'<text x="{LEFT - 5}" y="{pos + 3.5:.1f}" text-anchor="end" fill="#333">'
            f"{value:g}</text>"
        )
        value += step
    return out


def _x_axis(x, first: dt.date, last: dt.date) -> list[str]:
    base = TOP + PLOT_H
    out = [f'<line x1="{LEFT}" x2="{LEFT + PLOT_W}" y1="{base}" y2="{base}" stroke="#888" />']
    span = (last - first).days
    ticks = [first] if span == 0 else [first + dt.timedelta(days=span * i / 5) for i in range(6)]
    for i, day in enumerate(dict.fromkeys(ticks)):
        anchor = "start" if i == 0 and span else "end" if day == last and span else "middle"
        out.append(
            f'<text x="{x(day):.1f}" y="{base + 13}" text-anchor="{anchor}" fill="#333">'
            f"{day:%d %b}</text>"
        )
    return out


def _series(s: Series, x, y) -> list[str]:
    if not s.points:
        return []
    points = sorted(s.points)
    coords = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in points)
    dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
    out = [
        f'<polyline points="{coords}" fill="none" stroke="{s.colour}" '
        f'stroke-width="1.8" stroke-linejoin="round"{dash} />'
    ]
    if len(points) <= MAX_DOTS:
        out += [
            f'<circle cx="{x(d):.1f}" cy="{y(v):.1f}" r="2.2" fill="{s.colour}" />'
            for d, v in points
        ]
    return out


def _legend(series: list[Series]) -> list[str]:
    out, left = [], LEFT
    base = HEIGHT - 10
    for s in series:
        dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
        out.append(
            f'<line x1="{left}" x2="{left + 22}" y1="{base - 3}" y2="{base - 3}" '
            f'stroke="{s.colour}" stroke-width="2"{dash} />'
            f'<text x="{left + 27}" y="{base}" fill="#222">{escape(s.name)}</text>'
        )
        left += 40 + 6.2 * len(s.name)
    return out


def timeline_bar(stays: list[tuple[str, int]], *, label: str) -> str:
    """One horizontal bar split into phases by days spent (at least a sliver each)."""
    if not stays:
        return _empty(label)
    height, palette = 34, ["#2f6f9f", "#5a9bd4", "#7fb77e", "#e0a84f", "#b574c0", "#6e8b8b"]
    total = sum(max(days, 1) for _, days in stays)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-label="{escape(label)}" '
        'font-family="DejaVu Sans, sans-serif" font-size="9">'
    ]
    left = 0.0
    for i, (name, days) in enumerate(stays):
        width = WIDTH * max(days, 1) / total
        parts.append(
            f'<rect x="{left:.1f}" y="2" width="{width:.1f}" height="{height - 4}" '
            f'fill="{palette[i % len(palette)]}" stroke="#fff" />'
        )
        if width > 60:
            parts.append(
                f'<text x="{left + 4:.1f}" y="{height / 2 + 3}" fill="#fff">'
                f"{escape(_clip(name, int(width / 6)))} ({days} d)</text>"
            )
        left += width
    parts.append("</svg>")
    return "".join(parts)


def _clip(text: str, size: int) -> str:
    return text if len(text) <= size else text[: max(size - 1, 1)] + "…"
