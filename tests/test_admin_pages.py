"""Every admin page opens for a superuser and for a coordinator, with data in it."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories.members import AppointmentFactory, MembershipFactory, OrganisationFactory
from tests.twofactor import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample_data(register):
    organisation = OrganisationFactory(municipal=True, municipality__code="936")
    MembershipFactory(organisation=organisation)
    AppointmentFactory(organisation=organisation)


def _model_admins():
    return [(model, model_admin) for model, model_admin in admin.site._registry.items()]


@pytest.mark.parametrize("user_fixture", ["admin_user", "coordinator"])
def test_every_admin_page_opens(client, sample_data, request, user_fixture):
    user = request.getfixturevalue(user_fixture)
    sign_in(client, user)
    assert client.get(reverse("admin:index")).status_code == 200
    for model, model_admin in _model_admins():
        opts = model._meta
        if not model_admin.has_view_permission(_request_for(user)):
            continue
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert client.get(changelist).status_code == 200, changelist
        assert client.get(changelist, {"q": "Virrat"}).status_code == 200, changelist
        if model_admin.has_add_permission(_request_for(user)):
            add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
            assert client.get(add).status_code == 200, add
        obj = model._default_manager.first()
        if obj is not None:
            change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            assert client.get(change).status_code == 200, change
            history = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])
            assert client.get(history).status_code == 200, history


def _request_for(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    return request


def test_coordinator_group_can_use_the_register(coordinator):
    assert coordinator.has_perm("members.change_organisation")
    assert coordinator.has_perm("members.add_appointment")
    assert coordinator.has_perm("members.view_historicalorganisation")
