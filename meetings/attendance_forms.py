"""Forms of the attendance page: the day's ticks, a person who came without registering, and a
participant list with its preview."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from meetings.attendance import DayAttendance
from members.models import Organisation
from tervekunta.collation import CollatedModelChoiceField


class DayAttendanceForm(forms.Form):
    """The registered people and the member organisations ticked as present; the template draws the boxes."""

    attended = forms.TypedMultipleChoiceField(coerce=int, required=False, widget=forms.CheckboxSelectMultiple)
    present = forms.TypedMultipleChoiceField(coerce=int, required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, attendance: DayAttendance, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [(p.pk, p.pk) for p in attendance.places]
        self.fields["present"].choices = [(m.organisation.pk, m.organisation.pk) for m in attendance.members]


class WalkInForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), required=False)
    organisation = CollatedModelChoiceField(
        label=_("Member organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Not a member organisation (write it below)"),
    )
    organisation_other = forms.CharField(label=_("Other organisation"), max_length=200, required=False)

    def __init__(self, *args, members: list[Organisation], **kwargs) -> None:
        super().__init__(*args, prefix="walk_in", **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(pk__in=[o.pk for o in members]).order_by(
            "name_fi"
        )


class ParticipantListForm(forms.Form):
    participants = forms.FileField(
        label=_("Participant list (CSV or XLSX)"),
        help_text=_(
            "For example the attendance report of a Teams meeting. The list needs a column for the "
            "name and one for the e-mail or the organisation; you see the result before anything is saved."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )


class ParticipantConfirmForm(forms.Form):
    rows = forms.CharField(widget=forms.HiddenInput)
    include = forms.TypedMultipleChoiceField(coerce=int, required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, count: int = 0, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["include"].choices = [(n, n) for n in range(count)]
