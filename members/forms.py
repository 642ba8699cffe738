from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


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
