"""The retention schedule: what `purge_personal_data` removes, when, and what it records."""

from __future__ import annotations

import datetime
import io

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone
from post_office.models import STATUS, Email, Log

from applications.choices import ApplicationStatus
from applications.models import Application
from meetings.models import Registration, RegistrationDay, WalkIn
from members.models import Appointment, Person
from tervekunta import retention
from tervekunta.models import ErasureRecord, JobRun
from tervekunta.personal_data import ERASED_NAME
from tests.factories.applications import ApplicationFactory
from tests.factories.meetings import EventDayFactory, RegistrationDayFactory, RegistrationFactory, helsinki
from tests.factories.members import AppointmentFactory, OrganisationFactory, PersonFactory
from tests.personal_data_scan import rows_holding

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def ago(**kwargs) -> datetime.datetime:
    return NOW - datetime.timedelta(**kwargs)


def purge() -> dict[str, int]:
    return retention.purge(timezone.now())


def _day_ended(days_ago: int):
    start = timezone.localtime(ago(days=days_ago)).replace(hour=9, minute=0, second=0, microsecond=0)
    return EventDayFactory(starts_at=start, ends_at=start + datetime.timedelta(hours=7))


def _registration(day, email: str) -> Registration:
    registration = RegistrationFactory(
        event=day.event,
        email=email,
        diet="laktoositon",
        accessibility_needs="pyörätuoli",
        needs_consent_at=day.starts_at,
        organisation_other="",
    )
    registration.organisation = OrganisationFactory()
    registration.save()
    RegistrationDayFactory(registration=registration, day=day, attended=True)
    return registration


def test_registrations_are_cleared_twelve_months_after_the_event(settings):
    old = _registration(_day_ended(days_ago=375), "vanha@kunta.example")
    recent = _registration(_day_ended(days_ago=350), "tuore@kunta.example")

    assert purge()["registrations"] == 1

    old.refresh_from_db()
    assert old.name == ERASED_NAME and old.diet == "" and old.accessibility_needs == ""
    assert old.needs_consent_at is None
    assert old.email.endswith("@invalid.invalid")
    assert rows_holding("vanha@kunta.example") == []
    assert set(Registration.history.filter(diet="laktoositon").values_list("id", flat=True)) == {recent.pk}
    assert not Registration.history.filter(id=old.pk, accessibility_needs="pyörätuoli").exists()
    # The attendance counts for the organisation stay.
    assert old.organisation_id is not None
    assert RegistrationDay.objects.get(registration=old).attended
    recent.refresh_from_db()
    assert recent.email == "tuore@kunta.example" and recent.diet == "laktoositon"
    assert Registration.history.filter(id=recent.pk, email="tuore@kunta.example").exists()


def test_participants_without_registration_are_cleared_like_registrations():
    organisation = OrganisationFactory()
    old = WalkIn.objects.create(
        day=_day_ended(days_ago=400), name="Vanha Kävijä", email="kavija@kunta.example", organisation=organisation
    )
    recent = WalkIn.objects.create(day=_day_ended(days_ago=30), name="Tuore Kävijä", email="uusi@kunta.example")

    assert purge()["walk_ins"] == 1

    old.refresh_from_db()
    assert (old.name, old.email, old.organisation) == (ERASED_NAME, "", organisation)
    assert rows_holding("kavija@kunta.example") == [] and rows_holding("Vanha Kävijä") == []
    recent.refresh_from_db()
    assert recent.email == "uusi@kunta.example"


def test_people_are_cleared_two_years_after_their_last_appointment_ended():
    gone = PersonFactory(email="entinen@kunta.example", phone="040 111 2222")
    AppointmentFactory(person=gone, start_date=datetime.date(2018, 1, 1), end_date=ago(days=800).date())
    lately = PersonFactory(email="askettain@kunta.example")
    AppointmentFactory(person=lately, start_date=datetime.date(2018, 1, 1), end_date=ago(days=500).date())
    holding = PersonFactory(email="nykyinen@kunta.example")
    AppointmentFactory(person=holding, start_date=datetime.date(2018, 1, 1))
    AppointmentFactory(person=holding, start_date=datetime.date(2016, 1, 1), end_date=datetime.date(2017, 12, 31))
    Person.objects.update(updated_at=ago(days=900))

    assert purge()["people"] == 1

    gone.refresh_from_db()
    assert gone.full_name == ERASED_NAME and gone.email == "" and gone.phone == ""
    assert rows_holding("entinen@kunta.example") == [] and rows_holding("040 111 2222") == []
    assert Appointment.objects.filter(person=gone).exists()  # the organisation's history stays
    assert Person.objects.get(pk=lately.pk).email == "askettain@kunta.example"
    assert Person.objects.get(pk=holding.pk).email == "nykyinen@kunta.example"


def test_a_person_changed_lately_is_kept():
    person = PersonFactory(email="muutettu@kunta.example")
    AppointmentFactory(person=person, start_date=datetime.date(2018, 1, 1), end_date=ago(days=800).date())
    assert purge()["people"] == 0
    assert Person.objects.get(pk=person.pk).email == "muutettu@kunta.example"


def test_drafts_untouched_for_six_months_are_deleted_with_their_files_and_history(
    django_capture_on_commit_callbacks,
):
    old = ApplicationFactory(applicant_email="luonnos@kunta.example")
    recent = ApplicationFactory(applicant_email="kesken@kunta.example")
    submitted = ApplicationFactory(applicant_email="jatetty@kunta.example", submitted=True)
    withdrawn_draft = ApplicationFactory(status=ApplicationStatus.WITHDRAWN, applicant_email="luopui@kunta.example")
    Application.objects.filter(pk__in=[old.pk, withdrawn_draft.pk]).update(updated_at=ago(days=190))
    Application.objects.filter(pk=recent.pk).update(updated_at=ago(days=170))
    Application.objects.filter(pk=submitted.pk).update(updated_at=ago(days=400))
    minutes = old.documents.get().file.name

    with django_capture_on_commit_callbacks(execute=True):
        assert purge()["application_drafts"] == 2

    assert not Application.objects.filter(pk=old.pk).exists()
    assert rows_holding("luonnos@kunta.example") == [] and rows_holding("luopui@kunta.example") == []
    assert not default_storage.exists(minutes)
    assert default_storage.exists(recent.documents.get().file.name)
    assert set(Application.objects.values_list("pk", flat=True)) == {recent.pk, submitted.pk}


def test_rejected_and_withdrawn_applications_lose_their_people_and_documents_after_two_years(
    django_capture_on_commit_callbacks,
):
    rejected = ApplicationFactory(
        status=ApplicationStatus.REJECTED,
        applicant_email="hylatty@kunta.example",
        free_text="Terveisin Hakija",
        submitted_at=ago(days=800),
    )
    ApplicationFactory(
        status=ApplicationStatus.WITHDRAWN, applicant_email="peruttu@kunta.example", submitted_at=ago(days=800)
    )
    lately = ApplicationFactory(
        status=ApplicationStatus.REJECTED, applicant_email="tuore@kunta.example", submitted_at=ago(days=800)
    )
    approved = ApplicationFactory(status=ApplicationStatus.APPROVED, applicant_email="hyvaksytty@kunta.example")
    Application.objects.exclude(pk=lately.pk).update(status_changed_at=ago(days=750))
    Application.objects.filter(pk=lately.pk).update(status_changed_at=ago(days=700))
    minutes = rejected.documents.get().file.name

    with django_capture_on_commit_callbacks(execute=True):
        assert purge()["closed_applications"] == 2

    rejected.refresh_from_db()
    assert rejected.applicant_name == ERASED_NAME and rejected.contact_email == "" and rejected.free_text == ""
    assert (rejected.status, rejected.organisation_name) == (ApplicationStatus.REJECTED, rejected.organisation_name)
    assert not rejected.documents.exists() and not default_storage.exists(minutes)
    for address in ("hylatty@kunta.example", "peruttu@kunta.example", "Terveisin Hakija"):
        assert rows_holding(address) == []
    assert Application.objects.get(pk=lately.pk).applicant_email == "tuore@kunta.example"
    assert Application.objects.get(pk=approved.pk).applicant_email == "hyvaksytty@kunta.example"
    assert default_storage.exists(approved.documents.get().file.name)


def test_login_records_go_after_ninety_days():
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        extra = {"failures_since_start": 1} if model is AccessAttempt else {}
        model.objects.create(username="vanha", ip_address="192.0.2.1", user_agent="Firefox", **extra)
        model.objects.filter(username="vanha").update(attempt_time=ago(days=91))
        model.objects.create(username="uusi", ip_address="192.0.2.2", user_agent="Firefox", **extra)

    assert purge()["login_records"] == 3

    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        assert list(model.objects.values_list("username", flat=True)) == ["uusi"]


def _email(status: int, days_ago: int, to: str) -> Email:
    email = Email.objects.create(
        from_email="tervekunta@thl.example", to=[to], subject="Tervetuloa", message="Hei", status=status
    )
    Log.objects.create(email=email, status=status, message="")
    Email.objects.filter(pk=email.pk).update(last_updated=ago(days=days_ago))
    return email


def test_delivered_messages_go_after_ninety_days():
    old = _email(STATUS.sent, 91, "vanha@kunta.example")
    recent = _email(STATUS.sent, 89, "uusi@kunta.example")
    failed = _email(STATUS.failed, 200, "virhe@kunta.example")

    assert purge()["delivered_messages"] == 1

    assert set(Email.objects.values_list("pk", flat=True)) == {recent.pk, failed.pk}
    assert not Log.objects.filter(email_id=old.pk).exists()


def test_the_purge_works_in_bulk(django_assert_max_num_queries):
    day = _day_ended(days_ago=400)
    for n in range(15):
        _registration(day, f"joukko{n}@kunta.example")
        WalkIn.objects.create(day=day, name=f"Kävijä {n}", email=f"kavija{n}@kunta.example")
    for _ in range(5):
        draft = ApplicationFactory()
        Application.objects.filter(pk=draft.pk).update(updated_at=ago(days=200))

    # Queries per rule and per kind of record (checking every table with an address column
    # before removing messages takes most), none per cleared record; the history row that
    # deleting a draft, and each of its documents, writes (and the purge removes) is the only
    # exception (5 drafts with one document each: 10).
    with django_assert_max_num_queries(105):
        done = purge()

    assert (done["registrations"], done["walk_ins"], done["application_drafts"]) == (15, 15, 5)


def _everything_due() -> None:
    _registration(_day_ended(days_ago=400), "osallistuja@kunta.example")
    draft = ApplicationFactory()
    Application.objects.filter(pk=draft.pk).update(updated_at=ago(days=200))
    _email(STATUS.sent, 100, "viesti@kunta.example")
    AccessLog.objects.create(username="kirjautuja", ip_address="192.0.2.1")
    AccessLog.objects.update(attempt_time=ago(days=100))


def test_a_second_run_removes_nothing_and_records_what_each_run_did():
    _everything_due()
    call_command("purge_personal_data", stdout=io.StringIO())
    first = ErasureRecord.objects.filter(reason="retention").count()
    assert {r.kind for r in ErasureRecord.objects.filter(reason="retention")} >= {
        "meetings.registration",
        "applications.application",
        "post_office.email",
        "axes.accesslog",
    }
    assert all(r.actor is None for r in ErasureRecord.objects.all())

    call_command("purge_personal_data", stdout=io.StringIO())

    assert ErasureRecord.objects.filter(reason="retention").count() == first
    runs = list(JobRun.objects.filter(job="purge_personal_data").order_by("started_at"))
    assert len(runs) == 2 and all(run.succeeded for run in runs)
    assert runs[0].summary["registrations"] == 1 and runs[0].summary["application_drafts"] == 1
    assert set(runs[1].summary.values()) == {0}


def test_a_dry_run_lists_the_counts_and_removes_nothing():
    _everything_due()
    output = io.StringIO()
    call_command("purge_personal_data", "--dry-run", stdout=output)
    lines = {line.split()[0]: int(line.split()[1]) for line in output.getvalue().splitlines()[1:]}
    assert lines["registrations"] == 1 and lines["application_drafts"] == 1
    assert lines["delivered_messages"] == 1 and lines["login_records"] == 1 and lines["people"] == 0
    assert Registration.objects.filter(email="osallistuja@kunta.example").exists()
    assert Application.objects.count() == 1 and Email.objects.count() == 1 and AccessLog.objects.count() == 1
    assert not ErasureRecord.objects.exists() and not JobRun.objects.exists()


def test_every_rule_is_described_for_the_notice():
    rules = retention.schedule()
    assert [rule.key for rule in rules] == [
        "people",
        "application_drafts",
        "closed_applications",
        "registrations",
        "walk_ins",
        "login_records",
        "delivered_messages",
    ]
    for rule in rules:
        assert all(str(text) for text in (rule.what, rule.period, rule.outcome, rule.why))


def test_the_purge_runs_daily_from_the_schedule():
    from tervekunta.schedule import SCHEDULE

    assert [entry.cron for entry in SCHEDULE if entry.task.name == "purge_personal_data"] == ["45 2 * * *"]


def test_months_before_keeps_to_the_calendar():
    assert retention.months_before(helsinki(2026, 3, 31), 1) == helsinki(2026, 2, 28)
    assert retention.months_before(helsinki(2026, 1, 15), 12) == helsinki(2025, 1, 15)


# --- the coordinator's page ---------------------------------------------------------------------


def test_the_coordinator_sees_the_last_run_and_what_goes_next(coordinator_client, django_assert_max_num_queries):
    from django.urls import reverse

    _registration(_day_ended(days_ago=400), "eka@kunta.example")
    _registration(_day_ended(days_ago=380), "toka@kunta.example")
    call_command("purge_personal_data", stdout=io.StringIO())
    _registration(_day_ended(days_ago=350), "kolmas@kunta.example")  # due within 30 days
    _registration(_day_ended(days_ago=100), "myohemmin@kunta.example")  # not yet

    with django_assert_max_num_queries(30):
        response = coordinator_client.get(reverse("workspace:retention"))

    assert response.status_code == 200
    kinds = {kind.rule.key: kind for kind in response.context["overview"].kinds}
    registrations = kinds["registrations"]
    assert (registrations.last_run, registrations.due_now, registrations.due_soon) == (2, 0, 1)
    assert response.context["overview"].last_run.succeeded
    assert b"kolmas@kunta.example" not in response.content


# --- the privacy notice -------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_privacy_notice_states_the_schedule_the_job_applies(client, language):
    from django.utils import translation
    from django.utils.html import escape

    response = client.get(f"/{language}/privacy/")

    assert response.status_code == 200
    text = response.content.decode()
    with translation.override(language):
        for rule in retention.schedule():
            for words in (rule.title, rule.what, rule.period, rule.outcome, rule.why):
                # [1:]: the notice capitalises the period and the outcome.
                assert escape(str(words))[1:] in text, (rule.key, str(words))
    for must in ("tietosuoja.fi", "kirjaamo@thl.fi", "tietosuoja@thl.fi", "9"):
        assert must in text
