"""The service's own records of a person (outbox, task results, login records, the admin's log,
status notes) and how a person is taken out of a free text."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from post_office.models import STATUS, Email, Log

from meetings.tasks import send_registration_links
from tervekunta import traces
from tervekunta.models import StatusChange
from tervekunta.personal_data import Identity, mentions, redact
from tests.factories.applications import ApplicationStatusChangeFactory
from tests.factories.members import PersonFactory

pytestmark = pytest.mark.django_db

ADDRESS = "anna.aalto@kunta.example"
ANNA = Identity(
    email=ADDRESS,
    names=frozenset({"Anna Aalto"}),
    phones=frozenset({"040 123 4567"}),
    words=frozenset({"Anna", "Aalto"}),
)


@pytest.mark.parametrize(
    ("text", "words", "expected"),
    [
        ("Yhteyshenkilö Anna Aalto, anna.aalto@kunta.example", False, "Yhteyshenkilö [poistettu], [poistettu]"),
        ("ANNA AALTO soitti numerosta 0401234567.", False, "[poistettu] soitti numerosta [poistettu]."),
        ("Puhelin 040-123 4567", False, "Puhelin [poistettu]"),
        ("Hei Anna!", False, "Hei Anna!"),
        ("Hei Anna!", True, "Hei [poistettu]!"),
        ("Annala ja Aaltonen", True, "Annala ja Aaltonen"),
        ("", True, ""),
    ],
)
def test_redact_takes_out_the_address_names_and_phone_however_written(text, words, expected):
    assert redact(text, ANNA, words=words) == expected
    assert mentions(text, ANNA, words=words) == (text != expected)


def _message(to, body, status=STATUS.sent, **fields):
    return Email.objects.create(
        to=to, from_email="tervekunta@example.org", subject=fields.pop("subject", "Asia"), message=body, status=status
    )


def test_erase_deletes_what_is_only_the_persons_and_takes_the_person_out_of_the_rest(coordinator):
    only = _message([ADDRESS], "Hei Anna")
    shared = _message([ADDRESS, "outi@kunta.example"], "Hei Anna ja Outi", subject="Anna Aalto ja Outi")
    Log.objects.create(email=shared, status=STATUS.failed, message=f"550 {ADDRESS} unknown")
    waiting = _message(["outi@kunta.example", ADDRESS], "Anna Aalto tulee mukaan.", status=STATUS.queued)
    notice = _message(["koordinaattori@thl.example"], "Hakija Anna Aalto lähetti hakemuksen.")
    unrelated = _message(["outi@kunta.example"], "Hei Outi")
    send_registration_links.enqueue(ADDRESS)
    send_registration_links.enqueue("outi@kunta.example")
    for model in (AccessAttempt, AccessLog):
        fields = {"get_data": "", "post_data": "", "failures_since_start": 1} if model is AccessAttempt else {}
        model.objects.create(username=ADDRESS, user_agent="x", http_accept="*/*", path_info="/", **fields)
        model.objects.create(username="outi", user_agent="x", http_accept="*/*", path_info="/", **fields)
    person = PersonFactory(first_name="Anna", last_name="Aalto")
    LogEntry.objects.create(
        user=coordinator,
        content_type=ContentType.objects.get_for_model(person),
        object_id=str(person.pk),
        object_repr="Anna Aalto",
        action_flag=CHANGE,
        change_message="[]",
    )
    ApplicationStatusChangeFactory(note="Soitettu: Anna Aalto, 040 123 4567.")

    plan = traces.erasure_plan(ANNA)
    assert plan.blockers == []
    assert {o.kind for o in plan.outcomes} >= {"post_office.email", "admin.logentry", "tervekunta.statuschange"}

    counts = traces.erase(ANNA)

    assert not Email.objects.filter(pk=only.pk).exists()
    shared.refresh_from_db()
    assert (shared.to, shared.message, shared.subject) == (["outi@kunta.example"], "", "[poistettu] ja Outi")
    assert Log.objects.get(email=shared).message == "550 [poistettu] unknown"
    waiting.refresh_from_db()
    # Still to be sent to Outi: the text stays, without Anna.
    assert (waiting.to, waiting.message) == (["outi@kunta.example"], "[poistettu] tulee mukaan.")
    notice.refresh_from_db()
    assert (notice.to, notice.message) == (["koordinaattori@thl.example"], "")
    unrelated.refresh_from_db()
    assert unrelated.message == "Hei Outi"
    assert [r.args_kwargs["args"] for r in traces._task_results().objects.all()] == [["outi@kunta.example"]]
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["outi"]
    assert list(AccessLog.objects.values_list("username", flat=True)) == ["outi"]
    assert LogEntry.objects.get().object_repr == "[poistettu]"
    assert StatusChange.objects.get().note == "Soitettu: [poistettu], [poistettu]."
    assert counts["post_office.email"] == 4
    assert counts["axes.accessattempt"] == 1
    assert counts["django_tasks_database.dbtaskresult"] == 1
    assert counts["tervekunta.statuschange"] == 1
    assert counts["admin.logentry"] == 1


def test_a_user_account_with_the_address_blocks(coordinator):
    coordinator.email = ADDRESS.upper()
    coordinator.save()
    assert traces.erasure_plan(ANNA).blockers != []
    assert "coordinator" in traces.erasure_plan(ANNA).blockers[0]
