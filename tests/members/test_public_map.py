"""The SVG map: projection, merged municipalities and the links it draws."""

from __future__ import annotations

import csv
import re

from django.conf import settings

from members.map import BASE_LAYER_FILE, base_layer_svg, outline, render_map


def test_every_municipality_of_the_register_has_an_area():
    with (settings.BASE_DIR / "members" / "data" / "municipalities.csv").open(encoding="utf-8") as handle:
        codes = {row["code"] for row in csv.DictReader(handle)}
    assert set(outline().paths) == codes


def test_pertunmaa_is_drawn_as_part_of_mantyharju():
    paths = outline().paths
    assert "588" not in paths
    # Mäntyharju's path holds its own ring and Pertunmaa's.
    assert paths["507"].count("M") >= 2


def test_the_projection_keeps_finland_upright_and_inside_the_view():
    shape = outline()
    assert shape.width == 400
    assert 700 < shape.height < 900  # Finland is about twice as tall as wide.
    starts = [tuple(map(int, m)) for m in re.findall(r"M(-?\d+) (-?\d+)", "".join(shape.paths.values()))]
    assert all(0 <= x <= shape.width and 0 <= y <= shape.height for x, y in starts)
    # Utsjoki (890) is north of Hanko (078): a smaller y.
    north = int(re.match(r"M\d+ (\d+)", shape.paths["890"]).group(1))
    south = int(re.match(r"M\d+ (\d+)", shape.paths["078"]).group(1))
    assert north < south


def test_outline_is_computed_once():
    assert outline() is outline()


def test_render_map_escapes_names_and_links_areas():
    svg = render_map(
        members=[("091", "/fi/members/helsinki/", "Helsinki <script>")],
        welfare_regions=[(["297", "749"], "/fi/members/pohjois-savo/", "Pohjois-Savo & co")],
        title="Kartta",
        description="Kuvaus",
        base_layer_url="/static/members/map-base.svg",
    )
    assert '<a href="/fi/members/helsinki/" aria-label="Helsinki &lt;script&gt;" class="map-link">' in svg
    assert 'aria-label="Pohjois-Savo &amp; co"' in svg
    assert svg.count("<path") == 3  # the hatch, one welfare region, one municipality
    assert '<image href="/static/members/map-base.svg"' in svg
    assert '<title id="member-map-title">Kartta</title>' in svg


def test_static_base_layer_is_current():
    """members/static/members/map-base.svg is generated: `manage.py build_map` after a change."""
    assert BASE_LAYER_FILE.read_text(encoding="utf-8") == base_layer_svg()
