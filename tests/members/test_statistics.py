"""The network in figures: members over time drawn honestly, by region, as server-side SVG."""

from __future__ import annotations

import datetime

import pytest

from members.choices import EndReason, StartPrecision
from members.statistics import members_by_region_chart, members_over_time, members_over_time_chart
from tervekunta.charts import Point, bar_chart
from tests.factories.members import MembershipFactory, MunicipalityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def periods():
    MembershipFactory(
        organisation=OrganisationFactory(name_fi="Pori"),
        start_date=datetime.date(1996, 1, 1),
        start_precision=StartPrecision.YEAR,
    )
    MembershipFactory(organisation=OrganisationFactory(name_fi="Tampere"), member_by=True)  # by 30.6.2024
    MembershipFactory(
        organisation=OrganisationFactory(name_fi="Kainuu"),
        start_date=datetime.date(2005, 1, 1),
        start_precision=StartPrecision.YEAR,
        end_date=datetime.date(2022, 12, 31),
        end_reason=EndReason.REPLACED,
    )


def test_members_over_time_counts_uncertain_years_as_uncertain(periods):
    by_year = {count.year: count for count in members_over_time(today=TODAY)}
    assert min(by_year) == 1996 and max(by_year) == 2026
    assert (by_year[1996].certain, by_year[1996].uncertain) == (1, 1)  # Tampere may have been one
    assert (by_year[2010].certain, by_year[2010].uncertain) == (2, 1)
    assert (by_year[2022].certain, by_year[2022].uncertain) == (2, 1)  # Kainuu's last day is 31.12.2022
    assert (by_year[2023].certain, by_year[2023].uncertain) == (1, 1)
    assert (by_year[2024].certain, by_year[2024].uncertain) == (2, 0)
    assert by_year[2026].day == TODAY


def test_the_chart_draws_uncertain_years_dashed_above_the_certain_part(periods):
    chart = members_over_time_chart(today=TODAY)
    bars = {bar.point.label: bar for bar in chart.bars}
    assert bars["2010"].kind == "uncertain"
    assert bars["2010"].point.value == 3 and bars["2010"].point.low == 2
    assert bars["2010"].low_height < bars["2010"].height
    assert bars["2024"].kind == "certain"
    assert chart.bars[0].x >= chart.left
    assert all(bar.y >= 0 and bar.y + bar.height <= chart.baseline + 0.1 for bar in chart.bars)
    assert chart.label_every == 5  # 31 years: every fifth year is labelled


def test_members_by_region_largest_first():
    lappi = MunicipalityFactory(region__code="19", region__name_fi="Lappi").region
    organisations = [
        OrganisationFactory(region=lappi),
        OrganisationFactory(region=lappi),
        OrganisationFactory(region=MunicipalityFactory(region__code="01", region__name_fi="Uusimaa").region),
        OrganisationFactory(region=None),
    ]
    chart = members_by_region_chart(organisations)
    assert [(p.label, p.value) for p in chart.points] == [("Lappi", 2), ("Useita maakuntia", 1), ("Uusimaa", 1)]
    assert chart.rows[0].width > chart.rows[1].width == chart.rows[2].width


def test_bar_geometry_scales_to_a_round_top():
    chart = bar_chart(
        chart_id="t",
        title="T",
        description="D",
        label_heading="L",
        value_heading="V",
        points=[Point("a", 37, "37"), Point("b", None, "none", "empty")],
    )
    assert [tick.label for tick in chart.ticks] == ["0", "12.5", "25", "37.5", "50"]
    assert chart.bars[1].height == 0


def test_the_public_member_list_shows_the_chart_with_its_table(client, periods):
    response = client.get("/fi/members/")
    body = response.content.decode()
    section = body.split('id="member-time-heading"')[1].split("</section>")[0]
    assert 'role="img"' in section and '<title id="members-over-time-title">Jäsenet vuosittain</title>' in section
    assert "chart-bar-uncertain" in section
    assert "<table" in section and "varmasti 1, enintään 2" in section
    assert " style=" not in body and "<script" not in body
    policy = response["Content-Security-Policy"]
    assert "style-src 'self'" in policy and "unsafe-inline" not in policy
