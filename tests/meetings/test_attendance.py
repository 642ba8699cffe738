"""Attendance as meetings happen: organisations ticked present, people who came without
registering, participant lists imported with a preview, nothing recorded before the day."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from meetings import attendance, participant_lists
from meetings.choices import EventKind
from meetings.models import OrganisationPresence, WalkIn
from meetings.reports import participation_report
from tervekunta.models import ErasureRecord
from tests.factories.meetings import EventDayFactory, EventFactory, RegistrationDayFactory
from tests.factories.members import MembershipFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    """A network meeting held three days ago, with a registered person from Pori."""
    start = timezone.now() - datetime.timedelta(days=3)
    day = EventDayFactory(event=EventFactory(kind=EventKind.NETWORK_MEETING, title="Verkostokokous"), starts_at=start)
    return day


@pytest.fixture
def members():
    names = {"pori": "Pori", "virrat": "Virrat", "kuopio": "Kuopio"}
    result = {}
    for slug, name in names.items():
        organisation = OrganisationFactory(name_fi=name, slug=slug)
        MembershipFactory(organisation=organisation)
        result[slug] = organisation
    return result


def _registered(day, organisation, email):
    return RegistrationDayFactory(
        registration__event=day.event, registration__organisation=organisation, registration__email=email, day=day
    )


def test_nothing_is_recorded_before_the_day_begins(members, coordinator):
    future = EventDayFactory(starts_at=timezone.now() + datetime.timedelta(hours=2))
    for call in (
        lambda: attendance.attendance_save(day=future, place_ids=[], organisation_ids=[members["pori"].pk]),
        lambda: attendance.attendance_mark_all(day=future),
        lambda: attendance.walk_in_add(day=future, name="Etukäteen Tullut"),
    ):
        with pytest.raises(ValidationError) as caught:
            call()
        assert caught.value.code == "not_started"
    assert not OrganisationPresence.objects.exists() and not WalkIn.objects.exists()
    future.refresh_from_db()
    assert future.attendance_recorded_at is None


def test_ticked_organisations_count_as_present_without_registrations(meeting, members, coordinator):
    place = _registered(meeting, members["pori"], "a@pori.example")
    saved = attendance.attendance_save(
        day=meeting, place_ids=[place.pk], organisation_ids=[members["virrat"].pk], actor=coordinator
    )
    assert (saved.attended, saved.not_attended, saved.organisations) == (1, 0, 1)
    meeting.refresh_from_db()
    assert meeting.attendance_recorded_at is not None
    presence = OrganisationPresence.objects.get()
    assert presence.history.first().history_user == coordinator
    year = timezone.localtime(meeting.starts_at).year
    _held, rows = participation_report(first_year=year, last_year=year)
    shares = {row.organisation.slug: row.years[0] for row in rows}
    assert {slug: share.attended for slug, share in shares.items()} == {"pori": 1, "virrat": 1, "kuopio": 0}
    # Unticking takes the organisation back out.
    attendance.attendance_save(day=meeting, place_ids=[place.pk], organisation_ids=[], actor=coordinator)
    assert not OrganisationPresence.objects.exists()


def test_a_person_who_came_without_registering(meeting, members, coordinator):
    place = _registered(meeting, members["pori"], "a@pori.example")
    marked = attendance.walk_in_add(day=meeting, name="A Registered", email="A@Pori.example", actor=coordinator)
    assert marked == place
    place.refresh_from_db()
    assert place.attended and not WalkIn.objects.exists()
    walk_in = attendance.walk_in_add(
        day=meeting, name="Ville Virtolainen", email="Ville@Virrat.example", organisation=members["virrat"]
    )
    assert (walk_in.email, walk_in.organisation) == ("ville@virrat.example", members["virrat"])
    with pytest.raises(ValidationError) as caught:
        attendance.walk_in_add(day=meeting, name="Ville V.", email="ville@virrat.example")
    assert caught.value.error_dict["email"][0].code == "already_present"
    assert (members["virrat"].pk, meeting.pk) in attendance.present_organisations(
        type(meeting).objects.filter(pk=meeting.pk)
    )


def test_mark_every_registered_person_present(meeting, members):
    places = [_registered(meeting, members["pori"], f"p{n}@pori.example") for n in range(3)]
    assert attendance.attendance_mark_all(day=meeting) == 3
    assert all(type(p).objects.get(pk=p.pk).attended for p in places)


TEAMS_REPORT = (
    "1. Summary\n"
    "Meeting title\tVerkostokokous\n"
    "Attended participants\t4\n"
    "\n"
    "2. Participants\n"
    "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole\n"
    "Anna Rekisteröity\t10/3/25, 1:00:00 PM\t10/3/25, 3:00:00 PM\t2h\ta@pori.example\ta@pori.example\tAttendee\n"
    "Kalle Kuopiolainen\t10/3/25, 1:00:00 PM\t10/3/25, 3:00:00 PM\t2h\tkalle@kuopio.example\t\tAttendee\n"
    "Veera Virtolainen\t10/3/25, 1:02:00 PM\t10/3/25, 3:00:00 PM\t2h\tveera@virrat.example\t\tAttendee\n"
    "Tiina THL\t10/3/25, 1:00:00 PM\t10/3/25, 3:00:00 PM\t2h\ttiina@thl.example\t\tOrganizer\n"
    "Kalle Kuopiolainen\t10/3/25, 2:00:00 PM\t10/3/25, 3:00:00 PM\t1h\tkalle@kuopio.example\t\tAttendee\n"
    "\n"
    "3. In-Meeting Activities\n"
    "Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole\n"
    "Anna Rekisteröity\t10/3/25, 1:00:00 PM\t10/3/25, 3:00:00 PM\t2h\ta@pori.example\tAttendee\n"
)


def test_a_teams_attendance_report_is_read(meeting):
    upload = SimpleUploadedFile("attendance.csv", TEAMS_REPORT.encode("utf-16"), content_type="text/csv")
    people = participant_lists.read_participant_list(upload)
    assert [(p.name, p.email) for p in people] == [
        ("Anna Rekisteröity", "a@pori.example"),
        ("Kalle Kuopiolainen", "kalle@kuopio.example"),
        ("Veera Virtolainen", "veera@virrat.example"),
        ("Tiina THL", "tiina@thl.example"),
    ]


def test_an_excel_list_with_an_organisation_column_is_read():
    book = Workbook()
    sheet = book.active
    sheet.append(["Osallistujat"])
    sheet.append(["Etunimi", "Sukunimi", "Sähköposti", "Organisaatio"])
    sheet.append(["Vilma", "Virtanen", None, "Virrat"])
    buffer = io.BytesIO()
    book.save(buffer)
    people = participant_lists.read_participant_list(SimpleUploadedFile("lista.xlsx", buffer.getvalue()))
    assert people == [participant_lists.Participant(name="Vilma Virtanen", email="", organisation="Virrat")]


@pytest.mark.parametrize(
    ("content", "code"),
    [(b"Jotain;muuta\n1;2\n", "no_heading"), (b"Nimi;Email\n\n", "empty"), (b"PK\x03\x04rikki", "unreadable")],
)
def test_a_list_that_cannot_be_used_says_why(content, code):
    with pytest.raises(ValidationError) as caught:
        participant_lists.read_participant_list(SimpleUploadedFile("lista.csv", content))
    assert caught.value.code == code


def test_participants_are_matched_by_email_organisation_and_domain(meeting, members):
    _registered(meeting, members["pori"], "a@pori.example")
    PersonFactory(organisation=members["kuopio"], email="kalle@kuopio.example")
    PersonFactory(organisation=members["virrat"], email="sihteeri@virrat.example")
    people = [
        participant_lists.Participant("Anna Rekisteröity", "a@pori.example", ""),
        participant_lists.Participant("Kalle Kuopiolainen", "kalle@kuopio.example", ""),
        participant_lists.Participant("Vilma Virtanen", "", "virrat"),
        participant_lists.Participant("Veera Virtolainen", "veera@virrat.example", ""),
        participant_lists.Participant("Tiina THL", "tiina@thl.example", "THL"),
    ]
    matches = participant_lists.match_participants(meeting, people)
    assert [(m.how, m.organisation.slug if m.organisation else None) for m in matches] == [
        ("registered", "pori"),
        ("register", "kuopio"),
        ("organisation", "virrat"),
        ("domain", "virrat"),
        ("unmatched", None),
    ]


def test_import_previews_then_saves_only_the_ticked_rows(coordinator_client, meeting, members):
    place = _registered(meeting, members["pori"], "a@pori.example")
    PersonFactory(organisation=members["kuopio"], email="kalle@kuopio.example")
    url = reverse("meetings:attendance", kwargs={"pk": meeting.event_id})
    upload = SimpleUploadedFile("attendance.csv", TEAMS_REPORT.encode("utf-16"), content_type="text/csv")
    preview = coordinator_client.post(url, {"day": meeting.pk, "action": "preview", "participants": upload})
    assert preview.status_code == 200
    assert not WalkIn.objects.exists()  # nothing saved before confirming
    matches = preview.context["preview"]
    assert [m.participant.name for m in matches][:2] == ["Anna Rekisteröity", "Kalle Kuopiolainen"]
    assert "Esikatselu: 4 henkilöä listassa." in preview.content.decode()
    rows = preview.context["confirm_form"].initial["rows"]
    # The coordinator leaves out the organiser from THL.
    response = coordinator_client.post(
        url, {"day": meeting.pk, "action": "import", "rows": rows, "include": [0, 1, 2]}, follow=True
    )
    assert "1 rekisteröitynyttä merkitty läsnä olleiksi, 2 ilman ilmoittautumista lisätty" in response.content.decode()
    place.refresh_from_db()
    assert place.attended
    assert set(WalkIn.objects.values_list("name", "organisation__slug", "source")) == {
        ("Kalle Kuopiolainen", "kuopio", "imported"),
        ("Veera Virtolainen", None, "imported"),
    }
    # The same list again adds nobody twice.
    again = coordinator_client.post(url, {"day": meeting.pk, "action": "import", "rows": rows, "include": [0, 1, 2]})
    assert again.status_code == 302
    assert WalkIn.objects.count() == 2
    forged = coordinator_client.post(url, {"day": meeting.pk, "action": "import", "rows": rows + "x"}, follow=True)
    assert "Esikatselu on vanhentunut" in forged.content.decode()


def test_the_page_ticks_organisations_and_adds_walk_ins(coordinator_client, meeting, members):
    url = reverse("meetings:attendance", kwargs={"pk": meeting.event_id})
    page = coordinator_client.get(url)
    assert page.status_code == 200
    assert f'id="present-{members["kuopio"].pk}"' in page.content.decode()
    coordinator_client.post(url, {"day": meeting.pk, "action": "save", "present": [members["kuopio"].pk]})
    assert list(OrganisationPresence.objects.values_list("organisation__slug", flat=True)) == ["kuopio"]
    coordinator_client.post(
        url,
        {
            "day": meeting.pk,
            "action": "walk_in",
            "walk_in-name": "Vieras Tulija",
            "walk_in-organisation": members["virrat"].pk,
        },
    )
    walk_in = WalkIn.objects.get()
    body = coordinator_client.get(url).content.decode()
    assert "Vieras Tulija" in body
    assert "(läsnä henkilöidensä kautta)" in body  # Virrat is present through its person
    coordinator_client.post(url, {"day": meeting.pk, "action": "walk_in_remove", "walk_in": walk_in.pk})
    assert not WalkIn.objects.exists()
    # Taken back without a trace of the person, and the removal recorded.
    assert not WalkIn.history.filter(id=walk_in.pk).exists()
    record = ErasureRecord.objects.get(kind="meetings.walkin")
    assert (record.reason, record.count, record.actor_name) == ("deleted", 1, "coordinator")


def test_the_page_of_a_day_not_begun_says_so(coordinator_client):
    day = EventDayFactory(starts_at=timezone.now() + datetime.timedelta(days=5))
    response = coordinator_client.get(reverse("meetings:attendance", kwargs={"pk": day.event_id}))
    body = response.content.decode()
    assert "Päivä ei ole vielä alkanut" in body
    assert 'name="action"' not in body
    posted = coordinator_client.post(
        reverse("meetings:attendance", kwargs={"pk": day.event_id}), {"day": day.pk, "action": "all"}
    )
    assert posted.status_code == 200 and day.attendance_recorded_at is None


def test_a_past_events_page_says_registration_has_closed(client):
    day = EventDayFactory(starts_at=timezone.now() - datetime.timedelta(days=2))
    detail = client.get(reverse("meetings:event_detail", kwargs={"pk": day.event_id})).content.decode()
    assert "Ilmoittautuminen on päättynyt: tapahtuma on ohi." in detail
    assert reverse("meetings:register", kwargs={"pk": day.event_id}) not in detail
    response = client.get(reverse("meetings:register", kwargs={"pk": day.event_id}))
    assert response.status_code == 302
    assert response["Location"].endswith(reverse("meetings:event_detail", kwargs={"pk": day.event_id}))
