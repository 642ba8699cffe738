"""Dates and times as each language writes them, and date fields that take both ways of writing."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django import forms
from django.template import Context, Template
from django.utils import formats, translation

HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")
MOMENT = datetime.datetime(2026, 12, 31, 13, 0, tzinfo=HELSINKI)
MORNING = datetime.datetime(2026, 6, 1, 9, 5, tzinfo=HELSINKI)


@pytest.mark.parametrize(
    ("language", "date", "short_date", "date_time", "time", "morning"),
    [
        ("fi", "31.12.2026", "31.12.2026", "31.12.2026 klo 13.00", "13.00", "1.6.2026 klo 9.05"),
        ("sv", "31.12.2026", "31.12.2026", "31.12.2026 kl. 13.00", "13.00", "1.6.2026 kl. 9.05"),
        ("en", "31 December 2026", "31.12.2026", "31 December 2026, 13:00", "13:00", "1.6.2026, 09:05"),
    ],
)
def test_each_language_writes_dates_and_times_its_own_way(language, date, short_date, date_time, time, morning):
    with translation.override(language):
        assert formats.date_format(MOMENT, "DATE_FORMAT") == date
        assert formats.date_format(MOMENT, "SHORT_DATE_FORMAT") == short_date
        assert formats.date_format(MOMENT, "DATETIME_FORMAT") == date_time
        assert formats.time_format(MOMENT, "TIME_FORMAT") == time
        assert formats.date_format(MORNING, "SHORT_DATETIME_FORMAT") == morning


def test_templates_write_no_iso_date_in_swedish_and_keep_iso_for_machines():
    template = Template(
        '{% load i18n %}<time datetime="{{ moment|date:\'c\' }}">{{ moment|date:"SHORT_DATE_FORMAT" }}</time> '
        "{{ day }} {{ moment }}"
    )
    with translation.override("sv"):
        text = template.render(Context({"moment": MOMENT, "day": MOMENT.date()}))
    assert text == '<time datetime="2026-12-31T13:00:00+02:00">31.12.2026</time> 31.12.2026 31.12.2026 kl. 13.00'


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
@pytest.mark.parametrize("typed", ["31.12.2026", "2026-12-31", "31.12.26"])
def test_date_fields_take_finnish_and_iso_dates_in_every_language(language, typed):
    class DateForm(forms.Form):
        day = forms.DateField()

    with translation.override(language):
        form = DateForm({"day": typed})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == datetime.date(2026, 12, 31)


@pytest.mark.parametrize("typed", ["31.12.2026 13.00", "31.12.2026 13:00", "2026-12-31 13:00", "2026-12-31T13:00"])
def test_date_and_time_fields_take_both_ways_of_writing(typed, settings):
    class MomentForm(forms.Form):
        moment = forms.DateTimeField()

    with translation.override("sv"):
        form = MomentForm({"moment": typed})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["moment"] == MOMENT
