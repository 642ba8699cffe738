"""The applicant's pages (no account: a private signed link) and the coordinator's review pages."""

from __future__ import annotations

import functools

from crispy_forms.utils import render_crispy_form
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications import selectors, services
from applications.choices import AdministrativeBranch, ApplicationStatus, Decision
from applications.criteria import DECLARATIONS, assess
from applications.emails import private_url
from applications.forms import (
    AnswerForm,
    ApplicationForm,
    CriterionReviewForm,
    DecisionForm,
    DocumentForm,
    ForwardForm,
    RenewLinkForm,
    RequestInfoForm,
    SubmitForm,
    WithdrawForm,
)
from applications.models import PRIVATE_LINK, Application, ApplicationDocument
from tervekunta import links
from tervekunta.antispam import protect_public_form
from tervekunta.http import form_page, kept_fragment, render_form_page
from tervekunta.permissions import coordinator_required

# --- the applicant ---------------------------------------------------------------------------


def private(view):
    """Resolve the signed link; a tampered or expired one gets the renewal page, not an error."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, token: str, *args, **kwargs) -> HttpResponse:
        try:
            application = links.resolve(
                PRIVATE_LINK,
                token,
                Application.objects.select_related("municipality", "welfare_region", "organisation").prefetch_related(
                    "documents"
                ),
            )
        except links.LinkError as error:
            return render(
                request,
                "applications/application_link.html",
                {"form": RenewLinkForm(), "expired": error.expired, "invalid": not error.expired},
            )
        response = view(request, application, token, *args, **kwargs)
        # The pages behind the link show personal data: no shared or browser cache keeps them.
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
        return response

    return wrapper


def _status_redirect(token: str) -> HttpResponse:
    return redirect("applications:status", token=token)


def _save_form(request: HttpRequest, form: ApplicationForm, application: Application | None) -> HttpResponse | None:
    if not form.is_valid():
        return None
    try:
        application = services.application_save_draft(
            application=application,
            values=form.values(),
            document=form.cleaned_data.get("minutes"),
            language=translation.get_language(),
        )
    except ValidationError as error:
        field = "organisation_choice" if getattr(error, "code", "") == "already_open" else None
        # Model-level errors may name fields the form does not have: show them as the form's own.
        form.add_error(field, ValidationError(error.messages))
        return None
    token = links.make_token(PRIVATE_LINK, application)
    if request.POST.get("action") == "check":
        return redirect("applications:check", token=token)
    messages.success(request, _("The draft is saved. We e-mailed you its private link; you also find it on this page."))
    return _status_redirect(token)


@protect_public_form(key="application")
@form_page("register")  # the organisations to choose from are the register's non-members
def apply(request: HttpRequest, version: str | None) -> HttpResponse:
    if request.method != "POST":
        return render_form_page(request, "applications/application_form.html", lambda: _blank(version), version=version)
    form = ApplicationForm(request.POST, request.FILES)
    if response := _save_form(request, form, None):
        return response
    return render(request, "applications/application_form.html", {"form": form, "application": None})


def _blank(version: str) -> dict:
    # The blank form is the same for everyone: its fields go through the template pack once
    # per register version and language.
    form_html = kept_fragment("application-form", version, lambda: render_crispy_form(ApplicationForm()))
    return {"form_html": form_html, "application": None}


@private
def edit(request: HttpRequest, application: Application, token: str) -> HttpResponse:
    if not application.can_edit:
        messages.info(request, _("The application has been submitted and can no longer be edited."))
        return _status_redirect(token)
    form = ApplicationForm(request.POST or None, request.FILES or None, instance=application)
    if request.method == "POST" and (response := _save_form(request, form, application)):
        return response
    return render(
        request, "applications/application_form.html", {"form": form, "application": application, "token": token}
    )


@private
def check(request: HttpRequest, application: Application, token: str) -> HttpResponse:
    if not application.can_submit:
        return _status_redirect(token)
    form = SubmitForm(request.POST or None, assessments=assess(application))
    missing = services.missing_for_submit(application)

    if request.method == "POST" and form.is_valid():
        try:
            services.application_submit(application=application, explanations=form.explanations())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("applications:submitted", token=token)
    return render(
        request,
        "applications/application_check.html",
        {
            "form": form,
            "application": application,
            "token": token,
            "missing": missing,
            "confirmed": [c for c in DECLARATIONS if c.id in (application.confirmations or [])],
            "branches": [AdministrativeBranch(b).label for b in application.steering_group_branches or []],
        },
    )


@private
def submitted(request: HttpRequest, application: Application, token: str) -> HttpResponse:
    return render(
        request,
        "applications/application_submitted.html",
        {
            "application": application,
            "token": token,
            "private_link": private_url(application, language=translation.get_language()),
        },
    )


def _coordinator_assessment(application: Application) -> list[tuple]:
    """Each criterion with the coordinator's verdict and comment, as the decided application shows them."""
    reviews = {review.criterion: review for review in application.criterion_reviews.all()}
    return [(item.criterion, reviews.get(item.criterion.id)) for item in assess(application)]


@private
def status(request: HttpRequest, application: Application, token: str) -> HttpResponse:
    changes = application.status_changes.select_related("actor")
    return render(
        request,
        "applications/application_detail.html",
        {
            "application": application,
            "token": token,
            "assessments": assess(application, pending_unanswered=application.can_edit),
            "reviews": _coordinator_assessment(application) if application.is_decided else None,
            "changes": changes,
            "private_link": private_url(application, language=translation.get_language()),
        },
    )


@private
def answer(request: HttpRequest, application: Application, token: str) -> HttpResponse:
    if not application.can_answer:
        return _status_redirect(token)
    form = AnswerForm(request.POST or None)
    wants_decision = application.info_request_wants_decision
    document_form = DocumentForm(
        request.POST or None,
        request.FILES or None,
        prefix="document",
        optional=not wants_decision,
        decision_only=wants_decision,
    )
    if request.method == "POST" and form.is_valid() and document_form.is_valid():
        try:
            services.application_answer(
                application=application, answer=form.cleaned_data["answer"], document=document_form.values()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you. Your answer has been sent to the coordinator."))
            return _status_redirect(token)
    return render(
        request,
        "applications/application_answer.html",
        {"form": form, "document_form": document_form, "application": application, "token": token},
    )


@private
def add_document(request: HttpRequest, application: Application, token: str) -> HttpResponse:
    if not application.can_add_document:
        return _status_redirect(token)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_add_document(application=application, values=form.values())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The document has been added to the application."))
            return _status_redirect(token)
    return render(
        request, "applications/application_document.html", {"form": form, "application": application, "token": token}
    )


@private
def withdraw(request: HttpRequest, application: Application, token: str) -> HttpResponse:
    if not application.can_withdraw:
        return _status_redirect(token)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_withdraw(application=application, note=form.cleaned_data["note"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The application has been withdrawn."))
            return _status_redirect(token)
    return render(
        request, "applications/application_withdraw.html", {"form": form, "application": application, "token": token}
    )


def _file_response(application: Application, document_pk: int) -> FileResponse:
    document = get_object_or_404(ApplicationDocument, application=application, pk=document_pk)
    if not document.file:
        raise Http404
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle, content_type="application/pdf", filename=f"{document.kind}-{application.pk}-{document.pk}.pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@private
def document(request: HttpRequest, application: Application, token: str, document: int) -> HttpResponse:
    return _file_response(application, document)


@protect_public_form(key="application_link")
def renew(request: HttpRequest) -> HttpResponse:
    form = RenewLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.application_links_request(email=form.cleaned_data["email"])
        # The same words whether or not the address matched: nobody learns who has applied.
        messages.success(
            request,
            _("If an application was made from that address, a new private link is on its way to it."),
        )
        return redirect("applications:renew")
    return render(request, "applications/application_link.html", {"form": form})


# --- the coordinator -------------------------------------------------------------------------


@coordinator_required
def coordinator_list(request: HttpRequest) -> HttpResponse:
    selected = request.GET.get("status", "")
    applications = selectors.review_queue(selected)
    counts = selectors.status_counts()
    statuses = [(value, label, counts.get(value, 0)) for value, label in ApplicationStatus.choices]
    return render(
        request,
        "applications/coordinator/application_list.html",
        {
            "applications": applications,
            "statuses": statuses,
            "selected": selected,
            "coordinator_section": "applications",
        },
    )


@coordinator_required
def coordinator_review(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application.objects.for_list().prefetch_related("documents"), pk=pk)
    assessments = assess(application)
    reviews = {review.criterion: review for review in application.criterion_reviews.all()}
    form = CriterionReviewForm(request.POST or None, assessments=assessments, reviews=reviews)
    if request.method == "POST" and form.is_valid():
        services.application_review_criteria(application=application, reviews=form.reviews(), actor=request.user)
        messages.success(request, _("The review of the criteria is saved."))
        return redirect("applications:coordinator_review", pk=pk)
    rows = [(item, verdict, comment, item.criterion.evidence(application)) for item, verdict, comment in form.rows()]
    return render(
        request,
        "applications/coordinator/application_review.html",
        {
            "application": application,
            "form": form,
            "rows": rows,
            "changes": application.status_changes.select_related("actor"),
            "coordinator_section": "applications",
        },
    )


@coordinator_required
def coordinator_document(request: HttpRequest, pk: int, document: int) -> HttpResponse:
    return _file_response(get_object_or_404(Application, pk=pk), document)


ACTIONS = {
    "request_info": (RequestInfoForm, "can_request_info"),
    "forward": (ForwardForm, "can_forward"),
    "decide": (DecisionForm, "can_decide"),
}


def _run_action(action: str, application: Application, data: dict, user) -> None:
    if action == "request_info":
        services.application_request_info(
            application=application, question=data["question"], wants_decision=data["wants_decision"], actor=user
        )
    elif action == "forward":
        services.application_forward(application=application, note=data["note"], actor=user)
    elif data["decision"] == Decision.APPROVE:
        services.application_approve(
            application=application, decision_date=data["decision_date"], feedback=data["feedback"], actor=user
        )
    else:
        services.application_reject(
            application=application, decision_date=data["decision_date"], feedback=data["feedback"], actor=user
        )


ACTION_TITLES = {
    "request_info": gettext_lazy("Request more information"),
    "forward": gettext_lazy("Forward to the leadership group"),
    "decide": gettext_lazy("Record the leadership group's decision"),
}


@coordinator_required
def coordinator_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    application = get_object_or_404(Application.objects.for_list(), pk=pk)
    form_class, allowed = ACTIONS[action]
    review_url = reverse("applications:coordinator_review", kwargs={"pk": pk})
    if not getattr(application, allowed):
        messages.error(
            request,
            _("This cannot be done to an application that is “%(status)s”.")
            % {"status": application.get_status_display()},
        )
        return redirect(review_url)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _run_action(action, application, form.cleaned_data, request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Done: the application is now “%(status)s”.")
                % {"status": Application.objects.get(pk=pk).get_status_display()},
            )
            return redirect(review_url)
    return render(
        request,
        "applications/coordinator/application_action.html",
        {
            "application": application,
            "form": form,
            "title": ACTION_TITLES[action],
            "action": action,
            "coordinator_section": "applications",
        },
    )
