"""The coordinators' admin pages read in Finnish (and Swedish) wherever the project controls the
text: the model names, their plural forms and the history page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories.members import AppointmentFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

ENGLISH_LEFT_OVER = ("Model name", "Add link", "Change or view list link", "View history", "Changed by", "Object")


@pytest.fixture
def organisation():
    organisation = OrganisationFactory(name_fi="Virrat", name_sv="Virdois")
    MembershipFactory(organisation=organisation)
    AppointmentFactory(organisation=organisation)
    return organisation


@pytest.mark.parametrize(
    ("language", "heading", "history"),
    [("fi", "Tietotyyppi", "Muokkaushistoria: Virrat"), ("sv", "Datatyp", "Ändringshistorik: Virdois")],
)
def test_index_and_history_read_in_the_language(coordinator_client, organisation, language, heading, history):
    index = coordinator_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert heading in index
    page = coordinator_client.get(
        reverse("admin:members_organisation_history", args=[organisation.pk]), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    assert history in page
    for text in ENGLISH_LEFT_OVER:
        assert text not in index and text not in page, text


def test_model_names_have_their_finnish_plural(coordinator_client, organisation):
    index = coordinator_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    for plural in ("Jäsenyyskaudet", "Nimitykset", "Organisaatiot", "Henkilöt", "Yhteystietokierrokset"):
        assert f">{plural}<" in index
    changelist = coordinator_client.get(
        reverse("admin:members_membership_changelist"), HTTP_ACCEPT_LANGUAGE="fi"
    ).content.decode()
    assert "1 jäsenyyskausi" in changelist
