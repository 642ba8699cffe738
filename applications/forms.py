from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from applications.choices import AdministrativeBranch, Assessment, Decision, DocumentKind, Verdict
from applications.criteria import DECLARATIONS, CriterionAssessment
from applications.models import Application, ApplicationDocument
from applications.selectors import current_members_filter
from applications.services import DECISION_FIELDS, DRAFT_FIELDS
from applications.validators import validate_pdf
from members.choices import OrganisationKind
from members.models import LAST_REAL_WELFARE_REGION_CODE, Municipality, WelfareRegion
from tervekunta.collation import collated_choices

NOT_IN_REGISTER = {
    OrganisationKind.JOINT_AUTHORITY: _("A joint municipal authority (give its name below)"),
    OrganisationKind.OTHER: _("Another organisation (give its name below)"),
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def organisation_choices(current: Application | None = None) -> list:
    """Municipalities and welfare regions that are not current members, and the other kinds."""
    members = current_members_filter()
    municipalities = Municipality.objects.exclude(pk__in=members["municipalities"]).order_by("name_fi")
    regions = WelfareRegion.objects.exclude(pk__in=members["welfare_regions"]).order_by("name_fi")
    regions = [region for region in regions if int(region.code) <= LAST_REAL_WELFARE_REGION_CODE]
    return [
        ("", _("Choose the organisation")),
        (_("Municipalities"), collated_choices((f"municipality:{m.pk}", m.name) for m in municipalities)),
        (_("Welfare regions"), collated_choices((f"welfare_region:{r.pk}", r.name) for r in regions)),
        (_("Not in the register"), list(NOT_IN_REGISTER.items())),
    ]


class PdfField(forms.FileField):
    default_validators = [validate_pdf]

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Minutes of the decision (PDF)"))
        kwargs.setdefault("help_text", _("A PDF file of at most 10 MB."))
        super().__init__(**kwargs)
        self.widget = forms.FileInput(attrs={"accept": "application/pdf,.pdf"})


# The decision's fields as the document model defines them, under the application form's names.
_DECISION = forms.fields_for_model(
    ApplicationDocument, fields=list(DECISION_FIELDS.values()), widgets={"decision_date": DateInput()}
)


def _future_date_error(form: forms.Form, name: str) -> None:
    value = form.cleaned_data.get(name)
    if value and value > timezone.localdate():
        form.add_error(name, _("The date of the decision cannot be in the future."))


class ApplicationForm(forms.ModelForm):
    organisation_choice = forms.ChoiceField(
        label=_("Organisation"),
        help_text=_("Municipalities and welfare regions that are not members of the network."),
    )
    steering_group_branches = forms.MultipleChoiceField(
        label=_("Administrative branches in the steering group"),
        choices=AdministrativeBranch.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    confirmations = forms.MultipleChoiceField(
        label=_("The organisation confirms that"),
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Tick each criterion the organisation meets or commits to."),
    )
    deciding_body = _DECISION["deciding_body"]
    decision_date = _DECISION["decision_date"]
    decision_section = _DECISION["section"]
    decision_record = _DECISION["record"]
    minutes = PdfField(required=False)

    class Meta:
        model = Application
        # Everything the applicant edits, but the organisation, the steering group's branches and
        # the confirmations, which have form fields of their own above.
        fields = [
            name
            for name in DRAFT_FIELDS
            if name not in {"kind", "municipality", "welfare_region", "steering_group_branches", "confirmations"}
        ]
        widgets = {
            "resources": forms.Textarea(attrs={"rows": 3}),
            "free_text": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "resources": _("How the contact person and the elected official can attend meetings and build competence."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation_choice"].choices = organisation_choices()
        self.fields["organisation_name"].required = False
        self.fields["confirmations"].choices = [(c.id, c.text) for c in DECLARATIONS]
        instance = self.instance
        if instance.pk:
            self.initial["organisation_choice"] = self._choice_for(instance)
            self.initial["steering_group_branches"] = instance.steering_group_branches
            self.initial["confirmations"] = instance.confirmations
            decision = instance.form_decision
            if decision is not None:
                for name, field in DECISION_FIELDS.items():
                    self.initial[name] = getattr(decision, field)
            if decision is not None and decision.file:
                self.fields["minutes"].help_text = _(
                    "A file is already attached; choose a new one only to replace it. A PDF of at most 10 MB."
                )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the page's own form holds the token
        self.helper.layout = Layout(
            Fieldset(_("Organisation"), "organisation_choice", "organisation_name"),
            Fieldset(_("Applicant"), "applicant_name", "applicant_title", "applicant_email", "applicant_phone"),
            Fieldset(
                _("Decision to apply"),
                "deciding_body",
                "decision_date",
                "decision_section",
                "decision_record",
                "minutes",
            ),
            Fieldset(
                _("Contact person"),
                "contact_first_name",
                "contact_last_name",
                "contact_title",
                "contact_email",
                "contact_phone",
            ),
            Fieldset(
                _("Responsible elected official"),
                "official_first_name",
                "official_last_name",
                "official_title",
                "official_email",
                "official_phone",
            ),
            Fieldset(
                _("Welfare coordinator"),
                "coordinator_first_name",
                "coordinator_last_name",
                "coordinator_title",
                "coordinator_email",
                "coordinator_phone",
            ),
            Fieldset(_("Steering group"), "steering_group_exists", "steering_group_branches"),
            Fieldset(_("Resources and communication"), "resources", "website"),
            Fieldset(_("Commitments"), "confirmations"),
            Fieldset(_("Anything else"), "free_text"),
        )

    @staticmethod
    def _choice_for(application: Application) -> str:
        if application.kind == OrganisationKind.MUNICIPALITY:
            return f"municipality:{application.municipality_id}"
        if application.kind == OrganisationKind.WELFARE_REGION:
            return f"welfare_region:{application.welfare_region_id}"
        return application.kind

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        choice = data.get("organisation_choice") or ""
        data["municipality"] = data["welfare_region"] = None
        if choice in NOT_IN_REGISTER:
            data["kind"] = choice
            if not (data.get("organisation_name") or "").strip():
                self.add_error("organisation_name", _("Give the name of the organisation."))
        elif ":" in choice:
            kind, pk = choice.split(":", 1)
            if kind == OrganisationKind.MUNICIPALITY:
                data["municipality"] = Municipality.objects.get(pk=pk)
                data["organisation_name"] = data["municipality"].name_fi
            else:
                data["welfare_region"] = WelfareRegion.objects.get(pk=pk)
                data["organisation_name"] = data["welfare_region"].name_fi
            data["kind"] = kind
        _future_date_error(self, "decision_date")
        return data

    def _post_clean(self) -> None:
        # The service writes the application; the form only validates what was typed.
        pass

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("organisation_choice", None)
        data.pop("minutes", None)
        return data


def explanation_field_name(criterion_id: str) -> str:
    return f"explain_{criterion_id}"


class SubmitForm(forms.Form):
    """The applicant's explanations of the criteria the automatic assessment did not find met."""

    def __init__(self, *args, assessments: list[CriterionAssessment], **kwargs):
        super().__init__(*args, **kwargs)
        self.assessments = assessments
        for item in assessments:
            if item.result.assessment == Assessment.NOT_MET:
                self.fields[explanation_field_name(item.criterion.id)] = forms.CharField(
                    label=format_lazy(_("Your explanation: {criterion}"), criterion=item.criterion.title),
                    required=False,
                    initial=item.explanation,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )

    def explanations(self) -> dict[str, str]:
        return {
            item.criterion.id: self.cleaned_data.get(explanation_field_name(item.criterion.id), "")
            for item in self.assessments
            if explanation_field_name(item.criterion.id) in self.fields
        }

    def rows(self) -> list[tuple[CriterionAssessment, forms.BoundField | None]]:
        name = explanation_field_name
        return [
            (item, self[name(item.criterion.id)] if name(item.criterion.id) in self.fields else None)
            for item in self.assessments
        ]


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 5}))


class DocumentForm(forms.ModelForm):
    """A document added beside the earlier ones; a decision names its body and date.

    `optional` leaves the whole document out when nothing is given (an answer without one);
    `decision_only` asks for a decision to join, as when the coordinator asked for one.
    """

    file = PdfField(label=_("The document (PDF)"))

    class Meta:
        model = ApplicationDocument
        fields = ["kind", "deciding_body", "decision_date", "section", "record", "file"]
        widgets = {"decision_date": DateInput(), "kind": forms.RadioSelect}
        help_texts = {
            "deciding_body": _("For a decision to join: the council, the executive board or another body."),
        }

    def __init__(self, *args, optional: bool = False, decision_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.optional = optional
        self.fields["kind"].choices = DocumentKind.choices
        if decision_only:
            self.fields["kind"].choices = [(DocumentKind.JOINING_DECISION, DocumentKind.JOINING_DECISION.label)]
            self.fields["kind"].initial = DocumentKind.JOINING_DECISION
        if optional:
            for field in self.fields.values():
                field.required = False

    def is_empty(self) -> bool:
        return (
            self.is_bound
            and not self.files.get(self.add_prefix("file"))
            and not any(
                (self.data.get(self.add_prefix(name)) or "").strip()
                for name in ("deciding_body", "decision_date", "section", "record")
            )
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.optional and self.is_empty():
            return data
        if not data.get("file") and "file" not in self.errors:
            self.add_error("file", _("Choose the PDF file of the document."))
        if not data.get("kind") and "kind" not in self.errors:
            self.add_error("kind", _("Choose the kind of document."))
        if data.get("kind") == DocumentKind.JOINING_DECISION:
            if not data.get("deciding_body") and "deciding_body" not in self.errors:
                self.add_error("deciding_body", _("Choose the body that decided."))
            if not data.get("decision_date") and "decision_date" not in self.errors:
                self.add_error("decision_date", _("Give the date of the decision."))
        _future_date_error(self, "decision_date")
        return data

    def _post_clean(self) -> None:
        # The service adds the document; the form only validates what was given.
        pass

    def values(self) -> dict[str, Any] | None:
        if self.optional and self.is_empty():
            return None
        return dict(self.cleaned_data)


class WithdrawForm(forms.Form):
    note = forms.CharField(label=_("Reason (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RenewLinkForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"), help_text=_("The applicant's e-mail address given in the application.")
    )


class RequestInfoForm(forms.Form):
    question = forms.CharField(
        label=_("Question to the applicant"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The question is e-mailed to the applicant."),
    )
    wants_decision = forms.BooleanField(
        label=_("Ask for a new decision to join"),
        required=False,
        help_text=_(
            "The applicant then answers with the new decision (its body, date and PDF), which is added beside "
            "the earlier documents."
        ),
    )


class ForwardForm(forms.Form):
    note = forms.CharField(label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Leadership group's decision"), choices=Decision.choices, widget=forms.RadioSelect
    )
    decision_date = forms.DateField(label=_("Date of the decision"), widget=DateInput())
    feedback = forms.CharField(
        label=_("Feedback to the applicant"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Sent to the applicant with the decision. Required when the application is rejected."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") == Decision.REJECT and not (data.get("feedback") or "").strip():
            self.add_error("feedback", _("Tell the applicant why the application was rejected."))
        _future_date_error(self, "decision_date")
        return data


class CriterionReviewForm(forms.Form):
    """The coordinator's verdict and comment on every criterion of one application."""

    def __init__(self, *args, assessments: list[CriterionAssessment], reviews: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.assessments = assessments
        for item in assessments:
            review = reviews.get(item.criterion.id)
            self.fields[f"verdict_{item.criterion.id}"] = forms.ChoiceField(
                label=_("Coordinator's verdict"),
                choices=[("", _("Not yet reviewed")), *Verdict.choices],
                required=False,
                initial=review.verdict if review else "",
            )
            self.fields[f"comment_{item.criterion.id}"] = forms.CharField(
                label=_("Coordinator's comment"),
                required=False,
                initial=review.comment if review else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def reviews(self) -> dict[str, tuple[str, str]]:
        return {
            item.criterion.id: (
                self.cleaned_data.get(f"verdict_{item.criterion.id}", ""),
                self.cleaned_data.get(f"comment_{item.criterion.id}", ""),
            )
            for item in self.assessments
        }

    def rows(self) -> list:
        return [
            (item, self[f"verdict_{item.criterion.id}"], self[f"comment_{item.criterion.id}"])
            for item in self.assessments
        ]
