from __future__ import annotations

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from meetings.choices import AttendanceMode, Audience
from meetings.models import Event, EventDay, Registration
from members.forms import DATE_FORMATS
from members.models import Organisation
from tervekunta.collation import CollatedModelChoiceField

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
    if not hasattr(day, "taken_on_site"):
        return text
    places = places_left_text(day)
    return f"{text} {DASH} {places}" if places else text


def places_left_text(day: EventDay) -> str:
    """What is left on the day, per mode: “12 places left on site”, or that a mode is full and
    its participants go on the waiting list. Needs `EventDay.objects.with_taken()`."""
    parts = []
    if (left := day.places_left) is not None:
        if left:
            parts.append(ngettext("%(n)s place left on site", "%(n)s places left on site", left) % {"n": left})
        else:
            parts.append(str(_("on site full: on-site registrants go on the waiting list")))
    if (left := day.remote_places_left) is not None and not left:
        parts.append(str(_("remote places full: remote registrants go on the waiting list")))
    return "; ".join(parts)


class DayChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: EventDay) -> str:
        return day_label(obj)


class RegistrationLinkForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("The e-mail address you gave when you registered."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


NEEDS_CONSENT_LABEL = _(
    "I consent to the network's coordinators using my dietary and accessibility needs to arrange "
    "the event. They may tell of my health; I can withdraw my consent by emptying them through my private link."
)


def _needs_fields(form: forms.Form) -> None:
    form.fields["diet"] = forms.CharField(label=_("Dietary needs"), max_length=300, required=False)
    form.fields["accessibility_needs"] = forms.CharField(
        label=_("Accessibility needs"),
        max_length=300,
        required=False,
        help_text=_("For example an induction loop, a wheelchair-accessible seat or sign-language interpretation."),
    )
    form.fields["needs_consent"] = forms.BooleanField(label=NEEDS_CONSENT_LABEL, required=False)


def _clean_needs(form: forms.Form, cleaned: dict) -> None:
    """Needs without consent: the error stands by the box and everything typed stays in the form."""
    has_needs = (cleaned.get("diet") or "").strip() or (cleaned.get("accessibility_needs") or "").strip()
    if has_needs and not cleaned.get("needs_consent"):
        form.add_error(
            "needs_consent",
            _(
                "You wrote dietary or accessibility needs: tick the consent box so that we may use them, "
                "or empty those fields."
            ),
        )


def _open_days(event: Event):
    return event.days.filter(ends_at__gte=timezone.now()).with_taken().order_by("starts_at")


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    organisation = CollatedModelChoiceField(
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
        help_text=_("Remote participants never take on-site seats."),
    )

    def __init__(self, *args, event: Event, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["organisation"].queryset = Organisation.objects.members_on(timezone.localdate()).order_by("name_fi")
        self.fields["days"].queryset = _open_days(event)
        _needs_fields(self)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("organisation") and not (cleaned.get("organisation_other") or "").strip():
            self.add_error(
                "organisation_other", _("Choose a member organisation above or write your organisation here.")
            )
        _clean_needs(self, cleaned)
        return cleaned


class RegistrationChangeForm(forms.Form):
    """The registrant's own change through the private link, prefilled with what they chose."""

    days = DayChoiceField(
        label=_("Days"),
        queryset=EventDay.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A day you leave out is cancelled and its place goes to the next person in line."),
    )
    mode = forms.ChoiceField(
        label=_("Participation"),
        choices=AttendanceMode.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "If you change how you take part and that way is full on a day, you go to the end of its waiting list."
        ),
    )

    def __init__(self, *args, registration: Registration, active_day_ids: set[int], **kwargs) -> None:
        kwargs.setdefault(
            "initial",
            {
                "days": sorted(active_day_ids),
                "mode": registration.mode,
                "diet": registration.diet,
                "accessibility_needs": registration.accessibility_needs,
                "needs_consent": registration.needs_consent_at is not None,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["days"].queryset = _open_days(registration.event)
        _needs_fields(self)

    def clean(self):
        cleaned = super().clean()
        _clean_needs(self, cleaned)
        return cleaned


class RegistrationCancelForm(forms.Form):
    """Which of the registration's coming days to cancel; all of them by default."""

    days = DayChoiceField(
        label=_("Days to cancel"),
        queryset=EventDay.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one of your days to cancel.")},
    )

    def __init__(self, *args, days, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["days"].queryset = days
        self.fields["days"].initial = [day.pk for day in days]


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

    organisation = CollatedModelChoiceField(label=_("Member"), queryset=Organisation.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=1996, max_value=2200)
    offered_on = forms.DateField(
        label=_("Offered on"), input_formats=DATE_FORMATS, help_text=_("The day of the offer, e.g. 3.2.2026.")
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.members_on(timezone.localdate()).order_by("name_fi")
