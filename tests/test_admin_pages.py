"""The one sweep of the admin: every page of every registered model opens for a superuser and for
a coordinator, with rows in it, and every list keeps to its query budget.

Who may open which admin page is the permission table's concern (tests/security/test_permissions.py);
admin actions, the results of filters and validation are tested next to their app.
"""

from __future__ import annotations

import pytest
from axes.models import AccessFailureLog
from django.contrib import admin
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice

from tervekunta.erasure import record_erasure
from tervekunta.models import ErasureRecord, JobRun
from tervekunta.tasks import deliver_outbox as deliver_outbox_task
from tests.factories.applications import ApplicationFactory, ApplicationStatusChangeFactory, CriterionReviewFactory
from tests.factories.meetings import HostingFactory, RegistrationDayFactory, network_days
from tests.factories.members import AppointmentFactory, MembershipFactory, OrganisationFactory
from tests.factories.workspace import AnnouncementFactory, DeliveryFactory, UpkeepRequestFactory, UpkeepRoundFactory
from tests.twofactor import authenticator_for, sign_in

pytestmark = pytest.mark.django_db

# Queries any changelist may make with the sample data (a coordinator's lists make 7 to 9 today);
# a query per row would go over it on the lists with several rows.
CHANGELIST_BUDGET = 12
# The first choice of each filter on each list (after "All"): enough to run the filter's query. A filter
# reads the same rows for every user, so the superuser's pass opens them, on every model.
CHOICES_PER_FILTER = 1


@pytest.fixture
def sample_data(register, admin_user):
    """Rows of every model the admin shows, several of each kind a list could show a query per row for."""
    for code in ("936", "091"):
        organisation = OrganisationFactory(municipal=True, municipality__code=code)
        MembershipFactory(organisation=organisation)
        AppointmentFactory(organisation=organisation)
    pori = OrganisationFactory(name_fi="Pori", slug="pori-test")
    MembershipFactory(organisation=pori)
    AppointmentFactory(organisation=pori)

    event, open_day, members_day = network_days(capacity=1)
    first = RegistrationDayFactory(registration__event=event, registration__organisation=pori, day=open_day)
    RegistrationDayFactory(registration=first.registration, day=members_day)
    RegistrationDayFactory(registration__event=event, day=open_day, waitlisted=True)
    hosting = HostingFactory(year=2024, organisation=pori, held=True)
    hosting.co_hosts.add(OrganisationFactory())
    HostingFactory(year=2026, organisation=pori, proposed=True)

    applications = ApplicationFactory.create_batch(5, submitted=True)
    ApplicationStatusChangeFactory(application=applications[0])
    CriterionReviewFactory(application=applications[0])

    UpkeepRequestFactory(round=UpkeepRoundFactory(closed=True), confirmed=True)
    upkeep_round = UpkeepRoundFactory()
    UpkeepRequestFactory(round=upkeep_round, changed=True)
    UpkeepRequestFactory(round=upkeep_round, unreachable=True)
    for announcement in AnnouncementFactory.create_batch(2):
        DeliveryFactory(announcement=announcement, sent=True)
        DeliveryFactory(announcement=announcement, failed=True)

    # The login records: a failed login, a successful one, and the failure log's row by hand
    # (axes writes that log only when told to).
    visitor = Client()
    visitor.post(reverse("admin:login"), {"username": "tuntematon", "password": "wrong-password"})
    visitor.post(reverse("admin:login"), {"username": admin_user.username, "password": "password"})
    AccessFailureLog.objects.create(username="tuntematon", ip_address="127.0.0.1", path_info="/admin/login/")

    # The second factor's devices, a scheduled job's run and a background task's result.
    authenticator_for(admin_user)
    StaticDevice.objects.create(user=admin_user, name="Varakoodit").token_set.create(token="abcd1234")
    JobRun.objects.create(job="deliver_outbox", started_at=timezone.now(), succeeded=True, summary={"sent": 1})
    record_erasure(reason=ErasureRecord.Reason.ERASED, counts={"meetings.registration": 2}, actor=admin_user)
    deliver_outbox_task.enqueue()


def _request_for(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def _get(client, url: str, wrong: list[str], params: dict | None = None, want: int = 200, budget: int | None = None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    if response.status_code != want:
        wrong.append(f"{url} {params or ''}: {response.status_code}, expected {want}")
    elif budget is not None and len(queries) > budget:
        wrong.append(f"{url}: {len(queries)} queries, budget {budget}")
    return response


def _filter_queries(changelist) -> list[str]:
    """Query strings of the first choices of each filter on the list."""
    queries = []
    for spec in changelist.filter_specs:
        choices = [choice["query_string"] for choice in spec.choices(changelist) if not choice.get("selected")]
        queries.extend(choices[:CHOICES_PER_FILTER])
    return queries


@pytest.mark.parametrize("user_fixture", ["admin_user", "coordinator"])
def test_every_admin_page_opens_with_data(client, sample_data, request, user_fixture):
    user = request.getfixturevalue(user_fixture)
    sign_in(client, user)
    wrong: list[str] = []
    _get(client, reverse("admin:index"), wrong)
    opened = set()
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        if not model_admin.has_view_permission(_request_for(user)):
            continue
        opened.add(opts.app_label)
        url = f"admin:{opts.app_label}_{opts.model_name}"
        obj = model._default_manager.first()
        if obj is None:
            wrong.append(f"{opts.label}: no sample row, so its change and history pages went unopened")
            continue
        changelist = _get(client, reverse(f"{url}_changelist"), wrong, budget=CHANGELIST_BUDGET)
        if changelist.status_code != 200:
            continue
        if changelist.context["cl"].result_count == 0:
            wrong.append(f"{opts.label}: the list shows none of the sample rows")
        if model_admin.search_fields:
            _get(client, reverse(f"{url}_changelist"), wrong, {"q": str(obj).split()[0]})
        for query in _filter_queries(changelist.context["cl"]) if user.is_superuser else []:
            _get(client, reverse(f"{url}_changelist") + query, wrong)
        can_add = model_admin.has_add_permission(_request_for(user))
        _get(client, reverse(f"{url}_add"), wrong, want=200 if can_add else 403)
        _get(client, reverse(f"{url}_change", args=[obj.pk]), wrong)
        _get(client, reverse(f"{url}_history", args=[obj.pk]), wrong)
    assert wrong == [], "\n".join(wrong)
    assert {"members", "applications", "meetings"} <= opened
