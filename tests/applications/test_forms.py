from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from applications.forms import ApplicationForm, DecisionForm, organisation_choices
from members.models import Membership, Municipality, WelfareRegion
from members.network import load_network
from tests.factories.applications import pdf_bytes

pytestmark = pytest.mark.django_db

BASE = {
    "applicant_name": "Minna Koskinen",
    "applicant_title": "hyvinvointijohtaja",
    "applicant_email": "minna@virrat.example",
}


def _values(choices) -> dict[str, str]:
    flat = {}
    for _group, options in choices[1:]:
        flat.update({str(value): str(label) for value, label in options})
    return flat


def test_choices_leave_out_current_members_and_keep_former_ones(register):
    load_network()
    kuhmo = Municipality.objects.get(name_fi="Kuhmo")
    Membership.objects.filter(organisation__municipality=kuhmo).update(
        end_date=datetime.date(2024, 12, 31), end_reason="resigned"
    )
    values = _values(organisation_choices())
    names = set(values.values())
    assert "Virrat" not in names and "Pori" not in names
    assert "Kuhmo" in names
    assert "Ähtäri" in names
    assert "Kainuun hyvinvointialue" not in names
    assert "Pirkanmaan hyvinvointialue" in names
    assert all(
        int(WelfareRegion.objects.get(pk=v.split(":")[1]).code) <= 21 for v in values if v.startswith("welfare_region:")
    )
    assert "joint_authority" in values and "other" in values


def test_the_form_needs_only_the_applicant_and_the_organisation_for_a_draft(register):
    virrat = Municipality.objects.get(name_fi="Virrat")
    form = ApplicationForm({**BASE, "organisation_choice": f"municipality:{virrat.pk}"})
    assert form.is_valid(), form.errors
    values = form.values()
    assert values["kind"] == "municipality" and values["municipality"] == virrat
    assert values["organisation_name"] == "Virrat"


def test_a_joint_authority_needs_its_name(register):
    form = ApplicationForm({**BASE, "organisation_choice": "joint_authority"})
    assert not form.is_valid()
    assert "organisation_name" in form.errors
    form = ApplicationForm({**BASE, "organisation_choice": "joint_authority", "organisation_name": "Kainuun sote"})
    assert form.is_valid()
    assert form.values()["kind"] == "joint_authority"


def test_missing_applicant_details_are_errors_next_to_the_fields(register):
    form = ApplicationForm({"organisation_choice": "other", "organisation_name": "Järjestö"})
    assert not form.is_valid()
    assert {"applicant_name", "applicant_title", "applicant_email"} <= set(form.errors)


def test_decision_date_in_the_future_is_refused(register):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    form = ApplicationForm(
        {**BASE, "organisation_choice": "other", "organisation_name": "X", "decision_date": tomorrow}
    )
    assert not form.is_valid()
    assert "decision_date" in form.errors


def test_a_valid_pdf_is_accepted(register):
    upload = SimpleUploadedFile("anything.bin", pdf_bytes(), content_type="application/octet-stream")
    form = ApplicationForm({**BASE, "organisation_choice": "other", "organisation_name": "X"}, {"minutes": upload})
    assert form.is_valid(), form.errors


def test_rejection_needs_feedback():
    form = DecisionForm({"decision": "reject", "decision_date": "2025-09-01", "feedback": ""})
    assert not form.is_valid()
    assert "feedback" in form.errors
    assert DecisionForm({"decision": "approve", "decision_date": "2025-09-01"}).is_valid()
