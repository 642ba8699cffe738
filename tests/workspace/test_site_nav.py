from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _render(user) -> str:
    request = RequestFactory().get("/fi/")
    request.user = user
    return render_to_string("workspace/site_nav.html", request=request)


def test_the_coordinator_link_only_for_coordinators(coordinator, django_user_model, django_assert_num_queries):
    assert reverse("workspace:dashboard") in _render(coordinator)
    staff = django_user_model.objects.create_user("staff", password="x-password-1", is_staff=True)
    assert reverse("workspace:dashboard") not in _render(staff)
    with django_assert_num_queries(0):
        assert reverse("workspace:dashboard") not in _render(AnonymousUser())
