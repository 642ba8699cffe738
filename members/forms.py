from __future__ import annotations

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from members.choices import Role
from members.terms import CURRENT_COUNCIL_TERM_START

# Finnish dates (1.6.2025) in every language, and ISO dates (2025-06-01) for those who prefer them.
DATE_FORMATS = ["%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"]


class PublicMemberFilterForm(forms.Form):
    """The member list's filters, read from the query string. Choices are the areas that
    have members, so every option leads somewhere."""

    q = forms.CharField(label=_("Name"), required=False, max_length=100, strip=True)
    region = forms.ChoiceField(label=_("Region"), required=False)
    welfare_region = forms.ChoiceField(label=_("Welfare region"), required=False)

    def __init__(self, *args, regions: list[tuple[str, str]], welfare_regions: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["region"].choices = everything + regions
        self.fields["welfare_region"].choices = everything + welfare_regions
        self.fields["region"].error_messages["invalid_choice"] = _(
            "No member lies in this region. Choose a region from the list."
        )
        self.fields["welfare_region"].error_messages["invalid_choice"] = _(
            "No member lies in this welfare region. Choose a welfare region from the list."
        )
        self.fields["q"].error_messages["max_length"] = _("Search with at most 100 characters.")


class RolePersonForm(forms.Form):
    """One role on the upkeep page: the person is right, their details have changed, or someone
    else has replaced them. Nothing is chosen in advance: each role gets an answer."""

    KEEP, UPDATE, CHANGE = "keep", "update", "change"

    change = forms.TypedChoiceField(
        label=_("Is this still right?"),
        choices=[
            (KEEP, _("Yes, this is right")),
            (UPDATE, _("The same person, but the details have changed")),
            (CHANGE, _("No, someone else has replaced them")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one of the answers.")},
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

    DETAILS = ("first_name", "last_name", "title", "email", "phone")

    def __init__(self, *args, role: str, current=None, **kwargs):
        super().__init__(*args, prefix=role, **kwargs)
        self.role = role
        self.role_label = Role(role).label
        self.current = current
        # Elections change the elected official: one named before the current council term is
        # probably no longer the one.
        self.before_council_term = (
            role == Role.ELECTED_OFFICIAL and current is not None and current.start_date < CURRENT_COUNCIL_TERM_START
        )
        self.council_term_start = CURRENT_COUNCIL_TERM_START
        if current is None:
            # Nobody to confirm: the only choice is to name someone, or leave the role empty.
            self.fields["change"].choices = [
                (self.KEEP, _("Nobody is named for this role")),
                (self.CHANGE, _("Name a person")),
            ]

    def clean(self):
        data = super().clean()
        if data.get("change") == self.UPDATE:
            if not any(data.get(name) for name in self.DETAILS):
                self.add_error(None, _("Write the details that have changed."))
            return data
        if data.get("change") != self.CHANGE:
            return data
        for name in ("first_name", "last_name", "start_date"):
            if not data.get(name) and name not in self.errors:
                self.add_error(name, _("Fill in this field for the new person."))
        start = data.get("start_date")
        if start and self.current is not None and start < self.current.start_date:
            self.add_error(
                "start_date",
                _("The new appointment cannot start before the current one (%(date)s).")
                % {"date": date_format(self.current.start_date, "SHORT_DATE_FORMAT")},
            )
        return data

    def new_person(self) -> dict | None:
        """The proposed change for this role, with its kind, or None when it is right as it is."""
        change = self.cleaned_data.get("change")
        if change == self.UPDATE:
            return {"kind": "details", **{name: self.cleaned_data.get(name) or "" for name in self.DETAILS}}
        if change == self.CHANGE:
            return {"kind": "replaced", **{name: self.cleaned_data.get(name) or "" for name in self.PERSON_FIELDS}}
        return None
