from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse

from members.choices import OrganisationKind
from members.models import Organisation
from members.network import load_network
from tests.factories.members import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(register):
    load_network()


def _get(client, on: str):
    return client.get(reverse("api_json"), {"on": on})


def test_members_in_june_2024(client, network):
    data = _get(client, "2024-06-30").json()
    assert data["on"] == "2024-06-30"
    assert data["count"] == 52 == len(data["members"])
    kinds = [m["kind"] for m in data["members"]]
    assert kinds.count("municipality") == 50
    assert kinds.count("welfare_region") == 2
    by_name = {m["name_fi"]: m for m in data["members"]}
    assert by_name["Virrat"]["code"] == "936"
    assert by_name["Virrat"]["region_fi"] == "Pirkanmaa"
    assert {name for name, m in by_name.items() if m["who_designated"]} == {"Helsinki", "Kuopio", "Turku"}
    assert by_name["Iisalmi"]["member_since"] == "2019-06-17"
    assert by_name["Iisalmi"]["member_since_precision"] == "day"
    assert by_name["Kuopio"]["member_since_precision"] == "year"
    assert by_name["Tampere"]["member_since_precision"] == "by"
    assert by_name["Kainuun hyvinvointialue"]["region_fi"] == "Kainuu"
    assert data["uncertain"] == []


def test_nousiainen_is_not_a_member_at_the_end_of_2022(client, network):
    data = _get(client, "2022-12-31").json()
    names = {m["name_fi"] for m in data["members"]}
    assert "Nousiainen" not in names
    assert "Nousiainen" not in {m["name_fi"] for m in data["uncertain"]}
    assert names == {"Pori", "Kuopio", "Haapavesi", "Iisalmi", "Helsinki", "Tuusula"}
    # Those recorded as "member by 6/2024" may or may not have been members then.
    assert "Tampere" in {m["name_fi"] for m in data["uncertain"]}


def test_default_day_is_today(client, network):
    data = client.get(reverse("api_json")).json()
    assert data["on"] == datetime.date.today().isoformat()  # noqa: DTZ011


@pytest.mark.parametrize("value", ["2024-13-01", "yesterday", "30.6.2024"])
def test_malformed_date_is_a_json_400(client, db, value):
    response = _get(client, value)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_date"
    assert client.get(reverse("api_csv"), {"on": value}).status_code == 400


def test_api_has_no_personal_data(client, network):
    from tests.factories.members import AppointmentFactory

    organisation = Organisation.objects.get(name_fi="Virrat")
    appointment = AppointmentFactory(organisation=organisation, person__email="salainen@virrat.example")
    body = _get(client, "2024-06-30").content.decode()
    assert "salainen@virrat.example" not in body
    assert appointment.person.last_name not in body


def test_csv_has_the_same_members(client, network):
    response = client.get(reverse("api_csv"), {"on": "2024-06-30"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len([r for r in rows if r["status"] == "member"]) == 52
    assert next(r for r in rows if r["name_fi"] == "Virrat")["code"] == "936"


def test_query_count_does_not_grow_with_members(client, network, django_assert_num_queries):
    with django_assert_num_queries(2):
        assert _get(client, "2024-06-30").json()["count"] == 52
    for n in range(330 - 52):
        MembershipFactory(
            organisation=OrganisationFactory(kind=OrganisationKind.JOINT_AUTHORITY, slug=f"extra-{n}"),
            start_date=datetime.date(2024, 1, 1),
        )
    with django_assert_num_queries(2):
        assert _get(client, "2024-06-30").json()["count"] == 330


def test_open_data_lists_members_in_finnish_alphabetical_order_in_every_language(client, register):
    # Sorted by code points, "Åbo" and "Ähtäri" would come right after "Akaa"-like names on some
    # database collations; the open data is by the Finnish name with å, ä, ö after z.
    for name_fi, name_sv in [("Ähtäri", "Etseri"), ("Wolffila", "Wolffila"), ("Vaasa", "Vasa"), ("Akaa", "Akaa")]:
        MembershipFactory(organisation=OrganisationFactory(name_fi=name_fi, name_sv=name_sv))
    for language in ("fi", "sv"):
        data = client.get(reverse("api_json"), HTTP_ACCEPT_LANGUAGE=language).json()
        assert [m["name_fi"] for m in data["members"]] == ["Akaa", "Vaasa", "Wolffila", "Ähtäri"]
