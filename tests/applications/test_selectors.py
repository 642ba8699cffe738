"""Read-only queries about applications."""

from __future__ import annotations

import pytest

from applications.choices import ApplicationStatus
from applications.selectors import current_members_filter, open_application_for, review_queue, status_counts
from members.choices import OrganisationKind
from tests.factories.applications import ApplicationFactory
from tests.factories.members import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_the_review_queue_leaves_drafts_out_and_filters_by_a_known_status():
    ApplicationFactory()
    submitted = ApplicationFactory(submitted=True)
    in_review = ApplicationFactory(in_review=True)
    assert set(review_queue()) == {submitted, in_review}
    assert list(review_queue(ApplicationStatus.IN_REVIEW)) == [in_review]
    assert set(review_queue("no-such-status")) == {submitted, in_review}


def test_status_counts_leave_out_empty_statuses():
    ApplicationFactory.create_batch(2, submitted=True)
    ApplicationFactory()
    assert status_counts() == {ApplicationStatus.SUBMITTED: 2, ApplicationStatus.DRAFT: 1}


def test_an_open_application_of_the_same_organisation_is_found():
    existing = ApplicationFactory(submitted=True)
    values = {"kind": OrganisationKind.MUNICIPALITY, "municipality": existing.municipality}
    assert open_application_for(values) == existing
    assert open_application_for(values, exclude_pk=existing.pk) is None
    joint = ApplicationFactory(joint=True, submitted=True)
    assert open_application_for({"kind": OrganisationKind.OTHER, "organisation_name": " kuntayhtymä x "}) == joint


def test_current_members_filter_names_the_register_ids_of_current_members():
    municipal = MembershipFactory(organisation=OrganisationFactory(municipal=True)).organisation
    MembershipFactory(organisation=OrganisationFactory(municipal=True), ended=True)
    assert current_members_filter() == {"municipalities": [municipal.municipality_id], "welfare_regions": []}
