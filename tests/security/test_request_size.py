"""Bodies over the largest allowed upload are refused before they are read; no upload leaves a
temporary file behind, whether it is accepted, refused or cut off half-way."""

from __future__ import annotations

import io
import os
import socket
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter

from applications.models import MAX_DOCUMENT_BYTES, Application
from tervekunta.request_size import max_body_bytes
from tests.applications.test_views import _form_data


@pytest.fixture
def upload_dir(settings, tmp_path):
    directory = tmp_path / "uploads"
    directory.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(directory)
    return directory


@pytest.fixture
def virrat(register):
    from members.models import Municipality

    return Municipality.objects.get(name_fi="Virrat")


def _large_pdf(size: int) -> bytes:
    """A real PDF of about `size` bytes (an attachment makes it large)."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_attachment("liite.bin", os.urandom(size))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_the_limit_is_the_largest_document_and_its_form():
    assert MAX_DOCUMENT_BYTES < max_body_bytes() <= MAX_DOCUMENT_BYTES + 2 * 1024 * 1024


@pytest.mark.django_db
def test_a_body_over_the_limit_gets_a_clear_413_and_nothing_is_written(client, virrat, upload_dir):
    huge = SimpleUploadedFile("poytakirja.pdf", b"%PDF-" + b"0" * (12 * 1024 * 1024), content_type="application/pdf")
    response = client.post("/fi/applications/apply/", _form_data(virrat, minutes=huge))
    assert response.status_code == 413
    body = response.content.decode()
    assert "Tiedosto on liian suuri" in body and "enintään 10,0\xa0MB" in body
    assert not Application.objects.exists()
    assert list(upload_dir.iterdir()) == []


@pytest.mark.django_db
def test_the_refusal_is_in_the_readers_language(client, upload_dir):
    response = client.post("/sv/applications/apply/", data=b"x", content_type="application/octet-stream",
                           CONTENT_LENGTH=str(max_body_bytes() + 1))  # fmt: skip
    assert response.status_code == 413
    assert "Filen är för stor" in response.content.decode()


@pytest.mark.django_db
def test_an_accepted_upload_leaves_no_temporary_file(client, virrat, upload_dir):
    document = _large_pdf(3 * 1024 * 1024)  # over FILE_UPLOAD_MAX_MEMORY_SIZE: spooled to a temporary file
    upload = SimpleUploadedFile("poytakirja.pdf", document, content_type="application/pdf")
    response = client.post(reverse("applications:apply"), _form_data(virrat, minutes=upload))
    assert response.status_code == 302
    assert Application.objects.get().documents.get().file.size == len(document)
    assert list(upload_dir.iterdir()) == []


@pytest.mark.django_db(transaction=True)
def test_an_upload_cut_off_half_way_leaves_no_temporary_file(live_server, upload_dir, register):
    """A client that announces 5 MB, sends 3 MB and goes away: the partial file is removed."""
    boundary = "----tervekunta-test"
    head = (
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="minutes"; filename="poytakirja.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    announced = 5 * 1024 * 1024
    host, port = live_server.url.removeprefix("http://").split(":")
    csrf = "t" * 32  # the form's token equals the cookie's secret, as a browser's would
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{csrf}\r\n'.encode() + head
    )
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(
            (
                "POST /fi/applications/apply/ HTTP/1.1\r\n"
                f"Host: {host}\r\n"
                f"Cookie: csrftoken={csrf}\r\n"
                f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
                f"Content-Length: {announced}\r\n\r\n"
            ).encode()
            + head
        )
        chunk = b"%PDF-" + b"0" * (64 * 1024)
        sent = 0
        while sent < 3 * 1024 * 1024:
            connection.sendall(chunk)
            sent += len(chunk)
        deadline = time.monotonic() + 10
        while not list(upload_dir.iterdir()) and time.monotonic() < deadline:
            time.sleep(0.05)
        seen_during_upload = len(list(upload_dir.iterdir()))
    deadline = time.monotonic() + 10
    while list(upload_dir.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert seen_during_upload == 1, "the upload was not spooled to the temporary directory"
    assert list(upload_dir.iterdir()) == []
