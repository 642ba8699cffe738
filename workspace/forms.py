from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from meetings.reports import DEFAULT_THRESHOLD
from members.choices import OrganisationKind, Role
from members.forms import DATE_FORMATS
from members.models import Region, WelfareRegion
from tervekunta.collation import CollatedModelChoiceField


class ThresholdForm(forms.Form):
    threshold = forms.IntegerField(
        label=_("Participation threshold (%)"),
        min_value=0,
        max_value=100,
        initial=DEFAULT_THRESHOLD,
        help_text=_("Members that attended a smaller share of the network meetings are listed."),
    )


class CoordinatorMemberFilterForm(forms.Form):
    """The workspace member list's filters; the exports read the same ones."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100, strip=True)
    region = CollatedModelChoiceField(
        label=_("Region"), queryset=Region.objects.all(), required=False, empty_label=_("All")
    )
    welfare_region = CollatedModelChoiceField(
        label=_("Welfare region"),
        queryset=WelfareRegion.objects.all(),
        required=False,
        empty_label=_("All"),
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *OrganisationKind.choices])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].error_messages["max_length"] = _("Search with at most 100 characters.")


class ContactFilterForm(CoordinatorMemberFilterForm):
    role = forms.ChoiceField(label=_("Role"), required=False, choices=[("", _("All roles")), *Role.choices])


class UpkeepStartForm(forms.Form):
    deadline = forms.DateField(
        label=_("Answer by"),
        input_formats=DATE_FORMATS,
        help_text=_("The date by which the contact persons are asked to answer, e.g. 31.1.2026."),
    )
    reminder_days = forms.IntegerField(
        label=_("Remind automatically every (days)"),
        min_value=1,
        max_value=90,
        required=False,
        help_text=_(
            "Those who have not answered get a reminder when this many days have passed since their last "
            "message. Leave empty to send reminders only with the button."
        ),
    )


class AnnouncementForm(CoordinatorMemberFilterForm):
    """Subject, message and recipients; the member filters choose whom among the members."""

    key = forms.UUIDField(widget=forms.HiddenInput)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 10}), max_length=20000)
    to_contact_persons = forms.BooleanField(label=_("Contact persons"), required=False, initial=True)
    to_elected_officials = forms.BooleanField(label=_("Responsible elected officials"), required=False)

    field_order = [
        "subject",
        "body",
        "to_contact_persons",
        "to_elected_officials",
        "q",
        "region",
        "welfare_region",
        "kind",
    ]

    def clean(self):
        data = super().clean()
        if not data.get("to_contact_persons") and not data.get("to_elected_officials"):
            self.add_error("to_contact_persons", _("Choose at least one group of recipients."))
        return data

    def filters(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in ("q", "region", "welfare_region", "kind")}
