import pytest

from meetings.models import Registration
from tests.factories.meetings import RegistrationFactory
from tests.personal_data_scan import rows_holding

pytestmark = pytest.mark.django_db


def test_finds_a_value_in_the_record_and_in_its_history_and_nothing_else():
    registration = RegistrationFactory(email="liisa.esimerkki@example.fi", diet="Gluteeniton")
    Registration.objects.filter(pk=registration.pk).update(email="toinen@example.fi")

    assert rows_holding("LIISA.esimerkki@example.fi") == ["meetings_historicalregistration.email: 1 rows"]
    assert rows_holding("gluteeniton") == [
        "meetings_historicalregistration.diet: 1 rows",
        "meetings_registration.diet: 1 rows",
    ]
    assert rows_holding("ei-kenenkään@example.fi") == []
