"""The service keeps working through faults: a database restart, and several app instances."""

from __future__ import annotations

import re

import pytest
from django_otp.oath import TOTP

from tests.operations.conftest import Browser, manage

# Each test starts its own PostgreSQL server and gunicorn: one worker runs them one after another.
pytestmark = [pytest.mark.operations, pytest.mark.xdist_group("operations")]


def test_healthz_follows_a_database_restart_without_restarting_the_app(scratch_postgres, start_app):
    app = start_app()
    assert app.status("/healthz") == 200
    scratch_postgres.stop()
    app.wait_until(lambda: app.status("/healthz") == 503, "healthz did not report the database down")
    scratch_postgres.start()
    app.wait_until(lambda: app.status("/healthz") == 200, "healthz did not recover after the database came back")
    assert app.process.poll() is None  # the same app process throughout


OPS_KEY = "3132333435363738393031323334353637383930"  # RFC 6238's test key


def test_two_instances_share_everything_but_the_process(app_env, start_app):
    manage(
        app_env,
        "shell",
        "-c",
        "from django.contrib.auth.models import User;"
        "from django_otp.plugins.otp_totp.models import TOTPDevice;"
        "u = User.objects.create_superuser('ops', 'ops@thl.example', 'ops-password-123');"
        f"TOTPDevice.objects.create(user=u, name='authenticator', key='{OPS_KEY}', confirmed=True)",
    )
    first, second = start_app(), start_app()
    browser = Browser()
    # Log in on the first instance, password and the authenticator's code ...
    browser.post_form(
        f"{first.url}/admin/login/", {"username": "ops", "password": "ops-password-123", "next": "/admin/"}
    )
    code = TOTP(bytes.fromhex(OPS_KEY)).token()
    browser.post_form(f"{first.url}/fi/account/verify/?next=/admin/", {"code": f"{code:06d}", "next": "/admin/"})
    # ... write through it ...
    status, page = browser.post_form(
        f"{first.url}/admin/members/organisation/add/",
        {
            "name_fi": "Kaksoisinstanssin kuntayhtymä",
            "name_sv": "",
            "slug": "kaksoisinstanssi",
            "kind": "joint_authority",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "appointments-TOTAL_FORMS": "0",
            "appointments-INITIAL_FORMS": "0",
        },
    )
    assert status == 200
    # The membership starts through the organisation's own action, which calls the service.
    pk = re.search(r"/admin/members/organisation/(\d+)/change/", page).group(1)
    status, _page = browser.post_form(
        f"{first.url}/admin/members/organisation/{pk}/membership/start/",
        {"start_date": "2025-01-01", "start_precision": "day", "source": "", "confirmed": "yes"},
    )
    assert status == 200
    # ... and the second instance knows the session and serves what the first wrote.
    status, page = browser.get(f"{second.url}/admin/members/organisation/?q=Kaksoisinstanssin")
    assert status == 200 and "Kaksoisinstanssin kuntayhtymä" in page
    _status, data = browser.get(f"{second.url}/api/members.json?on=2025-06-01")
    assert "Kaksoisinstanssin kuntayhtymä" in data


def test_a_worker_killed_in_the_middle_of_a_registration_leaves_no_partial_record(app_env, start_app, tmp_path):
    import os
    import signal
    import threading
    from pathlib import Path

    create_event = (
        "import datetime; from django.utils import timezone; from meetings.models import Event, EventDay;"
        "e = Event.objects.create(kind='open_seminar', title='Vikatesti', published=True);"
        "start = timezone.now() + datetime.timedelta(days=30);"
        "EventDay.objects.create(event=e, starts_at=start, ends_at=start + datetime.timedelta(hours=2), capacity=10);"
        "print(e.pk, e.days.get().pk)"
    )
    event_pk, day_pk = manage(app_env, "shell", "-c", create_event).stdout.split()[-2:]
    stall_file = tmp_path / "stalled.pid"
    config = str(Path(__file__).with_name("gunicorn_stall.py"))
    app = start_app(extra=("-c", config, "--timeout", "300"), env={"STALL_FILE": str(stall_file)})
    url = f"{app.url}/fi/events/{event_pk}/register/"
    form = {"name": "Anna Virtanen", "email": "anna@example.org", "organisation_other": "Yhdistys ry",
            "days": day_pk, "mode": "in_person"}  # fmt: skip
    outcome = {}

    def submit() -> None:
        try:
            outcome["status"] = Browser().post_form(url, form)[0]
        except OSError as error:  # the connection dies with the worker
            outcome["error"] = error

    thread = threading.Thread(target=submit)
    thread.start()
    app.wait_until(stall_file.exists, "the worker never reached the middle of the registration")
    os.kill(int(stall_file.read_text()), signal.SIGKILL)
    thread.join(timeout=30)
    assert not thread.is_alive(), "the registration never ended"
    # A dead connection or a 5xx answer (urllib raises HTTPError for it), never a success.
    assert list(outcome) == ["error"], outcome

    count = (
        "from meetings.models import Registration, RegistrationDay;"
        "print(Registration.objects.count(), RegistrationDay.objects.count())"
    )
    assert manage(app_env, "shell", "-c", count).stdout.split()[-2:] == ["0", "0"]
    # The master starts a new worker and the service goes on.
    app.wait_until(lambda: app.status("/healthz") == 200, "no new worker after the kill")
