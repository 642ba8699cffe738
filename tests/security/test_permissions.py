"""Who may open what: a table of every URL pattern against every kind of visitor.

A URL pattern without an entry in TABLE (or, for the admin, in the admin rule) fails the test,
so every new page has to say who may see it.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from applications.links import make_token
from tests.db import coordinator_group
from tests.factories.applications import ApplicationFactory
from tests.factories.meetings import RegistrationDayFactory, RegistrationFactory, network_days
from tests.factories.members import MembershipFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "applicant", "registrant", "staff", "coordinator", "superuser"]
FORGED = "forged-token:not-signed"

# name: (url kwargs, {role: expected status}); roles left out expect the "*" entry.
# Private links: the applicant and the registrant use their own valid link, everybody else a
# forged one (a changed application link shows the renewal page, 200; a forged registration
# link is not found, 404). Coordinator pages send anonymous visitors to log in (302) and refuse
# everyone else outside the Coordinators group (403).
PUBLIC = {"*": 200}
COORDINATOR_ONLY = {
    "*": 403,
    "anonymous": 302,
    "applicant": 302,
    "registrant": 302,
    "coordinator": 200,
    "superuser": 200,
}
TABLE: dict[str, tuple[dict, dict[str, int]]] = {
    "healthz": ({}, PUBLIC),
    "api_json": ({}, PUBLIC),
    "api_csv": ({}, PUBLIC),
    "sitemap": ({}, PUBLIC),
    "set_language": ({}, PUBLIC),  # GET redirects back; the language buttons are plain links
    "home": ({}, PUBLIC),
    "accessibility": ({}, PUBLIC),
    "privacy": ({}, PUBLIC),
    "members:list": ({}, PUBLIC),
    "members:detail": ({"slug": "member"}, PUBLIC),
    "applications:apply": ({}, PUBLIC),
    "applications:renew": ({}, PUBLIC),
    "applications:status": ({"token": "application"}, PUBLIC),
    # The application waits for the applicant's answer: editing and submitting lead back to the status.
    "applications:edit": ({"token": "application"}, {"*": 200, "applicant": 302}),
    "applications:check": ({"token": "application"}, {"*": 200, "applicant": 302}),
    "applications:submitted": ({"token": "application"}, PUBLIC),
    "applications:answer": ({"token": "application"}, PUBLIC),
    "applications:document": ({"token": "application"}, PUBLIC),
    "applications:replace_document": ({"token": "application"}, PUBLIC),
    "applications:withdraw": ({"token": "application"}, PUBLIC),
    "applications:coordinator_list": ({}, COORDINATOR_ONLY),
    "applications:coordinator_review": ({"pk": "submitted"}, COORDINATOR_ONLY),
    "applications:coordinator_document": ({"pk": "submitted"}, COORDINATOR_ONLY),
    "applications:coordinator_action": ({"pk": "submitted", "action": "request_info"}, COORDINATOR_ONLY),
    "meetings:calendar": ({}, PUBLIC),
    "meetings:feed": ({}, PUBLIC),
    "meetings:event_detail": ({"pk": "event"}, PUBLIC),
    "meetings:register": ({"pk": "event"}, PUBLIC),
    "meetings:registration_detail": ({"token": "registration"}, {"*": 404, "registrant": 200}),
    "meetings:registration_cancel": ({"token": "registration"}, {"*": 405}),  # POST only
    "meetings:coordinator_events": ({}, COORDINATOR_ONLY),
    "meetings:attendance": ({"pk": "event"}, COORDINATOR_ONLY),
    "meetings:participation": ({}, COORDINATOR_ONLY),
    "meetings:participation_export": ({}, COORDINATOR_ONLY),
    "meetings:hosting_plan": ({}, COORDINATOR_ONLY),
    "workspace:dashboard": ({}, COORDINATOR_ONLY),
    "workspace:member_list": ({}, COORDINATOR_ONLY),
    "workspace:member_detail": ({"pk": "member_pk"}, COORDINATOR_ONLY),
    "workspace:member_print": ({"pk": "member_pk"}, COORDINATOR_ONLY),
    "workspace:member_export": ({"fmt": "xlsx"}, COORDINATOR_ONLY),
    "workspace:contact_export": ({"fmt": "csv"}, COORDINATOR_ONLY),
    "workspace:upkeep": ({}, COORDINATOR_ONLY),
    # POST only: coordinators get 405 for a GET, everyone else is refused first.
    "workspace:upkeep_remind": ({"pk": "upkeep_round"}, {**COORDINATOR_ONLY, "coordinator": 405, "superuser": 405}),
    "workspace:upkeep_close": ({"pk": "upkeep_round"}, {**COORDINATOR_ONLY, "coordinator": 405, "superuser": 405}),
    # No round 1 in this world: coordinators are told so, everyone else is refused first.
    "workspace:upkeep_unanswered_export": (
        {"pk": "upkeep_round", "fmt": "xlsx"},
        {**COORDINATOR_ONLY, "coordinator": 404, "superuser": 404},
    ),
    "workspace:upkeep_review": ({}, COORDINATOR_ONLY),
    "workspace:announcements": ({}, COORDINATOR_ONLY),
    "workspace:announcement_detail": ({"pk": "announcement"}, COORDINATOR_ONLY),
    "workspace:person_list": ({}, COORDINATOR_ONLY),
    "workspace:person_duplicates": ({}, COORDINATOR_ONLY),
    "workspace:person_data": ({"pk": "person"}, COORDINATOR_ONLY),
    "workspace:person_export": ({"pk": "person"}, COORDINATOR_ONLY),
    # The contact person's private link; a forged one gets the "link does not work" page.
    "members:upkeep_answer": ({"token": "upkeep"}, {"*": 404}),
}


def _patterns(resolvers, namespace=None, route=""):
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _patterns(entry.url_patterns, inner, route + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield route + str(entry.pattern), name


def test_every_url_pattern_has_an_entry():
    missing = []
    for route, name in _patterns(get_resolver().url_patterns):
        if route.startswith("admin/"):
            continue  # the admin rule below covers every admin page, named or not
        if name not in TABLE:
            missing.append(route)
    assert missing == [], f"add these URL patterns to TABLE: {missing}"


@pytest.fixture
def world(register):
    """One object of each kind a URL can point to, and a client for each role."""
    member = OrganisationFactory(name_fi="Jäsenkunta", slug="member")
    MembershipFactory(organisation=member)
    application = ApplicationFactory(info_requested=True)
    event, open_day, _members_day = network_days()
    registration = RegistrationFactory(event=event)
    RegistrationDayFactory(registration=registration, day=open_day)
    values = {
        "member": "member",
        "member_pk": member.pk,
        "application": application.pk,
        "submitted": ApplicationFactory(submitted=True).pk,
        "event": event.pk,
        "registration": registration.token,
        "upkeep_round": 1,  # coordinator POST-only pages answer before any lookup
    }
    tokens = {"application": make_token(application), "registration": registration.token}

    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    staff = users.create_user("staff", password="x-password-1", is_staff=True)
    coordinator = users.create_user("coord", password="x-password-1", is_staff=True)
    coordinator.groups.add(coordinator_group())
    superuser = users.create_superuser("root", "root@thl.example", "x-password-1")
    from members.models import Announcement

    values["announcement"] = Announcement.objects.create(subject="Tiedote", body="Teksti", created_by=coordinator).pk
    values["person"] = PersonFactory().pk
    clients = {role: Client() for role in ROLES}
    for role, user in (("staff", staff), ("coordinator", coordinator), ("superuser", superuser)):
        clients[role].force_login(user)
    return {"values": values, "tokens": tokens, "clients": clients}


def _url(name: str, kwargs: dict, world: dict, role: str) -> str:
    resolved = {}
    for key, value in kwargs.items():
        if key == "token":
            holder = {"application": "applicant", "registration": "registrant"}.get(value)
            resolved[key] = world["tokens"][value] if role == holder else FORGED
        elif key in ("action", "fmt"):
            resolved[key] = value
        else:
            resolved[key] = world["values"][value]
    return reverse(name, kwargs=resolved)


def test_every_role_gets_the_expected_status(world):
    wrong = []
    for name, (kwargs, expected) in TABLE.items():
        for role in ROLES:
            url = _url(name, kwargs, world, role)
            status = world["clients"][role].get(url, HTTP_ACCEPT_LANGUAGE="fi").status_code
            want = expected.get(role, expected["*"])
            if name == "set_language":
                want = 302
            if status != want:
                wrong.append(f"{role:11} {url}: {status}, expected {want}")
    assert wrong == [], "\n".join(wrong)


ADMIN_APPS_FOR_COORDINATORS = {"members", "applications", "meetings"}


def test_admin_pages_by_role(world):
    """Anonymous visitors are sent to log in; staff outside the group see no model; coordinators
    see the network's models but not user accounts or login records; superusers see all."""
    wrong = []
    for model, _model_admin in admin.site._registry.items():
        opts = model._meta
        obj = model._default_manager.first()
        urls = [reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")]
        if obj is not None:
            urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
            urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk]))
        for url in urls:
            for role in ROLES:
                status = world["clients"][role].get(url).status_code
                if role in {"anonymous", "applicant", "registrant"}:
                    want = 302
                elif role == "superuser" or (role == "coordinator" and opts.app_label in ADMIN_APPS_FOR_COORDINATORS):
                    want = 200
                else:
                    want = 403
                if status != want:
                    wrong.append(f"{role:11} {url}: {status}, expected {want}")
    for role, want in {"anonymous": 302, "staff": 200, "coordinator": 200, "superuser": 200}.items():
        status = world["clients"][role].get(reverse("admin:index")).status_code
        if status != want:
            wrong.append(f"{role:11} admin index: {status}, expected {want}")
    assert wrong == [], "\n".join(wrong)
