from __future__ import annotations

import pytest
from django.urls import reverse

from applications.choices import ApplicationStatus
from tests.factories.applications import ApplicationFactory, ApplicationStatusChangeFactory, CriterionReviewFactory
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db


def test_list_and_change_page_lead_to_the_review(coordinator_client):
    application = ApplicationFactory(submitted=True)
    review = reverse("applications:coordinator_review", kwargs={"pk": application.pk})
    changelist = coordinator_client.get(reverse("admin:applications_application_changelist"))
    assert application.organisation_name in changelist.text
    assert review in changelist.text
    change = coordinator_client.get(reverse("admin:applications_application_change", args=[application.pk]))
    assert review in change.text


def test_status_is_read_only_in_the_admin(coordinator_client):
    application = ApplicationFactory(submitted=True)
    ApplicationStatusChangeFactory(application=application)
    CriterionReviewFactory(application=application)
    url = reverse("admin:applications_application_change", args=[application.pk])
    # The form as the page gives it, inline management forms included, so that it is valid.
    data = form_data(coordinator_client.get(url).text, "application_form")
    assert any(name.endswith("-TOTAL_FORMS") for name in data)
    saved = application.history.count()
    response = coordinator_client.post(url, {**data, "status": ApplicationStatus.APPROVED})
    assert response.status_code == 302  # saved, not the form again with errors
    application.refresh_from_db()
    assert application.history.count() == saved + 1
    assert application.status == ApplicationStatus.SUBMITTED


def test_forward_action_asks_first_then_calls_the_service(coordinator_client, coordinator):
    submitted = ApplicationFactory(submitted=True)
    draft = ApplicationFactory()
    url = reverse("admin:applications_application_changelist")
    data = {"action": "forward_to_leadership_group", "_selected_action": [submitted.pk, draft.pk]}
    confirmation = coordinator_client.post(url, data)
    assert confirmation.status_code == 200
    assert 'name="confirmed"' in confirmation.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.SUBMITTED

    response = coordinator_client.post(url, {**data, "confirmed": "yes"}, follow=True)
    assert response.status_code == 200
    submitted.refresh_from_db()
    draft.refresh_from_db()
    assert submitted.status == ApplicationStatus.IN_REVIEW
    assert submitted.status_changes.get().actor == coordinator
    assert draft.status == ApplicationStatus.DRAFT
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 2


def test_change_page_lists_every_document_with_a_link_to_its_pdf(coordinator_client):
    from tests.factories.applications import ApplicationDocumentFactory

    application = ApplicationFactory(submitted=True, deciding_body="committee")
    board = ApplicationDocumentFactory(application=application, section="§ 212")
    change = coordinator_client.get(reverse("admin:applications_application_change", args=[application.pk]))
    for document in application.documents.all():
        pdf = reverse("applications:coordinator_document", kwargs={"pk": application.pk, "document": document.pk})
        assert pdf in change.text
    assert board.section in change.text and "KH 18.04.2025 § 85" in change.text


def test_criterion_reviews_show_the_criterions_title_not_its_id(coordinator_client):
    review = CriterionReviewFactory(criterion="network-interest", verdict="met")
    change = coordinator_client.get(reverse("admin:applications_application_change", args=[review.application.pk]))
    assert "Kiinnostus verkostotyöhön" in change.text
    assert "network-interest" not in change.text
