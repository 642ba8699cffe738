from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from meetings.reports import DEFAULT_THRESHOLD
from members.choices import OrganisationKind, Role
from members.models import Region, WelfareRegion

# Finnish dates (1.6.2025) in every language, and ISO dates (2025-06-01) for those who prefer them.
DATE_FORMATS = ["%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"]


class ThresholdForm(forms.Form):
    threshold = forms.IntegerField(
        label=_("Participation threshold (%)"),
        min_value=0,
        max_value=100,
        initial=DEFAULT_THRESHOLD,
        help_text=_("Members that attended a smaller share of the network meetings are listed."),
    )


class MemberFilterForm(forms.Form):
    """The workspace member list's filters; the exports read the same ones."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100, strip=True)
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.order_by("name_fi"), required=False, empty_label=_("All")
    )
    welfare_region = forms.ModelChoiceField(
        label=_("Welfare region"),
        queryset=WelfareRegion.objects.order_by("code"),
        required=False,
        empty_label=_("All"),
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *OrganisationKind.choices])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].error_messages["max_length"] = _("Search with at most 100 characters.")


class ContactFilterForm(MemberFilterForm):
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


class RolePersonForm(forms.Form):
    """One role on the upkeep page: keep the current person, or name a new one."""

    change = forms.TypedChoiceField(
        label=_("Is this still right?"),
        choices=[("keep", _("Yes, this is right")), ("change", _("No, a new person has been named"))],
        widget=forms.RadioSelect,
        initial="keep",
    )
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    start_date = forms.DateField(
        label=_("Start"), required=False, input_formats=DATE_FORMATS, help_text=_("For example 1.6.2025.")
    )
    decision = forms.CharField(
        label=_("Decision"),
        max_length=200,
        required=False,
        help_text=_("The decision that named the person, e.g. “KH 18.4.2023 § 85”."),
    )

    PERSON_FIELDS = ("first_name", "last_name", "title", "email", "phone", "start_date", "decision")

    def __init__(self, *args, role: str, current=None, **kwargs):
        super().__init__(*args, prefix=role, **kwargs)
        self.role = role
        self.role_label = Role(role).label
        self.current = current
        if current is None:
            # Nobody to confirm: the only choice is to name someone, or leave the role empty.
            self.fields["change"].choices = [
                ("keep", _("Nobody is named for this role")),
                ("change", _("Name a person")),
            ]

    def clean(self):
        data = super().clean()
        if data.get("change") != "change":
            return data
        for name in ("first_name", "last_name", "start_date"):
            if not data.get(name) and name not in self.errors:
                self.add_error(name, _("Fill in this field for the new person."))
        start = data.get("start_date")
        if start and self.current is not None and start < self.current.start_date:
            self.add_error(
                "start_date",
                _("The new appointment cannot start before the current one (%(date)s).")
                % {"date": self.current.start_date.strftime("%d.%m.%Y")},
            )
        return data

    def new_person(self) -> dict | None:
        if self.cleaned_data.get("change") != "change":
            return None
        return {name: self.cleaned_data.get(name) or "" for name in self.PERSON_FIELDS}


class AnnouncementForm(MemberFilterForm):
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
