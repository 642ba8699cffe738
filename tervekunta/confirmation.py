"""The one confirmation step of the admin's actions: a page that says what will happen, asks for
what the service needs (an end date, a reason, a note) and calls the service only when the
person confirms. Every admin action that changes a status or a membership uses it, through
`templates/admin/confirm_action.html`."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Model
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse

CONFIRMED = "confirmed"
TEMPLATE = "admin/confirm_action.html"


class ConfirmationForm(forms.Form):
    """What a confirmation page asks for; required fields are marked like the admin's own."""

    required_css_class = "required"


def is_confirmed(request: HttpRequest) -> bool:
    """Whether the person pressed the confirm button of the confirmation page."""
    return request.method == "POST" and request.POST.get(CONFIRMED) == "yes"


def add_service_error(form: forms.Form, error: ValidationError) -> None:
    """Show a service's refusal on the form: next to a field the form has, above the form otherwise."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields and field != NON_FIELD_ERRORS else None, errors)


def confirmation_page(
    request: HttpRequest,
    model_admin: admin.ModelAdmin,
    *,
    title: str,
    intro: str,
    confirm_label: str,
    cancel_url: str,
    objects: Iterable[object] = (),
    form: forms.Form | None = None,
    hidden: Iterable[tuple[str, object]] = (),
    original: Model | None = None,
) -> TemplateResponse:
    """The page that asks before anything is written."""
    media = (model_admin.media + form.media) if form is not None else model_admin.media
    return TemplateResponse(
        request,
        TEMPLATE,
        {
            **model_admin.admin_site.each_context(request),
            "title": title,
            "intro": intro,
            "objects": list(objects),
            "form": form,
            "hidden": list(hidden),
            "confirm_label": confirm_label,
            "cancel_url": cancel_url,
            "opts": model_admin.model._meta,
            "original": original,
            "media": media,
        },
    )


def action_confirmation(
    request: HttpRequest,
    model_admin: admin.ModelAdmin,
    selected: Iterable[Model],
    *,
    action: str,
    title: str,
    intro: str,
    confirm_label: str,
    form: forms.Form | None = None,
    objects: Iterable[object] | None = None,
) -> TemplateResponse:
    """The confirmation page of a change-list action: it posts the action and the selection back."""
    opts = model_admin.model._meta
    selected = list(selected)
    return confirmation_page(
        request,
        model_admin,
        title=title,
        intro=intro,
        confirm_label=confirm_label,
        cancel_url=reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
        objects=selected if objects is None else objects,
        form=form,
        hidden=[("action", action), *((helpers.ACTION_CHECKBOX_NAME, obj.pk) for obj in selected)],
    )
