"""Charts as inline SVG, drawn here (no script, nothing fetched): vertical bars (stacked or side by side)
and horizontal stacked bars, with axis labels, a legend and a text title for screen readers."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

PALETTE = ("#1f5fa8", "#e07b24", "#3a9b5c", "#c33c3c", "#7d5bb5", "#8c6d46", "#d16ba5", "#6b7280")
FONT = 'font-family="system-ui, sans-serif" font-size="12"'

LEGEND_COLUMNS = 3
Series = Sequence[tuple[str, Sequence[float]]]


def nice_ceiling(value: float) -> float:
    """A round upper bound for an axis: 1, 2, 2.5 or 5 times a power of ten."""
    if value <= 0:
        return 1
    power = 10.0 ** math.floor(math.log10(value))
    return next(float(step * power) for step in (1, 2, 2.5, 5, 10) if step * power >= value)


def _number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


def _legend(series: Series, x: float, y: float) -> list[str]:
    parts = []
    for position, (name, _) in enumerate(series):
        left = x + (position % LEGEND_COLUMNS) * 220
        top = y + (position // LEGEND_COLUMNS) * 18
        parts.append(f'<rect x="{left}" y="{top}" width="12" height="12" fill="{PALETTE[position % len(PALETTE)]}"/>')
        parts.append(f'<text x="{left + 17}" y="{top + 10}" {FONT}>{escape(name[:34])}</text>')
    return parts


def _open(width: int, height: int, title: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]


def vertical_bars(title: str, labels: Sequence[str], series: Series, *, stacked: bool, unit: str = "") -> str:
    """Bars per label; several series stacked or side by side."""
    width, height, left, top, bottom = 720, 320, 56, 16, 70
    legend_rows = math.ceil(len(series) / LEGEND_COLUMNS)
    plot_height = height - top - bottom - 18 * legend_rows
    columns = max(len(labels), 1)
    totals = [
        sum(values[i] for _, values in series) if stacked else max((values[i] for _, values in series), default=0)
        for i in range(len(labels))
    ]
    ceiling = nice_ceiling(max(totals, default=0))
    if all(float(v).is_integer() for _, values in series for v in values):  # counts: whole-number ticks
        ceiling = max(4.0, math.ceil(ceiling / 4) * 4)
    slot = (width - left - 10) / columns
    parts = _open(width, height, title)
    for step in range(5):
        value = ceiling * step / 4
        y = top + plot_height - plot_height * step / 4
        parts.append(f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d9dde3"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" {FONT}>{_number(value)}</text>')
    bar_width = slot * 0.7 / (1 if stacked else max(len(series), 1))
    for i, label in enumerate(labels):
        base = float(top + plot_height)
        for position, (name, values) in enumerate(series):
            bar = plot_height * values[i] / ceiling
            x = left + slot * i + slot * 0.15 + (0 if stacked else bar_width * position)
            y = base - bar if stacked else top + plot_height - bar
            colour = PALETTE[position % len(PALETTE)]
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_width:.1f}" height="{bar:.1f}" fill="{colour}">'
                f"<title>{escape(label)}, {escape(name)}: {_number(values[i])}{escape(unit)}</title></rect>"
            )
            if stacked:
                base -= bar
        parts.append(
            f'<text x="{left + slot * (i + 0.5):.1f}" y="{top + plot_height + 16}" text-anchor="middle" {FONT}>'
            f"{escape(label)}</text>"
        )
    parts.extend(_legend(series, left, height - 18 * legend_rows - 8))
    parts.append("</svg>")
    return "".join(parts)


def horizontal_stacked(title: str, labels: Sequence[str], series: Series) -> str:
    """One bar per label, its parts stacked left to right, with the total at the end."""
    label_width, width, row_height, top = 260, 720, 30, 10
    legend_rows = math.ceil(len(series) / LEGEND_COLUMNS)
    height = top + row_height * max(len(labels), 1) + 30 + 18 * legend_rows
    totals = [sum(values[i] for _, values in series) for i in range(len(labels))]
    ceiling = nice_ceiling(max(totals, default=0))
    plot_width = width - label_width - 60
    parts = _open(width, height, title)
    for i, label in enumerate(labels):
        y = top + row_height * i
        parts.append(f'<text x="{label_width - 8}" y="{y + 18}" text-anchor="end" {FONT}>{escape(label[:40])}</text>')
        x = float(label_width)
        for position, (name, values) in enumerate(series):
            length = plot_width * values[i] / ceiling
            colour = PALETTE[position % len(PALETTE)]
            parts.append(
                f'<rect x="{x:.1f}" y="{y + 5}" width="{length:.1f}" height="{row_height - 10}" fill="{colour}">'
                f"<title>{escape(label)}, {escape(name)}: {_number(values[i])}</title></rect>"
            )
            x += length
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 18}" {FONT}>{_number(totals[i])}</text>')
    parts.extend(_legend(series, 20, height - 18 * legend_rows - 4))
    parts.append("</svg>")
    return "".join(parts)
