"""The map of Finland on the public member list, drawn on the server as SVG.

The boundaries are the National Land Survey's municipal division 1:4.5M of 2023 (WGS84).
They are projected once per process (an equirectangular projection corrected by the cosine
of Finland's middle latitude, which is plenty at this scale) and kept as SVG path strings by
municipality code; a request only picks which of them to highlight.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

BOUNDARIES = Path(__file__).resolve().parent / "data" / "boundaries" / "kuntarajat.2023.json"
ATTRIBUTION = _("National Land Survey of Finland (Maanmittauslaitos), municipal division 1:4.5M, 2023, CC BY 4.0")
# Municipalities merged after the division year: 588 Pertunmaa became part of 507 Mäntyharju
# on 1.1.2025, so its area is drawn as part of Mäntyharju.
MERGED_INTO = {"588": "507"}
WIDTH = 400
MIDDLE_LATITUDE = 64.5
# Points closer than this (in SVG units, the map being 400 wide) to their neighbours' line go.
TOLERANCE = 0.9


@dataclass(frozen=True)
class Outline:
    """Every municipality's path and the map's size, in SVG user units."""

    paths: dict[str, str]
    width: int
    height: int


def _rings(geometry: dict) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return geometry["coordinates"]
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


def _simplify(ring: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker: drop points closer than `tolerance` to the line their neighbours make."""
    if len(ring) < 4:
        return ring
    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    stack = [(0, len(ring) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = ring[first], ring[last]
        length = math.hypot(x2 - x1, y2 - y1)
        farthest, distance = first, 0.0
        for index in range(first + 1, last):
            x0, y0 = ring[index]
            if length:
                offset = abs((x2 - x1) * (y1 - y0) - (x1 - x0) * (y2 - y1)) / length
            else:
                offset = math.hypot(x0 - x1, y0 - y1)
            if offset > distance:
                farthest, distance = index, offset
        if distance > tolerance:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(ring, keep, strict=True) if kept]


def _path(rings: list[list[tuple[int, int]]]) -> str:
    """Relative path commands with integer steps: short, and exact enough at this scale."""
    parts = []
    for ring in rings:
        x0, y0 = ring[0]
        steps = []
        px, py = x0, y0
        for x, y in ring[1:]:
            if (x, y) != (px, py):
                steps.append(f"{x - px} {y - py}")
                px, py = x, y
        if len(steps) >= 2:
            parts.append(f"M{x0} {y0}l" + " ".join(steps) + "z")
    return "".join(parts)


@cache
def outline() -> Outline:
    """Projected paths of every municipality, by its 2026 code (read and projected once)."""
    features = json.loads(BOUNDARIES.read_text(encoding="utf-8"))["features"]
    stretch = math.cos(math.radians(MIDDLE_LATITUDE))
    projected: dict[str, list[list[tuple[float, float]]]] = {}
    for feature in features:
        code = feature["properties"]["NATCODE"]
        code = MERGED_INTO.get(code, code)
        rings = [[(lon * stretch, -lat) for lon, lat in ring] for ring in _rings(feature["geometry"])]
        projected.setdefault(code, []).extend(rings)
    xs = [x for rings in projected.values() for ring in rings for x, _y in ring]
    ys = [y for rings in projected.values() for ring in rings for _x, y in ring]
    left, top = min(xs), min(ys)
    scale = (WIDTH - 4) / (max(xs) - left)
    height = math.ceil((max(ys) - top) * scale) + 4

    def place(ring: list[tuple[float, float]]) -> list[tuple[int, int]]:
        scaled = [((x - left) * scale + 2, (y - top) * scale + 2) for x, y in ring]
        return [(round(x), round(y)) for x, y in _simplify(scaled, TOLERANCE)]

    paths = {code: _path([place(ring) for ring in rings]) for code, rings in projected.items()}
    return Outline(paths=paths, width=WIDTH, height=height)


BASE_LAYER_FILE = Path(__file__).resolve().parent / "static" / "members" / "map-base.svg"
BASE_LAYER_STATIC = "members/map-base.svg"


def base_layer_svg() -> str:
    """Every municipality's outline as a standalone SVG, kept as a static file (`build_map`).

    The page draws it as an image under the member areas, so the browser caches the heavy,
    never-changing part and each page carries only the links.
    """
    shape = outline()
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {shape.width} {shape.height}" '
        f'width="{shape.width}" height="{shape.height}">'
        f'<path fill="#eef1f4" stroke="#8a96a3" stroke-width="0.4" d="{"".join(shape.paths.values())}"/></svg>\n'
    )


def render_map(
    *,
    members: list[tuple[str, str, str]],
    welfare_regions: list[tuple[list[str], str, str]],
    title: str,
    description: str,
    base_layer_url: str,
) -> str:
    """The SVG of Finland with member areas as links.

    `members` are (municipality code, page address, accessible name); `welfare_regions` are
    (municipality codes, page address, accessible name). Municipalities of a member welfare
    region are hatched, member municipalities filled, so neither is told by colour alone.
    """
    shape = outline()
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {shape.width} {shape.height}" '
        f'class="member-map" aria-labelledby="member-map-title member-map-desc">',
        f'<title id="member-map-title">{escape(title)}</title>',
        f'<desc id="member-map-desc">{escape(description)}</desc>',
        '<defs><pattern id="member-map-hatch" patternUnits="userSpaceOnUse" width="5" height="5">'
        '<rect width="5" height="5" fill="#ffffff"/>'
        '<path d="M0 5L5 0M-1 1L1 -1M4 6L6 4" stroke="#1b4f72" stroke-width="1.6"/></pattern></defs>',
        f'<image href="{escape(base_layer_url)}" x="0" y="0" width="{shape.width}" '
        f'height="{shape.height}" aria-hidden="true"/>',
    ]
    for codes, url, name in welfare_regions:
        d = "".join(shape.paths[code] for code in codes if code in shape.paths)
        if d:
            parts.append(
                f'<a href="{escape(url)}" aria-label="{escape(name)}" class="map-link">'
                f'<title>{escape(name)}</title><path class="map-welfare" fill="url(#member-map-hatch)" d="{d}"/></a>'
            )
    for code, url, name in members:
        if code in shape.paths:
            parts.append(
                f'<a href="{escape(url)}" aria-label="{escape(name)}" class="map-link">'
                f'<title>{escape(name)}</title><path class="map-member" d="{shape.paths[code]}"/></a>'
            )
    parts.append("</svg>")
    return "".join(parts)
