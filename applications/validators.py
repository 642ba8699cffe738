from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from applications.models import MAX_DOCUMENT_BYTES


def validate_pdf(upload: UploadedFile) -> None:
    """A PDF judged by its content (the %PDF- header and a PDF reader), at most 10 MB."""
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            _("The file is %(size)s; the largest allowed is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_DOCUMENT_BYTES)},
            code="too_large",
        )
    upload.seek(0)
    header = upload.read(5)
    upload.seek(0)
    not_pdf = ValidationError(
        _("The file is not a PDF document. Save the minutes as PDF and choose the file again."), code="not_pdf"
    )
    if header != b"%PDF-":
        raise not_pdf
    try:
        reader = PdfReader(upload)
        len(reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as error:
        raise not_pdf from error
    finally:
        upload.seek(0)
