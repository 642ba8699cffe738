"""Upkeep answers: three choices for each person, none chosen in advance, old elected officials
pointed out, changes waiting for the coordinator's review, and the members yet to answer."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from members import personal_data, upkeep
from members.choices import Role, UpkeepStatus
from members.models import Appointment, UpkeepChange, UpkeepRequest
from members.upkeep_review import upkeep_change_accept, upkeep_change_reject
from tervekunta.links import make_token
from tervekunta.models import StatusChange
from tests.factories.members import AppointmentFactory, MembershipFactory, OrganisationFactory
from tests.outbox import deliver_outbox

pytestmark = pytest.mark.django_db


@pytest.fixture
def answering(coordinator):
    """An open round: Virrat (all three roles, its official from the previous council term) and Pori."""
    virrat = OrganisationFactory(name_fi="Virrat")
    MembershipFactory(organisation=virrat)
    AppointmentFactory(organisation=virrat, role=Role.CONTACT_PERSON, person__email="yhteys@virrat.example")
    AppointmentFactory(organisation=virrat, role=Role.ELECTED_OFFICIAL, start_date=datetime.date(2021, 10, 25))
    AppointmentFactory(organisation=virrat, role=Role.WELFARE_COORDINATOR, person__phone="040 1")
    pori = OrganisationFactory(name_fi="Pori")
    MembershipFactory(organisation=pori)
    AppointmentFactory(organisation=pori, role=Role.CONTACT_PERSON, person__email="yhteys@pori.example")
    upkeep_round = upkeep.upkeep_round_start(
        deadline=timezone.localdate() + datetime.timedelta(days=30), actor=coordinator
    )
    request = UpkeepRequest.objects.get(organisation=virrat)
    return {"round": upkeep_round, "request": request, "virrat": virrat, "pori": pori}


def _url(request) -> str:
    return reverse("members:upkeep_answer", kwargs={"token": make_token(upkeep.ANSWER_LINK, request)})


def test_nothing_is_chosen_in_advance_and_the_old_official_is_pointed_out(client, answering):
    page = client.get(_url(answering["request"])).content.decode()
    assert " checked" not in page
    assert "Sama henkilö, mutta tiedot ovat muuttuneet" in page
    assert "on nimetty ennen 1.6.2025 alkanutta valtuustokautta" in page
    response = client.post(_url(answering["request"]), {f"{Role.CONTACT_PERSON}-change": "keep"})
    assert response.status_code == 200
    assert "Valitse yksi vastauksista." in response.content.decode()
    assert not UpkeepChange.objects.exists()


def test_new_details_wait_for_review_and_change_the_register_when_accepted(client, coordinator, answering):
    prefix = Role.WELFARE_COORDINATOR
    form = {f"{role}-change": "keep" for role in Role.values}
    form.update({f"{prefix}-change": "update", f"{prefix}-email": "koordinaattori@virrat.example"})
    assert client.post(_url(answering["request"]), form).status_code == 302
    change = UpkeepChange.objects.get()
    assert (change.kind, change.review) == ("details", "pending")
    person = Appointment.objects.get(organisation=answering["virrat"], role=prefix).person
    assert person.email != "koordinaattori@virrat.example"
    answering["request"].refresh_from_db()
    assert answering["request"].status == UpkeepStatus.CHANGED
    upkeep_change_accept(change=change, actor=coordinator)
    person.refresh_from_db()
    assert (person.email, person.phone) == ("koordinaattori@virrat.example", "040 1")
    assert person.history.first().history_user == coordinator
    with pytest.raises(ValidationError) as caught:
        upkeep_change_reject(change=change, actor=coordinator)
    assert caught.value.code == "already_reviewed"


def test_a_second_answer_replaces_the_waiting_changes(client, answering):
    prefix = Role.ELECTED_OFFICIAL
    form = {f"{role}-change": "keep" for role in Role.values}
    form.update(
        {
            f"{prefix}-change": "change",
            f"{prefix}-first_name": "Ensi",
            f"{prefix}-last_name": "Yritys",
            f"{prefix}-start_date": "1.6.2025",
        }
    )
    client.post(_url(answering["request"]), form)
    form[f"{prefix}-first_name"] = "Toinen"
    client.post(_url(answering["request"]), form)
    assert list(UpkeepChange.objects.values_list("first_name", flat=True)) == ["Toinen"]


def test_the_review_page_accepts_and_rejects(client, coordinator_client, answering):
    official, coordinator_role = Role.ELECTED_OFFICIAL, Role.WELFARE_COORDINATOR
    form = {f"{role}-change": "keep" for role in Role.values}
    form.update(
        {
            f"{official}-change": "change",
            f"{official}-first_name": "Ville",
            f"{official}-last_name": "Valtuutettu",
            f"{official}-start_date": "10.6.2025",
            f"{official}-decision": "KV 10.6.2025 § 40",
            f"{coordinator_role}-change": "update",
            f"{coordinator_role}-title": "hyvinvointipäällikkö",
        }
    )
    client.post(_url(answering["request"]), form)
    url = reverse("workspace:upkeep_review")
    page = coordinator_client.get(url)
    assert "Ville Valtuutettu" in page.content.decode() and "hyvinvointipäällikkö" in page.content.decode()
    new_official = UpkeepChange.objects.get(role=official)
    details = UpkeepChange.objects.get(role=coordinator_role)
    response = coordinator_client.post(url, {"change": new_official.pk, "action": "accept"}, follow=True)
    assert "Virrat: muutos on kirjattu rekisteriin." in response.content.decode()
    current = Appointment.objects.current().get(organisation=answering["virrat"], role=official)
    assert (current.person.full_name, current.decision) == ("Ville Valtuutettu", "KV 10.6.2025 § 40")
    coordinator_client.post(url, {"change": details.pk, "action": "reject"})
    details.refresh_from_db()
    assert (details.review, details.reviewed_by.username) == ("rejected", "coordinator")
    assert (
        "hyvinvointipäällikkö"
        not in Appointment.objects.get(organisation=answering["virrat"], role=coordinator_role).person.title
    )
    assert "Tarkistusta odottavia muutoksia ei ole." in coordinator_client.get(url).content.decode()


def test_the_members_yet_to_answer_as_a_spreadsheet(client, coordinator_client, answering):
    deliver_outbox()  # the sheet says when each request was delivered
    client.post(_url(answering["request"]), {f"{role}-change": "keep" for role in Role.values})
    url = reverse("workspace:upkeep_unanswered_export", kwargs={"pk": answering["round"].pk, "fmt": "xlsx"})
    sheet = load_workbook(io.BytesIO(coordinator_client.get(url).content)).active
    rows = list(sheet.iter_rows(min_row=2))
    assert [(row[0].value, row[2].value) for row in rows] == [("Pori", "yhteys@pori.example")]
    assert rows[0][3].is_date
    link = reverse("workspace:upkeep_unanswered_export", kwargs={"pk": answering["round"].pk, "fmt": "csv"})
    assert link in coordinator_client.get(reverse("workspace:upkeep")).content.decode()


def test_a_proposed_person_is_in_their_personal_data_and_erased(client, coordinator, answering):
    prefix = Role.ELECTED_OFFICIAL
    form = {f"{role}-change": "keep" for role in Role.values}
    form.update(
        {
            f"{prefix}-change": "change",
            f"{prefix}-first_name": "Salla",
            f"{prefix}-last_name": "Salainen",
            f"{prefix}-email": "salla@virrat.example",
            f"{prefix}-start_date": "1.6.2025",
        }
    )
    client.post(_url(answering["request"]), form)
    held = personal_data.held_about("salla@virrat.example")
    assert [c["first_name"] for c in held["upkeep_changes"]["records"]] == ["Salla"]
    counts = personal_data.erase("salla@virrat.example", actor=coordinator)
    assert counts["members.upkeepchange"] == 1
    change = UpkeepChange.objects.get()
    assert (change.first_name, change.email) == ("Poistettu", "")
    # The organisation's answer and its status note named her: they stay, without her name.
    request = UpkeepRequest.objects.get(pk=answering["request"].pk)
    assert "Salla Salainen" not in request.answer
    assert "[poistettu]" in request.answer
    assert counts["tervekunta.statuschange"] == 1
    assert not StatusChange.objects.filter(note__contains="Salainen").exists()
