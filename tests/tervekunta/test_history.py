"""The acting user in history rows: a signed-in user is named, nobody else is."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from tervekunta.history import acting_user, record_actor
from tests.factories.members import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_a_signed_in_user_is_named_in_the_history_row(django_user_model):
    user = django_user_model.objects.create_user("coordinator")
    organisation = OrganisationFactory()
    organisation.notes = "Changed by a coordinator."
    record_actor(organisation, user)
    organisation.save()
    assert organisation.history.first().history_user == user
    assert acting_user(user) == user


@pytest.mark.parametrize("actor", [None, AnonymousUser()], ids=["nobody", "anonymous"])
def test_nobody_and_an_anonymous_visitor_leave_the_actor_empty(actor):
    organisation = OrganisationFactory()
    organisation.notes = "Changed through a private link."
    record_actor(organisation, actor)
    organisation.save()
    assert organisation.history.first().history_user is None
    assert acting_user(actor) is None
