"""Finnish and Swedish alphabetical order, the same on every database."""

from __future__ import annotations

import pytest
from django import forms
from django.utils import translation

from members.models import Region
from tervekunta.collation import CollatedModelChoiceField, by_name, collated, collated_choices, sort_key


def _sorted(names: list[str], language: str) -> list[str]:
    return sorted(names, key=lambda name: sort_key(name, language))


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_a_ring_a_umlaut_and_o_umlaut_come_after_z_in_that_order(language):
    names = ["Övermark", "Äänekoski", "Åbo", "Zürich", "Oulu", "Ylöjärvi", "Aura"]
    assert _sorted(names, language) == ["Aura", "Oulu", "Ylöjärvi", "Zürich", "Åbo", "Äänekoski", "Övermark"]


def test_finnish_does_not_tell_v_and_w_apart_but_swedish_does():
    names = ["Wasa", "Vaasa", "Vörå", "Wolff"]
    assert _sorted(names, "fi") == ["Vaasa", "Wasa", "Wolff", "Vörå"]
    assert _sorted(names, "sv") == ["Vaasa", "Vörå", "Wasa", "Wolff"]
    # English pages show the Finnish names, in Finnish order.
    assert _sorted(names, "en") == _sorted(names, "fi")


def test_u_umlaut_sorts_as_y_and_other_accents_with_their_letter():
    assert _sorted(["Yz", "Üx", "Ea", "Éb", "Ec"], "fi") == ["Ea", "Éb", "Ec", "Üx", "Yz"]
    # æ is ä and ø is ö, after å.
    assert _sorted(["Øa", "Æa", "Åa", "Za"], "sv") == ["Za", "Åa", "Æa", "Øa"]


def test_case_and_word_boundaries():
    assert _sorted(["iisalmi", "Ii", "II kunta", "Ikaalinen"], "fi") == ["Ii", "II kunta", "iisalmi", "Ikaalinen"]
    assert _sorted(["Pohjoiskarjala", "Pohjois-Karjala", "Pohjois-Savo"], "fi") == [
        "Pohjois-Karjala",
        "Pohjois-Savo",
        "Pohjoiskarjala",
    ]


def test_the_swedish_names_of_the_issue_sort_by_the_swedish_alphabet():
    # Sorted by their Finnish names these were "Jyväskylä, Träskända, Kajana, Grankulla".
    assert _sorted(["Jyväskylä", "Träskända", "Kajana", "Grankulla"], "sv") == [
        "Grankulla",
        "Jyväskylä",
        "Kajana",
        "Träskända",
    ]


def test_ties_are_broken_the_same_way_every_time():
    assert _sorted(["b", "B", "b"], "fi") == ["B", "b", "b"]
    assert sort_key("", "fi") < sort_key("a", "fi")


def test_collated_uses_the_active_language():
    names = ["Wasa", "Vörå"]
    with translation.override("fi"):
        assert collated(names) == ["Wasa", "Vörå"]
    with translation.override("sv"):
        assert collated(names) == ["Vörå", "Wasa"]
    assert collated(names, language="sv") == ["Vörå", "Wasa"]
    assert collated_choices([("1", "Öja"), ("2", "Åbo"), ("3", "Borgå")], language="sv") == [
        ("3", "Borgå"),
        ("2", "Åbo"),
        ("1", "Öja"),
    ]


@pytest.mark.django_db
def test_records_sort_by_the_name_shown_in_the_language_of_the_page():
    regions = [
        Region.objects.create(code="A1", name_fi="Uusimaa", name_sv="Nyland"),
        Region.objects.create(code="A2", name_fi="Varsinais-Suomi", name_sv="Egentliga Finland"),
        Region.objects.create(code="A3", name_fi="Pohjanmaa", name_sv="Österbotten"),
        Region.objects.create(code="A4", name_fi="Ahvenanmaa", name_sv="Åland"),
    ]
    with translation.override("fi"):
        assert [r.name for r in by_name(regions)] == ["Ahvenanmaa", "Pohjanmaa", "Uusimaa", "Varsinais-Suomi"]
    with translation.override("sv"):
        assert [r.name for r in by_name(regions)] == ["Egentliga Finland", "Nyland", "Åland", "Österbotten"]

    class Filters(forms.Form):
        region = CollatedModelChoiceField(
            queryset=Region.objects.filter(code__startswith="A"), required=False, empty_label="Alla"
        )

    with translation.override("sv"):
        labels = [label for _value, label in Filters().fields["region"].choices]
    assert labels == ["Alla", "Egentliga Finland", "Nyland", "Åland", "Österbotten"]
