"""The member drop-downs of the event forms follow the reader's alphabet and names."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories.members import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

NAMES = [("Järvenpää", "Träskända"), ("Kajaani", "Kajana"), ("Kauniainen", "Grankulla"), ("Jyväskylä", "Jyväskylä")]


def _member_options(client, language: str, event_pk: int) -> list[str]:
    with translation.override(language):
        url = reverse("meetings:register", args=[event_pk])
    body = client.get(url).content.decode()
    select = re.search(r'<select name="organisation".*?</select>', body, re.S).group(0)
    return [
        o
        for o in re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', select)
        if o in {n for p in NAMES for n in p}
    ]


def test_registration_form_lists_members_in_the_order_of_the_page_language(client, days):
    event, _open_day, _members_day = days
    for fi, sv in NAMES:
        MembershipFactory(organisation=OrganisationFactory(name_fi=fi, name_sv=sv))

    assert _member_options(client, "fi", event.pk) == ["Jyväskylä", "Järvenpää", "Kajaani", "Kauniainen"]
    assert _member_options(client, "sv", event.pk) == ["Grankulla", "Jyväskylä", "Kajana", "Träskända"]
