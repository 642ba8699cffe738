"""Alphabetical order the way Finnish and Swedish readers expect it, whatever the database.

Both alphabets end in å, ä, ö after z; æ sorts as ä, ø as ö and ü as y. Finnish (SFS 4600) does
not tell v and w apart, Swedish (since 2006) puts w after v. Other accents sort with their base
letter (é as e). Capitals, accents and punctuation only break ties, so "de Geer" and "Degerby"
sit together and the same names always come in the same order. English pages follow the
Finnish order: the names they show are the Finnish ones.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils import translation

T = TypeVar("T")

_LATIN = "abcdefghijklmnopqrstuvwxyz"
# The primary weight of each letter: a word boundary sorts first, then digits, then letters.
_SPACE, _DIGIT, _LETTER = 0, 1, 20
_WEIGHTS = {letter: _LETTER + index for index, letter in enumerate(_LATIN)}
_WEIGHTS |= {"å": _LETTER + 26, "ä": _LETTER + 27, "ö": _LETTER + 28}
_FOLDED = {"æ": "ä", "ø": "ö", "ü": "y", "ß": "ss", "þ": "th", "ð": "d", "đ": "d", "ł": "l", "œ": "ö"}
_OWN_LETTERS = set("åäö")
_BOUNDARIES = set("-/\u2013\u2014")  # hyphen, slash, en and em dash


def _letters(text: str, language: str) -> list[int]:
    weights: list[int] = []
    for char in text.casefold():
        char = _FOLDED.get(char, char)
        if char not in _OWN_LETTERS and char not in _WEIGHTS:
            # é -> e, č -> c: the base letter without its accent (å, ä, ö are letters of their own).
            char = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
        for letter in char:
            if letter == "w" and language != "sv":
                weights.append(_WEIGHTS["v"])
            elif letter in _WEIGHTS:
                weights.append(_WEIGHTS[letter])
            elif letter in "0123456789":
                weights.append(_DIGIT + int(letter))
            elif (letter.isspace() or letter in _BOUNDARIES) and weights and weights[-1] != _SPACE:
                # Word boundaries: "Ii" before "Iisalmi", "Pohjois-Karjala" before "Pohjoiskarjala".
                weights.append(_SPACE)
            # Other punctuation (quotes, full stops, brackets) does not count.
    while weights and weights[-1] == _SPACE:
        weights.pop()
    return weights


def sort_key(text: str, language: str | None = None) -> tuple:
    """A key that sorts `text` in the alphabetical order of `language` (default: the active one)."""
    language = (language or translation.get_language() or "fi")[:2]
    text = text or ""
    return (tuple(_letters(text, language)), text.casefold(), text)


def collated(items: Iterable[T], key: Callable[[T], str] = str, language: str | None = None) -> list[T]:
    """`items` in alphabetical order of the text `key` gives (default: their str, e.g. a name in
    the active language), for `language` or the active language."""
    language = (language or translation.get_language() or "fi")[:2]
    return sorted(items, key=lambda item: sort_key(key(item), language))


def by_name(items: Iterable[T], language: str | None = None) -> list[T]:
    """Register records (organisations, municipalities, regions) by the name the reader sees:
    `name`, which is the Swedish name on Swedish pages, in that language's order."""
    return collated(items, key=lambda item: item.name, language=language)


def collated_choices(choices: Iterable[tuple[object, str]], language: str | None = None) -> list[tuple[object, str]]:
    """(value, label) pairs of a select by their labels, e.g. municipalities in a form."""
    return collated(choices, key=lambda choice: str(choice[1]), language=language)


class CollatedModelChoiceIterator(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from collated_choices(self.choice(obj) for obj in self.queryset)


class CollatedModelChoiceField(forms.ModelChoiceField):
    """A select of register records in the alphabetical order of the reader's language,
    by the label each shows (the Swedish name on Swedish pages)."""

    iterator = CollatedModelChoiceIterator
