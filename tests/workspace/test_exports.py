from __future__ import annotations

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from members.choices import OrganisationKind, Role
from tests.factories.members import MembershipFactory, MunicipalityFactory, OrganisationFactory
from tests.factories.workspace import member_with_people
from workspace.exports import CONTACT_COLUMNS, MEMBER_COLUMNS

pytestmark = pytest.mark.django_db


@pytest.fixture
def members():
    north = MunicipalityFactory(code="901", name_fi="Pohjola", region__code="19", region__name_fi="Lappi")
    south = MunicipalityFactory(code="902", name_fi="Etelä", region__code="01", region__name_fi="Uusimaa")
    return {
        "north": member_with_people(name_fi="Pohjolan kunta", kind=OrganisationKind.MUNICIPALITY, municipality=north),
        "south": member_with_people(name_fi="Etelän kunta", kind=OrganisationKind.MUNICIPALITY, municipality=south),
        "other": member_with_people(name_fi="Järjestö", roles=(Role.CONTACT_PERSON,)),
        "former": MembershipFactory(ended=True, organisation=OrganisationFactory(name_fi="Entinen")).organisation,
    }


def _sheet(response) -> list[tuple]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def test_member_xlsx_holds_exactly_the_filtered_rows(coordinator_client, members):
    region = members["north"].region
    response = coordinator_client.get(reverse("workspace:member_export", kwargs={"fmt": "xlsx"}), {"region": region.pk})
    rows = _sheet(response)
    assert list(rows[0]) == MEMBER_COLUMNS
    assert [row[0] for row in rows[1:]] == ["Pohjolan kunta"]
    assert rows[1][1:4] == ("Kunta", "901", "Lappi")


def test_member_list_on_screen_matches_the_export(coordinator_client, members):
    query = {"kind": OrganisationKind.MUNICIPALITY, "q": "kunta"}
    page = coordinator_client.get(reverse("workspace:member_list"), query)
    shown = [o.name_fi for o in page.context["organisations"]]
    rows = _sheet(coordinator_client.get(reverse("workspace:member_export", kwargs={"fmt": "xlsx"}), query))
    assert [row[0] for row in rows[1:]] == shown == ["Etelän kunta", "Pohjolan kunta"]


def test_contacts_by_role_as_xlsx(coordinator_client, members):
    response = coordinator_client.get(
        reverse("workspace:contact_export", kwargs={"fmt": "xlsx"}), {"role": Role.ELECTED_OFFICIAL}
    )
    rows = _sheet(response)
    assert list(rows[0]) == CONTACT_COLUMNS
    assert [(row[0], row[4]) for row in rows[1:]] == [
        ("Etelän kunta", "Vastuullinen luottamushenkilö"),
        ("Järjestö", "Vastuullinen luottamushenkilö"),  # nobody named: a row that says so
        ("Pohjolan kunta", "Vastuullinen luottamushenkilö"),
    ]
    person = members["south"].appointments.get(role=Role.ELECTED_OFFICIAL).person
    assert rows[1][5:9] == (person.full_name, person.title, person.email, person.phone)


def test_contacts_csv_is_utf8_with_bom_and_semicolons(coordinator_client, members):
    response = coordinator_client.get(reverse("workspace:contact_export", kwargs={"fmt": "csv"}))
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == CONTACT_COLUMNS
    # Three roles for each of the three members; the organisation with only a contact person
    # has a row for each role nobody holds. The former member's people are not listed.
    assert len(rows) == 1 + 3 + 3 + 3
    assert "Entinen" not in {row[0] for row in rows}


def test_formula_like_values_are_not_formulas(coordinator_client, members):
    person = members["other"].appointments.get().person
    person.title = "=HYPERLINK(1)"
    person.save()
    response = coordinator_client.get(reverse("workspace:contact_export", kwargs={"fmt": "csv"}), {"q": "Järjestö"})
    assert "'=HYPERLINK(1)" in response.content.decode("utf-8-sig")


def test_unknown_format_is_not_found(coordinator_client):
    assert coordinator_client.get(reverse("workspace:member_export", kwargs={"fmt": "pdf"})).status_code == 404


def test_bad_filter_shows_an_error_not_a_500(coordinator_client, members):
    response = coordinator_client.get(reverse("workspace:member_list"), {"region": "nonsense", "kind": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_contact_xlsx_is_ready_for_excel(coordinator_client, members):
    official = members["south"].appointments.get(role=Role.ELECTED_OFFICIAL)
    official.person.phone = "+358 40 123 4567"
    official.person.title = "=valtuutettu"
    official.person.save()
    response = coordinator_client.get(reverse("workspace:contact_export", kwargs={"fmt": "xlsx"}))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2))
    named = [row for row in rows if not row[5].value.startswith("(")]
    assert named and all(row[10].is_date and row[10].number_format == "d.m.yyyy" for row in named)
    assert all(not str(row[8].value or "").startswith("'") for row in rows)
    phone = next(row[8] for row in rows if row[5].value == official.person.full_name)
    assert (phone.value, phone.data_type) == ("+358 40 123 4567", "s")
    title = next(row[6] for row in rows if row[5].value == official.person.full_name)
    assert (title.value, title.data_type) == ("=valtuutettu", "s")  # text, not a formula
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:K{len(rows) + 1}"
    assert sheet["A1"].font.bold
    assert sheet.column_dimensions["A"].width >= len("Pohjolan kunta")
    missing = [(row[0].value, row[4].value, row[5].value) for row in rows if row[5].value.startswith("(")]
    assert missing == [
        ("Järjestö", "Vastuullinen luottamushenkilö", "(Ei nimettyä henkilöä)"),
        ("Järjestö", "Hyvinvointikoordinaattori", "(Ei nimettyä henkilöä)"),
    ]


def test_a_member_without_an_elected_official_has_a_row_saying_so(coordinator_client, members):
    response = coordinator_client.get(
        reverse("workspace:contact_export", kwargs={"fmt": "xlsx"}), {"role": Role.ELECTED_OFFICIAL}
    )
    rows = _sheet(response)
    assert [(row[0], row[5]) for row in rows[1:]] == [
        ("Etelän kunta", members["south"].appointments.get(role=Role.ELECTED_OFFICIAL).person.full_name),
        ("Järjestö", "(Ei nimettyä henkilöä)"),
        ("Pohjolan kunta", members["north"].appointments.get(role=Role.ELECTED_OFFICIAL).person.full_name),
    ]


def test_member_xlsx_says_since_when_each_is_a_member(coordinator_client, members):
    MembershipFactory(organisation=OrganisationFactory(name_fi="Tampere"), member_by=True)
    sheet = load_workbook(
        io.BytesIO(coordinator_client.get(reverse("workspace:member_export", kwargs={"fmt": "xlsx"})).content)
    ).active
    by_name = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    since, certain = by_name["Etelän kunta"][6], by_name["Etelän kunta"][7]
    assert since.value == "jäsen 15.1.2020 alkaen"
    assert certain.is_date and certain.value == datetime.datetime(2020, 1, 15)
    assert by_name["Tampere"][6].value == "liittynyt viimeistään 6/2024"
    assert by_name["Järjestö"][5].value is None  # no WHO year: an empty cell, not a text
    assert sheet.auto_filter.ref and sheet.freeze_panes == "A2"


def test_csv_keeps_dates_readable_and_guards_formulas_only_there(coordinator_client, members):
    person = members["other"].appointments.get().person
    person.phone = "+358 40 765 4321"
    person.save()
    response = coordinator_client.get(reverse("workspace:contact_export", kwargs={"fmt": "csv"}), {"q": "Järjestö"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][8] == "'+358 40 765 4321"
    assert rows[1][10] == "01.08.2025"


def test_the_members_page_shows_the_contacts_it_names(coordinator_client, members):
    official = members["north"].appointments.get(role=Role.ELECTED_OFFICIAL).person
    response = coordinator_client.get(reverse("workspace:member_list"), HTTP_ACCEPT_LANGUAGE="fi")
    body = response.content.decode()
    assert official.full_name in body and official.email in body
    järjestö = body.split("Järjestö</a>")[1].split("</tr>")[0]
    assert järjestö.count("Ei nimettyä henkilöä") == 2


def test_the_members_page_reads_in_a_fixed_number_of_queries(coordinator_client, django_assert_max_num_queries):
    from tests.factories.workspace import network

    network(30)
    # The page's own queries and the session's second-factor device that every staff request loads.
    with django_assert_max_num_queries(11):
        response = coordinator_client.get(reverse("workspace:member_list"))
    assert len(response.context["members"]) == 30


def test_member_list_follows_the_alphabet_of_the_coordinators_language(coordinator_client, register):
    for name_fi, name_sv in [("Kauniainen", "Grankulla"), ("Järvenpää", "Träskända"), ("Jyväskylä", "Jyväskylä")]:
        MembershipFactory(organisation=OrganisationFactory(name_fi=name_fi, name_sv=name_sv))
    shown = {}
    for language in ("fi", "sv"):
        page = coordinator_client.get(f"/{language}/coordinator/members/").content.decode()
        shown[language] = list(re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', page))
    assert shown["fi"] == ["Jyväskylä", "Järvenpää", "Kauniainen"]
    assert shown["sv"] == ["Grankulla", "Jyväskylä", "Träskända"]
    # The download names them in Finnish, in Finnish order, whatever the page's language.
    rows = _sheet(coordinator_client.get("/sv/coordinator/members/export.xlsx"))
    assert [row[0] for row in rows[1:]] == ["Jyväskylä", "Järvenpää", "Kauniainen"]
