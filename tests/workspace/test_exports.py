from __future__ import annotations

import csv
import io

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
        ("Pohjolan kunta", "Vastuullinen luottamushenkilö"),
    ]
    person = members["south"].appointments.get(role=Role.ELECTED_OFFICIAL).person
    assert rows[1][5:9] == (person.full_name, person.title, person.email, person.phone)


def test_contacts_csv_is_utf8_with_bom_and_semicolons(coordinator_client, members):
    response = coordinator_client.get(reverse("workspace:contact_export", kwargs={"fmt": "csv"}))
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == CONTACT_COLUMNS
    assert len(rows) == 1 + 3 + 3 + 1  # the former member's people are not listed
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
