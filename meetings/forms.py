from __future__ import annotations

from django import forms
from django.db.models import Count, Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from meetings.choices import AttendanceMode, Audience, PlaceStatus
from meetings.models import Event, EventDay
from members.forms import DATE_FORMATS
from members.models import Organisation

DASH = "–"  # noqa: RUF001  (an en dash between times, as Finnish typography has it)


def day_label(day: EventDay) -> str:
    """The day as people read it, e.g. Tuesday 3.6.2025, 9.00 to 16.00 (open to all)."""
    start, end = timezone.localtime(day.starts_at), timezone.localtime(day.ends_at)
    text = (
        f"{formats.date_format(start, 'l')} {formats.date_format(start, 'DATE_FORMAT')}, "
        f"{formats.time_format(start, 'TIME_FORMAT')}{DASH}{formats.time_format(end, 'TIME_FORMAT')}"
    )
    audience = _("members only") if day.audience == Audience.MEMBERS else _("open to all")
    text = f"{text} ({audience})"
    if day.capacity is not None and getattr(day, "taken", 0) >= day.capacity:
        text = f"{text} {DASH} " + str(_("full: you will be put on the waiting list"))
    return text


class DayChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: EventDay) -> str:
        return day_label(obj)


class RegistrationLinkForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("The e-mail address you gave when you registered."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    organisation = forms.ModelChoiceField(
        label=_("Member organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Not a member organisation (write it below)"),
        help_text=_("Choose your organisation if it is a member of the network."),
    )
    organisation_other = forms.CharField(
        label=_("Other organisation"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
        help_text=_("If your organisation is not in the list above."),
    )
    days = DayChoiceField(label=_("Days"), queryset=EventDay.objects.none(), widget=forms.CheckboxSelectMultiple)
    mode = forms.ChoiceField(
        label=_("Participation"),
        choices=AttendanceMode.choices,
        widget=forms.RadioSelect,
        initial=AttendanceMode.IN_PERSON,
    )
    diet = forms.CharField(label=_("Dietary needs"), max_length=300, required=False)
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs"),
        max_length=300,
        required=False,
        help_text=_("For example an induction loop, a wheelchair-accessible seat or sign-language interpretation."),
    )

    def __init__(self, *args, event: Event, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["organisation"].queryset = Organisation.objects.members_on(timezone.localdate()).order_by("name_fi")
        self.fields["days"].queryset = (
            event.days.filter(ends_at__gte=timezone.now())
            .annotate(taken=Count("places", filter=Q(places__status=PlaceStatus.CONFIRMED)))
            .order_by("starts_at")
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("organisation") and not (cleaned.get("organisation_other") or "").strip():
            self.add_error(
                "organisation_other", _("Choose a member organisation above or write your organisation here.")
            )
        return cleaned


class ParticipationForm(forms.Form):
    first_year = forms.IntegerField(label=_("First year"), min_value=1996, max_value=2200)
    last_year = forms.IntegerField(label=_("Last year"), min_value=1996, max_value=2200)
    threshold = forms.IntegerField(
        label=_("Threshold (%)"),
        min_value=0,
        max_value=100,
        help_text=_("Members who attended a smaller share of the network meetings in a year are flagged."),
    )

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_year"), cleaned.get("last_year")
        if first and last:
            if last < first:
                self.add_error("last_year", _("The last year cannot be before the first year."))
            elif last - first > 19:
                self.add_error("last_year", _("Choose at most 20 years at a time."))
        return cleaned


class HostingOfferForm(forms.Form):
    """A member's offer to host the network days of a year."""

    organisation = forms.ModelChoiceField(label=_("Member"), queryset=Organisation.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=1996, max_value=2200)
    offered_on = forms.DateField(
        label=_("Offered on"), input_formats=DATE_FORMATS, help_text=_("The day of the offer, e.g. 3.2.2026.")
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.members_on(timezone.localdate()).order_by("name_fi")
