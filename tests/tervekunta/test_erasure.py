import pytest

from tervekunta.erasure import record_erasure
from tervekunta.models import ErasureRecord
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def test_records_each_kind_with_a_count_and_names_the_actor_even_after_the_account_goes():
    coordinator = UserFactory(first_name="Kaisa", last_name="Koordinaattori")
    from meetings.models import Registration

    records = record_erasure(
        reason=ErasureRecord.Reason.ERASED,
        counts={Registration: 2, "applications.application": 1, "members.person": 0},
        actor=coordinator,
    )

    assert sorted((r.kind, r.count) for r in records) == [("applications.application", 1), ("meetings.registration", 2)]
    coordinator.delete()
    stored = ErasureRecord.objects.get(kind="meetings.registration")
    assert stored.actor is None
    assert stored.actor_name == "Kaisa Koordinaattori"
    assert stored.kind_display == "ilmoittautumiset"  # Finnish, the default language


def test_retention_records_name_no_one():
    [record] = record_erasure(reason=ErasureRecord.Reason.RETENTION, counts={"post_office.email": 5})
    assert record.actor is None and record.actor_name == ""
