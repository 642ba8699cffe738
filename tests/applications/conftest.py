from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories.applications import pdf_bytes


@pytest.fixture
def pdf_upload():
    return SimpleUploadedFile("poytakirja.pdf", pdf_bytes(), content_type="application/pdf")


@pytest.fixture
def virrat(register):
    from members.models import Municipality

    return Municipality.objects.get(name_fi="Virrat")
