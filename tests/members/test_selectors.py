"""Read-only queries of the register."""

from __future__ import annotations

import datetime

import pytest

from members.choices import OrganisationKind
from members.selectors import member_counts_by_kind, public_member
from tests.factories.members import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 6, 30)


def test_member_counts_by_kind_count_only_members_on_the_day(django_assert_num_queries):
    MembershipFactory(organisation__kind=OrganisationKind.JOINT_AUTHORITY)
    MembershipFactory.create_batch(2)
    MembershipFactory(ended=True)
    MembershipFactory(start_date=datetime.date(2025, 1, 1))
    with django_assert_num_queries(1):
        counts = member_counts_by_kind(DAY)
    assert counts == {OrganisationKind.JOINT_AUTHORITY: 1, OrganisationKind.OTHER: 2}


def test_a_public_member_page_is_found_for_members_past_and_present_only():
    current = MembershipFactory().organisation
    former = MembershipFactory(ended=True).organisation
    applicant = OrganisationFactory()
    assert public_member(current.slug) == current
    assert public_member(former.slug) == former
    assert public_member(applicant.slug) is None
    assert public_member("no-such-member") is None
