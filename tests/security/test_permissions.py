"""Who may open what: the one table of every URL pattern against every kind of visitor.

A URL pattern without an entry in TABLE (or, for the admin, in the admin rule) fails the test,
so every new page has to say who may see it. Every page under coordinator/ must be one for
coordinators only, and refuses posts from outside the group too. Whether the pages work with
data is the concern of each app's tests and, for the admin, of tests/test_admin_pages.py.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from applications.models import PRIVATE_LINK as APPLICATION_LINK
from meetings.models import PRIVATE_LINK as REGISTRATION_LINK
from tervekunta.links import make_token
from tests.db import coordinator_group
from tests.factories.applications import ApplicationFactory
from tests.factories.meetings import RegistrationDayFactory, RegistrationFactory, network_days
from tests.factories.members import MembershipFactory, OrganisationFactory, PersonFactory
from tests.factories.workspace import AnnouncementFactory, UpkeepRoundFactory
from tests.twofactor import sign_in

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "applicant", "registrant", "staff", "coordinator", "superuser", "unverified"]
FORGED = "forged-token:not-signed"

# name: (url kwargs, {role: expected status}); roles left out expect the "*" entry. A list of
# url kwargs checks each of them.
# Private links: the applicant and the registrant use their own valid link, everybody else a
# forged one (a changed application link shows the renewal page, 200; a forged registration
# link is not found, 404). Coordinator pages send anonymous visitors to log in (302), a
# coordinator signed in with the password alone ("unverified") to the second factor (302), and
# refuse everyone else outside the Coordinators group (403).
PUBLIC = {"*": 200}
COORDINATOR_ONLY = {
    "*": 403,
    "anonymous": 302,
    "applicant": 302,
    "registrant": 302,
    "coordinator": 200,
    "superuser": 200,
    "unverified": 302,
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
    "applications:document": ({"token": "application", "document": "application_document"}, PUBLIC),
    "applications:add_document": ({"token": "application"}, PUBLIC),
    "applications:withdraw": ({"token": "application"}, PUBLIC),
    "applications:coordinator_list": ({}, COORDINATOR_ONLY),
    "applications:coordinator_review": ({"pk": "submitted"}, COORDINATOR_ONLY),
    "applications:coordinator_document": (
        {"pk": "submitted", "document": "submitted_document"},
        COORDINATOR_ONLY,
    ),
    # The decision letter: the applicant's application is still waiting for an answer, so no letter yet.
    "applications:decision_letter": ({"token": "application"}, {"*": 200, "applicant": 404}),
    "applications:coordinator_decision_letter": ({"pk": "decided"}, COORDINATOR_ONLY),
    "applications:coordinator_memo": ({}, COORDINATOR_ONLY),
    "applications:coordinator_action": (
        [
            {"pk": "submitted", "action": "request_info"},
            {"pk": "submitted", "action": "forward"},
            {"pk": "in_review", "action": "decide"},
        ],
        COORDINATOR_ONLY,
    ),
    "meetings:calendar": ({}, PUBLIC),
    "meetings:feed": ({}, PUBLIC),
    "meetings:event_detail": ({"pk": "event"}, PUBLIC),
    "meetings:register": ({"pk": "event"}, PUBLIC),
    "meetings:registration_link": ({}, PUBLIC),
    "meetings:registration_detail": ({"token": "registration"}, {"*": 404, "registrant": 200}),
    "meetings:registration_cancel": ({"token": "registration"}, {"*": 404, "registrant": 200}),  # asks first
    "meetings:registration_change": ({"token": "registration"}, {"*": 404, "registrant": 200}),
    "meetings:coordinator_events": ({}, COORDINATOR_ONLY),
    "meetings:attendance": ({"pk": "event"}, COORDINATOR_ONLY),
    "meetings:membership_confirmations": ({"pk": "event"}, COORDINATOR_ONLY),
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
    "workspace:upkeep_unanswered_export": ({"pk": "upkeep_round", "fmt": "xlsx"}, COORDINATOR_ONLY),
    "workspace:upkeep_review": ({}, COORDINATOR_ONLY),
    "workspace:announcements": ({}, COORDINATOR_ONLY),
    "workspace:announcement_detail": ({"pk": "announcement"}, COORDINATOR_ONLY),
    "workspace:person_list": ({}, COORDINATOR_ONLY),
    "workspace:person_duplicates": ({}, COORDINATOR_ONLY),
    "workspace:retention": ({}, COORDINATOR_ONLY),
    "workspace:person_data": ({"pk": "person"}, COORDINATOR_ONLY),
    "workspace:person_erase": ({"pk": "person"}, COORDINATOR_ONLY),
    "workspace:person_export_page": ({"pk": "person"}, COORDINATOR_ONLY),
    "workspace:person_export": ({"pk": "person"}, COORDINATOR_ONLY),
    # The contact person's private link; a forged one gets the "link does not work" page.
    "members:upkeep_answer": ({"token": "upkeep"}, {"*": 404}),
    # Staff sign-in: the code pages send the signed-out to log in and the verified onwards; a
    # coordinator with the password alone and no authenticator yet is sent on to enrol.
    "account:verify": ({}, {"*": 302}),
    "account:enrol": ({}, {"*": 302, "unverified": 200}),
    "admin_password_reset": ({}, PUBLIC),
    "account:password_reset_done": ({}, PUBLIC),
    "account:password_reset_confirm": ({"uidb64": "uid", "token": "password_reset"}, PUBLIC),
    "account:password_reset_complete": ({}, PUBLIC),
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
    submitted = ApplicationFactory(submitted=True)
    values = {
        "member": "member",
        "member_pk": member.pk,
        "application": application.pk,
        "application_document": application.documents.get().pk,
        "submitted": submitted.pk,
        "submitted_document": submitted.documents.get().pk,
        "in_review": ApplicationFactory(in_review=True).pk,
        "decided": ApplicationFactory(
            status="approved", leadership_decision_date=datetime.date(2026, 3, 2), feedback="Tervetuloa!"
        ).pk,
        "event": event.pk,
        "registration": make_token(REGISTRATION_LINK, registration),
        "upkeep_round": UpkeepRoundFactory().pk,
        "uid": "MQ",
    }
    tokens = {
        "application": make_token(APPLICATION_LINK, application),
        "registration": make_token(REGISTRATION_LINK, registration),
    }

    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    staff = users.create_user("staff", password="x-password-1", is_staff=True)
    coordinator = users.create_user("coord", password="x-password-1", is_staff=True)
    coordinator.groups.add(coordinator_group())
    superuser = users.create_superuser("root", "root@thl.example", "x-password-1")
    unverified = users.create_user("half", password="x-password-1", is_staff=True)
    unverified.groups.add(coordinator_group())
    values["announcement"] = AnnouncementFactory(created_by=coordinator).pk
    values["person"] = PersonFactory().pk
    clients = {role: Client() for role in ROLES}
    for role, user in (("staff", staff), ("coordinator", coordinator), ("superuser", superuser)):
        sign_in(clients[role], user)
    clients["unverified"].force_login(unverified)
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


LOGIN = reverse("admin:login")
ACCOUNT = "/fi/account/"
PRIVATE = {"no-store", "private"}


def _cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",")}


def _variants(kwargs: dict | list[dict]) -> list[dict]:
    return kwargs if isinstance(kwargs, list) else [kwargs]


def test_every_role_gets_the_expected_status(world):
    """Coordinator pages also send the anonymous to the login page and are never kept in a cache."""
    wrong = []
    coordinator_pages = set(_coordinator_routes())
    for name, (variants, expected) in TABLE.items():
        for kwargs, role in ((kwargs, role) for kwargs in _variants(variants) for role in ROLES):
            url = _url(name, kwargs, world, role)
            response = world["clients"][role].get(url, HTTP_ACCEPT_LANGUAGE="fi")
            status = response.status_code
            want = expected.get(role, expected["*"])
            if name == "set_language":
                want = 302
            if status != want:
                wrong.append(f"{role:11} {url}: {status}, expected {want}")
            elif name in coordinator_pages and status == 302:
                # Anonymous visitors sign in; a password alone leads on to the second factor.
                step = ACCOUNT if role == "unverified" else LOGIN
                if not response["Location"].startswith(step):
                    wrong.append(f"{role:11} {url}: sent to {response['Location']}, not to {step}")
            elif name in coordinator_pages and status == 200 and not _cache_control(response) >= PRIVATE:
                wrong.append(f"{role:11} {url}: Cache-Control {response.get('Cache-Control')!r}")
    assert wrong == [], "\n".join(wrong)


def _coordinator_routes() -> list[str]:
    # A private link (a signed token) is a member's or applicant's page, not a coordinator's.
    return [
        name
        for route, name in _patterns(get_resolver().url_patterns)
        if "coordinator/" in route and "token>" not in route
    ]


def test_every_page_under_coordinator_is_for_coordinators_only():
    names = _coordinator_routes()
    assert {"workspace:dashboard", "applications:coordinator_list", "meetings:coordinator_events"} <= set(names)
    assert len(names) >= 10
    for name in names:
        expected = TABLE[name][1]
        assert (expected.get("anonymous"), expected.get("staff", expected["*"])) == (302, 403), name


def test_coordinator_pages_refuse_posts_from_outside_the_group(world):
    wrong = []
    for name in _coordinator_routes():
        for kwargs, role in ((kwargs, role) for kwargs in _variants(TABLE[name][0]) for role in ("anonymous", "staff")):
            url = _url(name, kwargs, world, role)
            status = world["clients"][role].post(url).status_code
            want = {"anonymous": 302, "staff": 403}[role]
            if status != want:
                wrong.append(f"{role:11} POST {url}: {status}, expected {want}")
    assert wrong == [], "\n".join(wrong)


COORDINATOR_PERMISSIONS = [
    "members.change_organisation",
    "members.add_appointment",
    "members.view_historicalorganisation",
    "applications.view_application",
    "applications.change_application",
    "applications.view_criterionreview",
    "meetings.change_event",
    "meetings.view_registration",
    "meetings.change_registrationday",
    "meetings.add_hosting",
]


def test_the_coordinators_group_holds_its_permissions(coordinator):
    assert [p for p in COORDINATOR_PERMISSIONS if not coordinator.has_perm(p)] == []


# tervekunta: the outbox (e-mail messages), the scheduled job runs and the audit trail of status
# changes, which coordinators read and nobody edits.
ADMIN_APPS_FOR_COORDINATORS = {"members", "applications", "meetings", "tervekunta"}


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
                if role in {"anonymous", "applicant", "registrant", "unverified"}:
                    want = 302
                elif role == "superuser" or (role == "coordinator" and opts.app_label in ADMIN_APPS_FOR_COORDINATORS):
                    want = 200
                else:
                    want = 403
                if status != want:
                    wrong.append(f"{role:11} {url}: {status}, expected {want}")
    for role, want in {"anonymous": 302, "staff": 200, "coordinator": 200, "superuser": 200, "unverified": 302}.items():
        status = world["clients"][role].get(reverse("admin:index")).status_code
        if status != want:
            wrong.append(f"{role:11} admin index: {status}, expected {want}")
    assert wrong == [], "\n".join(wrong)
