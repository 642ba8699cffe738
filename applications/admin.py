from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from applications import services
from applications.criteria import BY_ID
from applications.forms import ForwardForm
from applications.models import Application, ApplicationDocument, CriterionReview
from tervekunta.admin import StatusChangeInline
from tervekunta.admin_a11y import LabelledTabularInline
from tervekunta.confirmation import action_confirmation, is_confirmed
from tervekunta.deletion import PersonalDataAdminMixin


class CriterionReviewInline(LabelledTabularInline):
    model = CriterionReview
    extra = 0
    fields = ["criterion_title", "verdict", "comment", "reviewed_by", "reviewed_at"]
    readonly_fields = fields
    can_delete = False

    @admin.display(description=_("criterion"))
    def criterion_title(self, obj: CriterionReview) -> str:
        return obj.criterion_title

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ApplicationDocumentInline(LabelledTabularInline):
    """The documents as they arrived; the applicant adds them, nobody replaces them here."""

    model = ApplicationDocument
    extra = 0
    fields = ["kind", "deciding_body", "decision_date", "section", "record", "uploaded_at", "open_file"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("file (PDF)"))
    def open_file(self, obj: ApplicationDocument) -> str:
        if not (obj.pk and obj.file):
            return "—"
        url = reverse("applications:coordinator_document", kwargs={"pk": obj.application_id, "document": obj.pk})
        return format_html('<a href="{}">{}</a>', url, _("Open the PDF"))


@admin.register(Application)
class ApplicationAdmin(PersonalDataAdminMixin, SimpleHistoryAdmin):
    """Applications come from the public form; their status changes only through the actions."""

    list_display = ["organisation_name", "kind", "status", "submitted_at", "status_changed_at", "age", "review_link"]
    list_filter = ["status", "kind", "language", "submitted_at"]
    list_select_related = ["municipality", "welfare_region", "organisation"]
    search_fields = [
        "organisation_name",
        "applicant_name",
        "applicant_email",
        "documents__section",
        "documents__record",
    ]
    autocomplete_fields = ["organisation", "municipality", "welfare_region"]
    date_hierarchy = "submitted_at"
    actions = ["forward_to_leadership_group"]
    inlines = [ApplicationDocumentInline, CriterionReviewInline, StatusChangeInline]
    fieldsets = [
        (_("Status"), {"fields": ["status", "status_changed_at", "status_changed_by", "submitted_at", "review_link"]}),
        (
            _("Organisation"),
            {"fields": ["kind", "organisation_name", "municipality", "welfare_region", "organisation"]},
        ),
        (
            _("Applicant"),
            {"fields": ["applicant_name", "applicant_title", "applicant_email", "applicant_phone", "language"]},
        ),
        (
            _("People"),
            {"fields": services.PEOPLE_FIELDS},
        ),
        (
            _("Arrangements and commitments"),
            {
                "fields": [
                    "steering_group_exists",
                    "steering_group_branches",
                    "resources",
                    "website",
                    "confirmed_criteria",
                    "explained_criteria",
                    "free_text",
                ]
            },
        ),
        (
            _("Review and decision"),
            {
                "fields": [
                    "info_request",
                    "info_request_wants_decision",
                    "info_answer",
                    "leadership_decision_date",
                    "feedback",
                ]
            },
        ),
    ]

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        # Everything the applicant wrote and every status field is read-only here.
        return [field for fieldset in self.fieldsets for field in fieldset[1]["fields"]]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.display(description=_("confirmed criteria"))
    def confirmed_criteria(self, obj: Application) -> str:
        titles = [str(BY_ID[c].title) for c in obj.confirmations or [] if c in BY_ID]
        return format_html_join(mark_safe("<br>"), "{}", ((title,) for title in titles)) or "—"

    @admin.display(description=_("explanations of criteria"))
    def explained_criteria(self, obj: Application) -> str:
        rows = [(str(BY_ID[c].title), text) for c, text in (obj.explanations or {}).items() if c in BY_ID]
        return format_html_join(mark_safe("<br>"), "{}: {}", rows) or "—"

    @admin.display(description=_("days in this status"))
    def age(self, obj: Application) -> int:
        return (timezone.now() - obj.status_changed_at).days

    @admin.display(description=_("review"))
    def review_link(self, obj: Application) -> str:
        if obj.pk is None:
            return "—"
        url = reverse("applications:coordinator_review", kwargs={"pk": obj.pk})
        return format_html('<a href="{}">{}</a>', url, _("Open the review page"))

    @admin.action(description=_("Forward to the leadership group"), permissions=["change"])
    def forward_to_leadership_group(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        form = ForwardForm(request.POST if is_confirmed(request) else None)
        if not (is_confirmed(request) and form.is_valid()):
            selected = list(queryset.select_related("municipality", "welfare_region"))
            return action_confirmation(
                request,
                self,
                selected,
                action="forward_to_leadership_group",
                title=_("Forward to the leadership group"),
                intro=_("These applications will be sent to the leadership group for its decision:"),
                objects=[
                    f"{application.display_name} ({application.get_status_display()})" for application in selected
                ],
                form=form,
                confirm_label=_("Yes, forward them"),
            )
        done = 0
        for application in queryset:
            try:
                services.application_forward(
                    application=application, actor=request.user, note=form.cleaned_data["note"]
                )
            except ValidationError as error:
                self.message_user(request, f"{application.organisation_name}: {error.messages[0]}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, _("%(count)d applications forwarded.") % {"count": done}, messages.SUCCESS)
        return None
