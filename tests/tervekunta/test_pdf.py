"""PDF rendering is offline: only files in the static directories are read, with Debian's fonts."""

from __future__ import annotations

import pytest
from django.conf import settings
from weasyprint.urls import FatalURLFetchingError

from tervekunta.pdf import RefusedResource, html_to_pdf, local_static_path

STATIC = settings.STATICFILES_DIRS[0]


def test_a_static_file_is_read_from_the_disk():
    assert local_static_path(f"file://{STATIC}/css/print.css") == (STATIC / "css" / "print.css").resolve()


@pytest.mark.parametrize(
    "url",
    [
        "https://cdn.example.com/fonts.css",
        "http://127.0.0.1:8000/static/css/print.css",
        "file:///etc/passwd",
        f"file://{STATIC}/../tervekunta/settings.py",
        f"file://{STATIC}/css/no-such-file.css",
        "file://attacker.example/share/x.css",
        "data:text/css,p{color:red}",
    ],
)
def test_anything_else_is_refused(url):
    with pytest.raises(RefusedResource):
        local_static_path(url)


def test_a_document_asking_for_the_network_is_not_rendered():
    with pytest.raises(FatalURLFetchingError):
        html_to_pdf('<link rel="stylesheet" href="https://cdn.example.com/x.css"><p>Hei</p>')
    with pytest.raises(FatalURLFetchingError):
        html_to_pdf('<img src="file:///etc/hostname" alt=""><p>Hei</p>')


def test_the_print_stylesheet_and_the_fonts_are_used():
    from io import BytesIO

    from pypdf import PdfReader

    content = html_to_pdf('<link rel="stylesheet" href="css/print.css"><p>Päätös, Åbo, Närpes, Öja</p>')
    reader = PdfReader(BytesIO(content))
    fonts = {
        str(font.get_object()["/BaseFont"]) for page in reader.pages for font in page["/Resources"]["/Font"].values()
    }
    # print.css names DejaVu Sans (fonts-dejavu-core); without it the text would be set in a serif.
    assert fonts and all(name.endswith("+DejaVu-Sans") for name in fonts), fonts
    assert "Päätös, Åbo, Närpes, Öja" in reader.pages[0].extract_text()


def test_the_deploy_check_names_the_missing_font_and_the_packages(monkeypatch):
    from tervekunta import pdf

    assert pdf.check_pdf_rendering() == []
    monkeypatch.setattr(pdf, "FONT", pdf.Path("/nonexistent/DejaVuSans.ttf"))
    (warning,) = pdf.check_pdf_rendering()
    assert warning.id == "tervekunta.W101"
    assert warning.hint == "apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core"
