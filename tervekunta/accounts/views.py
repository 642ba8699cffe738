"""Staff sign-in beyond the password: verify a code, enrol an authenticator, reset a password."""

from __future__ import annotations

import segno
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login

from tervekunta.accounts import twofactor
from tervekunta.accounts.forms import CodeForm, StaffPasswordResetForm


def _next(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(wanted, {request.get_host()}, request.is_secure()):
        return wanted
    return reverse("workspace:dashboard")


def _signed_in(request: HttpRequest, device) -> None:
    otp_login(request, device)
    # A new session key once the second factor is given: a key seen before it is worth nothing.
    request.session.cycle_key()


@never_cache
@login_required
def verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_verified() or not twofactor.needs_second_factor(user):
        return redirect(_next(request))
    if not twofactor.has_authenticator(user):
        return redirect(f"{reverse('account:enrol')}?{request.GET.urlencode()}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = twofactor.second_factor_verify(user=user, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            _signed_in(request, device)
            if device.name == twofactor.RECOVERY_NAME:
                left = device.token_set.count()
                messages.warning(
                    request,
                    _("You signed in with a recovery code; %(left)s codes are left. Each works once.") % {"left": left},
                )
            return redirect(_next(request))
    context = {
        "form": form,
        "next": _next(request),
        "demo_code": twofactor.demo_code(user),
        "contact": settings.SUPPORT_EMAIL,
    }
    return render(request, "account/verify.html", context)


@never_cache
@login_required
def enrol(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not twofactor.needs_second_factor(user):
        return redirect(_next(request))
    if twofactor.has_authenticator(user):
        return redirect(f"{reverse('account:verify')}?{request.GET.urlencode()}")
    device = twofactor.authenticator_enrolment_start(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = twofactor.authenticator_enrolment_confirm(user=user, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            _signed_in(request, device)
            # Shown once, in this response only: no page shows them again.
            return render(request, "account/recovery_codes.html", {"codes": codes, "next": _next(request)})
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "next": _next(request),
        "qr": qr.svg_data_uri(scale=5, border=2),
        "secret": twofactor.secret_text(device),
    }
    return render(request, "account/enrol.html", context)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = StaffPasswordResetForm
    template_name = "account/password_reset_form.html"
    email_template_name = "account/email/password_reset.txt"
    subject_template_name = "account/email/password_reset_subject.txt"
    success_url = reverse_lazy("account:password_reset_done")

    def form_valid(self, form):
        # Links in the e-mail lead to the public address, whatever host the request came to.
        self.extra_email_context = {"site_url": settings.SITE_URL}
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "account/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "account/password_reset_confirm.html"
    success_url = reverse_lazy("account:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # Whoever could read the reset e-mail owns the account's password: lift its login lock.
        axes_reset(username=self.user.get_username())
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "account/password_reset_complete.html"
