from __future__ import annotations

import datetime
import re

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult
from post_office.models import Email

from applications.choices import ApplicationStatus
from applications.criteria import CRITERIA
from applications.models import PRIVATE_LINK, Application
from members.network import load_network
from tervekunta.links import make_token
from tests.factories.applications import ApplicationDocumentFactory, ApplicationFactory, pdf_bytes
from tests.outbox import deliver_outbox, run_tasks

pytestmark = pytest.mark.django_db


def _form_data(virrat, **overrides) -> dict:
    data = {
        "organisation_choice": f"municipality:{virrat.pk}",
        "applicant_name": "Minna Koskinen",
        "applicant_title": "hyvinvointijohtaja",
        "applicant_email": "minna.koskinen@virrat.example",
        "applicant_phone": "050 3099 165",
        "deciding_body": "committee",
        "decision_date": "2023-06-13",
        "decision_section": "HYVLTK 13.06.2023 § 26",
        "decision_record": "257/05.00.00/2023",
        "contact_first_name": "Minna",
        "contact_last_name": "Koskinen",
        "contact_title": "hyvinvointijohtaja",
        "contact_email": "minna.koskinen@virrat.example",
        "official_first_name": "Keijo",
        "official_last_name": "Kaleva",
        "coordinator_first_name": "Tanja",
        "coordinator_last_name": "Tasala",
        "steering_group_exists": "on",
        "steering_group_branches": ["education", "social_health"],
        "resources": "Työaikaa",
        "website": "https://virrat.example/hyte",
        "confirmations": ["top-management", "participation"],
        "action": "check",
    }
    data.update(overrides)
    return data


def _pdf(name="poytakirja.pdf", content=None):
    return SimpleUploadedFile(name, content if content is not None else pdf_bytes(), content_type="application/pdf")


def test_apply_page_lists_non_members_only(client, register):
    load_network()
    response = client.get(reverse("applications:apply"))
    assert response.status_code == 200
    body = response.content.decode()
    assert ">Virrat<" not in body  # a current member in the 6/2024 data
    assert ">Ähtäri<" in body


def test_apply_saves_a_draft_sends_the_link_and_goes_to_the_check(client, virrat, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("applications:apply"), _form_data(virrat, minutes=_pdf()))
    application = Application.objects.get()
    assert application.status == ApplicationStatus.DRAFT
    assert application.municipality == virrat and application.organisation_name == "Virrat"
    decision = application.documents.get()
    assert decision.file.name.endswith(".pdf") and "poytakirja" not in decision.file.name
    assert (decision.deciding_body, decision.section) == ("committee", "HYVLTK 13.06.2023 § 26")
    assert response.status_code == 302
    assert response["Location"].startswith("/fi/applications/a/") and response["Location"].endswith("/submit/")
    assert len(deliver_outbox()) == 1 and "/fi/applications/a/" in deliver_outbox()[0].body
    check = client.get(response["Location"])
    body = check.content.decode()
    text = re.sub(r"<[^>]+>", " ", body)  # what a person reads, without the markup's names and ids
    # Every answer and document before sending, and criteria by their titles, never by their ids.
    assert "Päätös liittymisestä" in text
    assert not [criterion.id for criterion in CRITERIA if criterion.id in text]
    assert "Tanja Tasala" in body and "https://virrat.example/hyte" in body
    assert "HYVLTK 13.06.2023 § 26" in body


def test_editing_a_draft_rewrites_its_decision_rather_than_adding_one(client, virrat):
    client.post(reverse("applications:apply"), _form_data(virrat, minutes=_pdf()))
    application = Application.objects.get()
    token = make_token(PRIVATE_LINK, application)
    edit = client.get(reverse("applications:edit", kwargs={"token": token}))
    assert edit.context["form"].initial["decision_section"] == "HYVLTK 13.06.2023 § 26"
    client.post(
        reverse("applications:edit", kwargs={"token": token}),
        _form_data(virrat, deciding_body="executive_board", decision_section="KH 4.9.2023 § 212"),
    )
    decision = application.documents.get()
    assert (decision.deciding_body, decision.section) == ("executive_board", "KH 4.9.2023 § 212")
    assert decision.file  # the file given before stays when none is chosen


def test_a_fresh_draft_shows_no_criterion_as_not_met(client, virrat):
    response = client.post(
        reverse("applications:apply"),
        {
            "organisation_choice": f"municipality:{virrat.pk}",
            "applicant_name": "Minna Koskinen",
            "applicant_title": "hyvinvointijohtaja",
            "applicant_email": "minna.koskinen@virrat.example",
            "action": "save",
        },
    )
    status = client.get(response["Location"])
    body = status.content.decode()
    assert "Ei vastattu vielä" in body
    assert "✗" not in body


@pytest.mark.parametrize(
    "upload",
    [
        _pdf("minutes.pdf", b"This is plain text pretending to be a PDF"),
        _pdf("minutes.pdf", b"%PDF-1.7 but nothing a reader could open"),
        SimpleUploadedFile("scan.png", b"\x89PNG\r\n\x1a\n", content_type="image/png"),
    ],
    ids=["text-named-pdf", "pdf-header-only", "png"],
)
def test_a_bad_file_is_refused_and_every_answer_is_kept(client, virrat, upload):
    response = client.post(reverse("applications:apply"), _form_data(virrat, minutes=upload))
    assert response.status_code == 200
    assert not Application.objects.exists()
    form = response.context["form"]
    assert form.has_error("minutes", "not_pdf")
    body = response.content.decode()
    assert "aria-describedby" in body
    assert 'value="HYVLTK 13.06.2023 § 26"' in body
    assert 'value="Keijo"' in body


def test_an_oversized_file_is_refused(client, virrat):
    big = pdf_bytes() + b"%" + b"0" * (10 * 1024 * 1024)
    response = client.post(reverse("applications:apply"), _form_data(virrat, minutes=_pdf(content=big)))
    assert response.status_code == 200
    assert response.context["form"].has_error("minutes", "too_large")
    assert not Application.objects.exists()


def test_second_open_application_gets_a_clear_message(client, virrat):
    existing = ApplicationFactory(submitted=True, municipality=virrat, organisation_name="Virrat")
    response = client.post(reverse("applications:apply"), _form_data(virrat, applicant_email="other@virrat.example"))
    assert response.status_code == 200
    assert "organisation_choice" in response.context["form"].errors
    assert Application.objects.count() == 1
    assert deliver_outbox()[0].to == [existing.applicant_email]


def test_status_page_through_the_link(client):
    application = ApplicationFactory(submitted=True)
    response = client.get(reverse("applications:status", kwargs={"token": make_token(PRIVATE_LINK, application)}))
    assert response.status_code == 200
    assert application.organisation_name in response.content.decode()
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_status_page_query_budget(client, django_assert_max_num_queries):
    application = ApplicationFactory(submitted=True)
    url = reverse("applications:status", kwargs={"token": make_token(PRIVATE_LINK, application)})
    with django_assert_max_num_queries(4):
        assert client.get(url).status_code == 200


def test_tampered_link_gets_the_renewal_form(client):
    application = ApplicationFactory()
    token = make_token(PRIVATE_LINK, application)[:-2] + "xx"
    response = client.get(reverse("applications:status", kwargs={"token": token}))
    assert response.status_code == 200
    assert response.templates[0].name == "applications/application_link.html"
    assert response.context["invalid"] is True
    assert 'name="email"' in response.content.decode()


def test_expired_link_gets_the_renewal_form(client, monkeypatch):
    application = ApplicationFactory()
    old = signing.TimestampSigner(salt=PRIVATE_LINK.salt)
    monkeypatch.setattr(old, "timestamp", lambda: signing.b62_encode(int(datetime.datetime(2020, 1, 1).timestamp())))
    token = old.sign(str(application.public_id))
    response = client.get(reverse("applications:status", kwargs={"token": token}))
    assert response.status_code == 200
    assert response.context["expired"] is True


def test_link_of_another_salt_does_not_open(client):
    application = ApplicationFactory()
    token = signing.TimestampSigner(salt="something-else").sign(str(application.public_id))
    response = client.get(reverse("applications:status", kwargs={"token": token}))
    assert response.context["invalid"] is True


@pytest.mark.parametrize("email", ["minna@virrat.example", "nobody@nowhere.example"])
def test_renewal_says_the_same_whatever_the_address(client, email, django_capture_on_commit_callbacks):
    ApplicationFactory(applicant_email="minna@virrat.example")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("applications:renew"), {"email": email}, follow=True)
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1
    # The request did the same work for either address: it enqueued the search and nothing else.
    assert not Email.objects.exists()
    assert list(DBTaskResult.objects.values_list("task_path", flat=True)) == [
        "applications.tasks.send_application_links"
    ]
    run_tasks()
    assert len(deliver_outbox()) == (1 if email.startswith("minna") else 0)
    with translation.override("fi"):
        expected = _("If an application was made from that address, a new private link is on its way to it.")
    assert messages == [expected]


def test_check_page_submits_with_explanations(client, django_capture_on_commit_callbacks):
    application = ApplicationFactory(deciding_body="committee")
    token = make_token(PRIVATE_LINK, application)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("applications:check", kwargs={"token": token}),
            {"explain_joining-decision": "Kaupunginhallitus käsittelee asian 21.8.2023."},
        )
    assert response.status_code == 302
    assert response["Location"].endswith("/submitted/")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.explanations["joining-decision"].startswith("Kaupunginhallitus")
    assert len(deliver_outbox()) == 1


def test_answer_through_the_link(client):
    application = ApplicationFactory(info_requested=True)
    token = make_token(PRIVATE_LINK, application)
    response = client.post(
        reverse("applications:answer", kwargs={"token": token}), {"answer": "KH päätti 21.8.2023 § 120."}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.info_answer == "KH päätti 21.8.2023 § 120."


def test_add_document_keeps_the_earlier_one_and_withdraw(client):
    application = ApplicationFactory(submitted=True)
    first = application.documents.get()
    token = make_token(PRIVATE_LINK, application)
    response = client.post(
        reverse("applications:add_document", kwargs={"token": token}),
        {
            "kind": "joining_decision",
            "deciding_body": "council",
            "decision_date": "2025-05-02",
            "section": "KV 2.5.2025 § 30",
            "file": _pdf(),
        },
    )
    assert response.status_code == 302
    assert list(application.documents.values_list("pk", flat=True).order_by("uploaded_at")) == [
        first.pk,
        application.documents.exclude(pk=first.pk).get().pk,
    ]
    first.refresh_from_db()
    assert first.file  # never replaced
    response = client.post(reverse("applications:withdraw", kwargs={"token": token}), {"note": ""})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN


def test_document_served_to_the_link_and_coordinators_only(client, coordinator_client, django_user_model):
    application = ApplicationFactory(submitted=True)
    document = application.documents.get()
    token = make_token(PRIVATE_LINK, application)
    private = client.get(reverse("applications:document", kwargs={"token": token, "document": document.pk}))
    assert private.status_code == 200
    assert private["Content-Type"] == "application/pdf"
    assert b"".join(private.streaming_content).startswith(b"%PDF-")
    url = reverse("applications:coordinator_document", kwargs={"pk": application.pk, "document": document.pk})
    assert coordinator_client.get(url).status_code == 200
    # A document of another application is not reached through this one's link.
    other = ApplicationFactory(submitted=True).documents.get()
    assert (
        client.get(reverse("applications:document", kwargs={"token": token, "document": other.pk})).status_code == 404
    )


def test_coordinator_list_query_budget(coordinator_client, django_assert_max_num_queries):
    ApplicationFactory.create_batch(5, submitted=True)
    with django_assert_max_num_queries(8):
        response = coordinator_client.get(reverse("applications:coordinator_list"))
    assert response.status_code == 200
    assert len(response.context["applications"]) == 5


def test_coordinator_review_saves_verdicts(coordinator_client):
    application = ApplicationFactory(submitted=True)
    url = reverse("applications:coordinator_review", kwargs={"pk": application.pk})
    response = coordinator_client.post(
        url, {"verdict_joining-decision": "met", "comment_joining-decision": "KH 8/2023"}
    )
    assert response.status_code == 302
    review = application.criterion_reviews.get(criterion="joining-decision")
    assert (review.verdict, review.comment) == ("met", "KH 8/2023")


def test_coordinator_decision_approves(coordinator_client, django_capture_on_commit_callbacks):
    application = ApplicationFactory(in_review=True)
    url = reverse("applications:coordinator_action", kwargs={"pk": application.pk, "action": "decide"})
    assert coordinator_client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            url, {"decision": "approve", "decision_date": "2025-09-01", "feedback": "Tervetuloa"}
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert application.organisation.memberships.current().exists()


def test_coordinator_reject_without_feedback_is_refused(coordinator_client):
    application = ApplicationFactory(in_review=True)
    url = reverse("applications:coordinator_action", kwargs={"pk": application.pk, "action": "decide"})
    response = coordinator_client.post(url, {"decision": "reject", "decision_date": "2025-09-01", "feedback": ""})
    assert response.status_code == 200
    assert "feedback" in response.context["form"].errors
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_REVIEW


def test_forbidden_action_is_explained_not_an_error(coordinator_client):
    application = ApplicationFactory()
    url = reverse("applications:coordinator_action", kwargs={"pk": application.pk, "action": "decide"})
    response = coordinator_client.get(url, follow=True)
    assert response.status_code == 200
    assert len(list(response.context["messages"])) == 1


def test_home_and_nav_link_to_the_form(client):
    body = client.get("/fi/").content.decode()
    assert body.count(reverse("applications:apply")) >= 2


def test_coordinator_review_query_budget(coordinator_client, django_assert_max_num_queries):
    from tests.factories.applications import ApplicationStatusChangeFactory, CriterionReviewFactory

    application = ApplicationFactory(submitted=True)
    ApplicationStatusChangeFactory.create_batch(3, application=application)
    CriterionReviewFactory(application=application)
    with django_assert_max_num_queries(10):
        response = coordinator_client.get(reverse("applications:coordinator_review", kwargs={"pk": application.pk}))
    assert response.status_code == 200
    assert "Kaupunginhallitus päätti." in response.content.decode()


@pytest.mark.parametrize("documents", [1, 4])
def test_status_page_query_budget_does_not_grow_with_documents(client, documents, django_assert_max_num_queries):
    application = ApplicationFactory(submitted=True)
    ApplicationDocumentFactory.create_batch(documents - 1, application=application, minutes=True)
    token = make_token(PRIVATE_LINK, application)
    with django_assert_max_num_queries(4):
        response = client.get(reverse("applications:status", kwargs={"token": token}))
    assert response.status_code == 200
    assert response.content.decode().count("Avaa PDF") == documents


def test_decided_application_shows_the_decision_and_the_coordinators_verdicts(client, coordinator):
    from applications import services

    application = ApplicationFactory(in_review=True, deciding_body="committee")
    services.application_review_criteria(
        application=application, reviews={"joining-decision": ("met", "Hallitus vahvisti 4.9.")}, actor=coordinator
    )
    services.application_approve(
        application=application, decision_date=datetime.date(2025, 9, 1), feedback="Tervetuloa!", actor=coordinator
    )
    response = client.get(reverse("applications:status", kwargs={"token": make_token(PRIVATE_LINK, application)}))
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    assert "Verkoston johtoryhmä" in text and "Tervetuloa!" in text
    assert "Hallitus vahvisti 4.9." in text and "Ei arvioitu erikseen" in text
    assert "✗" not in text  # the automatic result of the committee decision is not shown after the decision
