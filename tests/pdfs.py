"""Reading back the PDFs the service makes."""

from __future__ import annotations

import io

from pypdf import PdfReader


def pdf_text(content: bytes) -> str:
    """The text of every page, on one line: a PDF breaks lines where the layout does."""
    assert content.startswith(b"%PDF-"), content[:40]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())
