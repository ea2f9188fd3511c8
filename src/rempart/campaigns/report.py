"""A report per campaign: HTML (the account network as an inline SVG picture, the timeline of posts, the
shared objects) and JSON for machines."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

import jinja2

from rempart.campaigns.config import GroupKind
from rempart.campaigns.graph import layout
from rempart.campaigns.nullmodel import Edge
from rempart.core.jsonio import dumps_bytes

SIZE = 640
MARGIN = 30


def _key(ref: dict[str, str]) -> str:
    return f"{ref['platform']}|{ref['id']}"


def network_svg(accounts: list[dict[str, str]], edges: list[dict[str, Any]]) -> str:
    """The accounts as dots, the significant edges as lines (thicker when further beyond chance)."""
    names = [_key(a) for a in accounts]
    links = [
        Edge(x=_key(e["x"]), y=_key(e["y"]), episodes=e["episodes"], expected=e["expected"], weight=e["weight"])
        for e in edges
    ]
    positions = layout(names, links)
    span = SIZE - 2 * MARGIN

    def point(name: str) -> tuple[float, float]:
        x, y = positions[name]
        return MARGIN + x * span, MARGIN + y * span

    heaviest = max((e.weight for e in links), default=1.0) or 1.0
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="network" width="{SIZE}" height="{SIZE}" '
             f'viewBox="0 0 {SIZE} {SIZE}" role="img" aria-label="account network">']  # fmt: skip
    for edge in links:
        (x1, y1), (x2, y2) = point(edge.x), point(edge.y)
        width = 0.5 + 2.5 * edge.weight / heaviest
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#8896ab" '
            f'stroke-opacity="0.6" stroke-width="{width:.2f}"/>'
        )
    for name, account in zip(names, accounts, strict=True):
        x, y = point(name)
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="#c0392b"><title>{escape(account["platform"])} '
            f"{escape(account['id'])}</title></circle>"
        )
    parts.append("</svg>")
    return "".join(parts)


def timeline_svg(timeline: list[tuple[str, int]]) -> str:
    """Posts per hour as bars."""
    width, height = 720, 160
    if not timeline:
        return f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" width="{width}" height="{height}"></svg>'
    peak = max(count for _, count in timeline)
    bar = max(2.0, (width - 20) / len(timeline))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="posts per hour">']  # fmt: skip
    for index, (hour, count) in enumerate(timeline):
        h = (height - 20) * count / peak
        parts.append(
            f'<rect x="{10 + index * bar:.1f}" y="{height - 10 - h:.1f}" width="{max(bar - 1, 1):.1f}" '
            f'height="{h:.1f}" fill="#2c3e50"><title>{escape(str(hour))}: {count} posts</title></rect>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _template() -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("rempart.campaigns", "templates"), autoescape=True, keep_trailing_newline=True
    )
    return environment.get_template("report.html")


def write_report(campaign: dict[str, Any], directory: Path) -> tuple[Path, Path]:
    """Write `<id>.html` and `<id>.json` into `directory`; `campaign` is the stored campaign as JSON."""
    directory.mkdir(parents=True, exist_ok=True)
    evidence = campaign["evidence"]
    html = _template().render(
        title=GroupKind(campaign.get("kind", GroupKind.CAMPAIGN)).heading,
        campaign=campaign,
        evidence=evidence,
        network=network_svg(campaign["accounts"], evidence.get("edges", [])),
        timeline=timeline_svg([(hour, count) for hour, count in evidence.get("timeline", [])]),
    )
    html_path = directory / f"{campaign['id']}.html"
    json_path = directory / f"{campaign['id']}.json"
    html_path.write_text(html, encoding="utf-8")
    json_path.write_bytes(dumps_bytes(campaign))
    return html_path, json_path
