"""Downloads of the decision letter (the applicant's private link, the coordinator's review page)
and of the leadership group's memo (the coordinator's list of applications)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications import letters
from applications.models import Application
from applications.views import private
from tervekunta.pdf import pdf_response
from tervekunta.permissions import coordinator_required


def _letter(application: Application) -> HttpResponse:
    if not letters.has_decision_letter(application):
        raise Http404
    return pdf_response(letters.decision_letter_pdf(application), letters.decision_letter_filename(application))


@private
def decision_letter(request: HttpRequest, application: Application, token: str) -> HttpResponse:
    return _letter(application)


@coordinator_required
def coordinator_decision_letter(request: HttpRequest, pk: int) -> HttpResponse:
    return _letter(get_object_or_404(Application.objects.for_list(), pk=pk))


class MemoForm(forms.Form):
    meeting = forms.DateField(label=gettext_lazy("Date of the meeting"))


@coordinator_required
def coordinator_memo(request: HttpRequest) -> HttpResponse:
    # Without a date, the memo is for a meeting held today.
    form = MemoForm(request.GET if "meeting" in request.GET else {"meeting": timezone.localdate()})
    if not form.is_valid():
        messages.error(request, _("Give the date of the meeting, for example 31.12.2026."))
        return redirect("applications:coordinator_list")
    meeting = form.cleaned_data["meeting"]
    language = translation.get_language()
    content = letters.memo_pdf(meeting, letters.memo_applications(meeting), language=language)
    return pdf_response(content, letters.memo_filename(meeting, language))
