from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from applications import services
from applications.choices import ApplicationStatus
from applications.models import Application
from members.choices import EndReason, OrganisationKind, Role
from members.models import Appointment, Membership
from tests.factories.applications import ApplicationDocumentFactory, ApplicationFactory
from tests.factories.members import MembershipFactory, MunicipalityFactory, OrganisationFactory, PersonFactory
from tests.outbox import deliver_outbox

pytestmark = pytest.mark.django_db

S = ApplicationStatus
TODAY = datetime.date(2025, 9, 1)


def _submit(app, user):
    return services.application_submit(application=app, explanations={})


def _request_info(app, user):
    return services.application_request_info(application=app, question="Onko hallitus päättänyt?", actor=user)


def _answer(app, user):
    return services.application_answer(application=app, answer="Kaupunginhallitus käsittelee 1.9.")


def _forward(app, user):
    return services.application_forward(application=app, actor=user, note="Valmis")


def _approve(app, user):
    return services.application_approve(application=app, decision_date=TODAY, feedback="Tervetuloa!", actor=user)


def _reject(app, user):
    return services.application_reject(application=app, decision_date=TODAY, feedback="Ei vielä.", actor=user)


def _withdraw(app, user):
    return services.application_withdraw(application=app, note="Peruttu")


SERVICES = {
    "submit": (_submit, S.SUBMITTED, {S.DRAFT}),
    "request_info": (_request_info, S.INFO_REQUESTED, {S.SUBMITTED}),
    "answer": (_answer, S.SUBMITTED, {S.INFO_REQUESTED}),
    "forward": (_forward, S.IN_REVIEW, {S.SUBMITTED}),
    "approve": (_approve, S.APPROVED, {S.IN_REVIEW}),
    "reject": (_reject, S.REJECTED, {S.IN_REVIEW}),
    "withdraw": (_withdraw, S.WITHDRAWN, {S.DRAFT, S.SUBMITTED, S.INFO_REQUESTED, S.IN_REVIEW}),
}
# Who each service records as the actor, and the note it keeps with the status change.
BY_COORDINATOR = {"request_info", "forward", "approve", "reject"}
NOTES = {
    "submit": "",
    "request_info": "Onko hallitus päättänyt?",
    "answer": "Kaupunginhallitus käsittelee 1.9.",
    "forward": "Valmis",
    "approve": "Tervetuloa!",
    "reject": "Ei vielä.",
    "withdraw": "Peruttu",
}
# Which services e-mail the applicant when they succeed.
MAILS = {"submit", "request_info", "answer", "approve", "reject", "withdraw"}
# Which ones tell the coordinators that an application waits for them.
NOTIFIES_COORDINATORS = {"submit", "answer"}


@pytest.mark.parametrize("status", S.values)
@pytest.mark.parametrize("verb", SERVICES)
def test_every_transition_is_allowed_or_refused(verb, status, coordinator, django_capture_on_commit_callbacks):
    service, target, allowed_from = SERVICES[verb]
    application = ApplicationFactory(status=status)
    with django_capture_on_commit_callbacks(execute=True):
        if status in allowed_from:
            result = service(application, coordinator)
        else:
            with pytest.raises(ValidationError) as error:
                service(application, coordinator)
    application.refresh_from_db()
    if status in allowed_from:
        assert result.status == application.status == target
        change = application.status_changes.get()
        assert (change.old_status, change.new_status) == (status, target)
        assert change.actor == application.status_changed_by == (coordinator if verb in BY_COORDINATOR else None)
        assert change.note == NOTES[verb]
        assert change.created_at == application.status_changed_at
        to_applicant = [m for m in deliver_outbox() if m.to == [application.applicant_email]]
        to_coordinators = [m for m in deliver_outbox() if m.to == [coordinator.email]]
        assert len(to_applicant) == (1 if verb in MAILS else 0)
        assert len(to_coordinators) == (1 if verb in NOTIFIES_COORDINATORS else 0)
        assert len(deliver_outbox()) == len(to_applicant) + len(to_coordinators)
    else:
        assert error.value.code == "forbidden_transition"
        assert application.status == status
        assert not application.status_changes.exists()
        assert deliver_outbox() == []


def test_coordinator_transition_records_who_and_the_note(coordinator):
    application = ApplicationFactory(submitted=True)
    _request_info(application, coordinator)
    change = application.status_changes.get()
    assert change.actor == coordinator
    assert change.note == "Onko hallitus päättänyt?"
    application.refresh_from_db()
    assert application.status_changed_by == coordinator
    assert application.info_request == "Onko hallitus päättänyt?"


def test_applicant_transition_has_no_user():
    application = ApplicationFactory()
    _submit(application, None)
    change = application.status_changes.get()
    assert change.actor is None
    with translation.override("en"):
        assert str(change.actor_display) == "Applicant"


def test_submit_refuses_an_incomplete_draft():
    application = ApplicationFactory(minutes=None, contact_email="")
    with pytest.raises(ValidationError) as error:
        _submit(application, None)
    assert error.value.code == "incomplete"
    application.refresh_from_db()
    assert application.status == S.DRAFT


def test_submit_keeps_explanations_of_known_criteria_only():
    application = ApplicationFactory(deciding_body="committee")
    services.application_submit(
        application=application, explanations={"joining-decision": " Menee hallitukseen. ", "nonsense": "x"}
    )
    application.refresh_from_db()
    assert application.explanations == {"joining-decision": "Menee hallitukseen."}
    assert application.submitted_at is not None


def test_approval_creates_membership_and_appointments(coordinator, django_capture_on_commit_callbacks):
    application = ApplicationFactory(in_review=True)
    with django_capture_on_commit_callbacks(execute=True):
        _approve(application, coordinator)
    application.refresh_from_db()
    organisation = application.organisation
    assert organisation.municipality == application.municipality
    membership = Membership.objects.get(organisation=organisation)
    assert membership.start_date == TODAY and membership.end_date is None
    roles = {a.role: a.person for a in Appointment.objects.filter(organisation=organisation).current()}
    assert roles[Role.CONTACT_PERSON].full_name == "Minna Koskinen"
    assert roles[Role.CONTACT_PERSON].email == application.contact_email
    assert roles[Role.ELECTED_OFFICIAL].full_name == "Keijo Kaleva"
    assert roles[Role.WELFARE_COORDINATOR].full_name == "Tanja Tasala"
    assert Appointment.objects.filter(organisation=organisation, start_date=TODAY).count() == 3
    assert application.feedback == "Tervetuloa!"
    assert "Tervetuloa" in deliver_outbox()[0].body


def test_approval_reopens_an_ended_membership_and_replaces_the_contact(coordinator):
    municipality = MunicipalityFactory()
    organisation = OrganisationFactory(kind="municipality", municipality=municipality, name_fi=municipality.name_fi)
    MembershipFactory(organisation=organisation, ended=True)
    old = Appointment.objects.create(
        organisation=organisation,
        person=PersonFactory(),
        role=Role.CONTACT_PERSON,
        start_date=datetime.date(2020, 1, 1),
    )
    application = ApplicationFactory(in_review=True, municipality=municipality)
    _approve(application, coordinator)
    assert Membership.objects.filter(organisation=organisation).count() == 2
    assert Membership.objects.filter(organisation=organisation).current().get().start_date == TODAY
    old.refresh_from_db()
    assert old.end_date == TODAY - datetime.timedelta(days=1)


def test_approval_is_all_or_nothing(coordinator):
    """A current member cannot be approved again: nothing of the approval is kept."""
    municipality = MunicipalityFactory()
    organisation = OrganisationFactory(kind="municipality", municipality=municipality, name_fi=municipality.name_fi)
    MembershipFactory(organisation=organisation)
    application = ApplicationFactory(in_review=True, municipality=municipality)
    with pytest.raises(ValidationError) as error:
        _approve(application, coordinator)
    assert error.value.code == "already_member"
    application.refresh_from_db()
    assert application.status == S.IN_REVIEW
    assert not application.status_changes.exists()
    assert not Appointment.objects.filter(organisation=organisation).exists()


@pytest.mark.parametrize("kind", [OrganisationKind.JOINT_AUTHORITY, OrganisationKind.OTHER])
def test_approval_outside_the_register_creates_the_organisation_of_the_same_kind(coordinator, kind):
    application = ApplicationFactory(in_review=True, joint=True, kind=kind, deciding_body="other")
    _approve(application, coordinator)
    application.refresh_from_db()
    assert application.organisation.kind == kind
    assert application.organisation.name_fi == "Kuntayhtymä X"
    assert application.organisation.memberships.current().exists()


def test_reject_needs_feedback(coordinator):
    application = ApplicationFactory(in_review=True)
    with pytest.raises(ValidationError) as error:
        services.application_reject(application=application, decision_date=TODAY, feedback=" ", actor=coordinator)
    assert error.value.code == "feedback_required"


def test_second_open_application_is_refused_and_the_link_is_resent():
    existing = ApplicationFactory(submitted=True, language="sv")
    values = {
        "kind": "municipality",
        "municipality": existing.municipality,
        "organisation_name": existing.organisation_name,
        "applicant_name": "Toinen Hakija",
        "applicant_title": "sihteeri",
        "applicant_email": "toinen@kunta.example",
    }
    with pytest.raises(ValidationError) as error:
        services.application_save_draft(application=None, values=values)
    assert error.value.code == "already_open"
    assert Application.objects.count() == 1
    assert len(deliver_outbox()) == 1
    assert deliver_outbox()[0].to == [existing.applicant_email]
    assert "/sv/applications/a/" in deliver_outbox()[0].body


def test_a_new_application_is_possible_after_a_decision():
    old = ApplicationFactory(status=S.REJECTED)
    values = {
        "kind": "municipality",
        "municipality": old.municipality,
        "organisation_name": old.organisation_name,
        "applicant_name": "Uusi Hakija",
        "applicant_title": "johtaja",
        "applicant_email": "uusi@kunta.example",
    }
    application = services.application_save_draft(application=None, values=values, language="fi")
    assert application.pk != old.pk and application.status == S.DRAFT


def test_draft_cannot_be_edited_after_submitting():
    application = ApplicationFactory(submitted=True)
    with pytest.raises(ValidationError) as error:
        services.application_save_draft(application=application, values={"resources": "x"})
    assert error.value.code == "not_draft"


def test_document_added_only_while_open(pdf_upload):
    application = ApplicationFactory(in_review=True)
    with pytest.raises(ValidationError) as error:
        services.application_add_document(application=application, values={"kind": "other", "file": pdf_upload})
    assert error.value.code == "document_locked"
    assert application.documents.count() == 1


def test_a_decision_document_needs_its_body_and_date(pdf_upload):
    application = ApplicationFactory(submitted=True)
    with pytest.raises(ValidationError) as error:
        services.application_add_document(
            application=application, values={"kind": "joining_decision", "file": pdf_upload}
        )
    assert error.value.code == "decision_incomplete"
    assert application.documents.count() == 1


BOARD_DECISION = {
    "kind": "joining_decision",
    "deciding_body": "executive_board",
    "decision_date": datetime.date(2023, 9, 4),
    "section": "§ 212",
    "record": "257/05.00.00/2023",
}


def test_asking_for_a_new_decision_needs_one_in_the_answer(coordinator, pdf_upload):
    application = ApplicationFactory(submitted=True, deciding_body="committee")
    services.application_request_info(
        application=application, question="Kaupunginhallituksen päätös?", wants_decision=True, actor=coordinator
    )
    application.refresh_from_db()
    assert application.info_request_wants_decision
    with pytest.raises(ValidationError) as error:
        services.application_answer(application=application, answer="Tässä.")
    assert error.value.code == "decision_required"
    with pytest.raises(ValidationError):
        services.application_answer(
            application=application, answer="Tässä.", document={"kind": "other", "file": pdf_upload}
        )
    application.refresh_from_db()
    assert application.status == S.INFO_REQUESTED and application.documents.count() == 1

    services.application_answer(
        application=application, answer="Tässä.", document={**BOARD_DECISION, "file": pdf_upload}
    )
    application = Application.objects.get(pk=application.pk)
    assert application.status == S.SUBMITTED
    committee, board = application.documents.all()
    assert (committee.deciding_body, board.deciding_body) == ("committee", "executive_board")
    assert committee.file and board.file and committee.file.name != board.file.name
    assert application.decision_that_counts == board


def test_membership_rests_on_the_decision_that_counts(coordinator):
    application = ApplicationFactory(in_review=True, deciding_body="committee")
    ApplicationDocumentFactory(application=application, **BOARD_DECISION)
    with translation.override("sv"):  # the register keeps the basis in Finnish, whoever records it
        _approve(application, coordinator)
    membership = Membership.objects.get(organisation__applications=application)
    assert membership.basis == "Kunnan- tai kaupunginhallitus 4.9.2023 § 212, 257/05.00.00/2023"
    assert membership.basis_date == datetime.date(2023, 9, 4)


def test_send_links_only_to_the_address_on_file():
    ApplicationFactory(applicant_email="minna@virrat.example")
    assert services.application_send_links(email="MINNA@virrat.example") == 1
    assert services.application_send_links(email="someone@else.example") == 0
    assert len(deliver_outbox()) == 1


def test_ended_reason_is_kept_when_reopening(coordinator):
    municipality = MunicipalityFactory()
    organisation = OrganisationFactory(kind="municipality", municipality=municipality, name_fi=municipality.name_fi)
    MembershipFactory(organisation=organisation, ended=True)
    _approve(ApplicationFactory(in_review=True, municipality=municipality), coordinator)
    ended = Membership.objects.get(organisation=organisation, end_date__isnull=False)
    assert ended.end_reason == EndReason.RESIGNED


def test_approval_of_a_welfare_region_makes_the_region_a_member(register, coordinator):
    from members.models import WelfareRegion

    region = WelfareRegion.objects.get(name_fi="Pirkanmaan hyvinvointialue")
    application = ApplicationFactory(
        in_review=True,
        kind="welfare_region",
        municipality=None,
        welfare_region=region,
        organisation_name=region.name_fi,
        deciding_body="regional_board",
    )
    _approve(application, coordinator)
    application.refresh_from_db()
    assert application.organisation.kind == "welfare_region"
    assert application.organisation.welfare_region == region
    assert application.organisation.memberships.current().get().start_date == TODAY
