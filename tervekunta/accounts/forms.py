from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from tervekunta.mail import queue_mail


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
    )


class StaffPasswordResetForm(PasswordResetForm):
    """Reset links go only to the staff's own addresses; nobody else has a password here."""

    def get_users(self, email: str):
        users = get_user_model()._default_manager.filter(email__iexact=email, is_active=True, is_staff=True)
        return (user for user in users if user.has_usable_password())

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ) -> None:
        # Through the outbox like every other message: the worker sends it, never the request.
        queue_mail(
            to=to_email,
            template=email_template_name.removesuffix(".txt"),
            language=translation.get_language() or settings.LANGUAGE_CODE,
            context=context,
        )
