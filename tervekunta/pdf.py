"""PDF documents rendered from HTML templates with WeasyPrint, offline.

The templates link their print stylesheet relative to the project's `static/` directory
(`<link rel="stylesheet" href="css/print.css">`). The fetcher reads only files inside the
static directories: no network, no CDN, nothing else on the disk. The fonts are the system's
(Debian's fonts-dejavu-core, found through fontconfig), named in the stylesheet.

WeasyPrint needs Pango from the operating system (Debian: libpango-1.0-0 and
libpangoft2-1.0-0); `make install` checks for them and `.ci/run` installs them.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core import checks
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.http import content_disposition_header

# The Debian packages the rendering needs, checked by `make install` and installed by `.ci/run`.
DEBIAN_PACKAGES = ("libpango-1.0-0", "libpangoft2-1.0-0", "fonts-dejavu-core")
# The font print.css names, where fonts-dejavu-core puts it.
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


class RefusedResource(ValueError):
    """A document asked for something outside the static directories."""


def static_roots() -> list[Path]:
    roots = [Path(directory).resolve() for directory in settings.STATICFILES_DIRS]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT).resolve())
    return roots


def local_static_path(url: str) -> Path:
    """The file a `file:` URL names, if it lies inside a static directory; RefusedResource otherwise."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        raise RefusedResource(f"only local static files are read, not {url!r}")
    path = Path(unquote(parts.path)).resolve()
    if not any(path.is_relative_to(root) for root in static_roots()) or not path.is_file():
        raise RefusedResource(f"not a static file: {url!r}")
    return path


def _fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalStaticFetcher(URLFetcher):
        """Reads static files from the disk; refuses every other address (the rendering stops)."""

        def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> URLFetcherResponse:
            path = local_static_path(url)
            media_type = "text/css" if path.suffix == ".css" else "application/octet-stream"
            return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": media_type})

    return LocalStaticFetcher(fail_on_errors=True)


def html_to_pdf(html: str) -> bytes:
    """The PDF of `html`, its relative links read from the project's static directory."""
    from weasyprint import HTML

    base_url = Path(settings.STATICFILES_DIRS[0]).resolve().as_uri() + "/"
    return HTML(string=html, base_url=base_url, url_fetcher=_fetcher()).write_pdf()


def render_pdf(template: str, context: Mapping[str, Any], *, language: str) -> bytes:
    """Render `template` in `language` and return the PDF."""
    with translation.override(language):
        html = render_to_string(template, dict(context))
    return html_to_pdf(html)


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    """A PDF download: saved under `filename`, kept by no cache, not for search engines."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@checks.register(deploy=True)
def check_pdf_rendering(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """`check --deploy`: the decision letters can be rendered here (Pango loads, the font exists)."""
    install = f"apt-get install {' '.join(DEBIAN_PACKAGES)}"
    try:
        import weasyprint  # noqa: F401  (loads Pango through cffi)
    except OSError as error:
        return [
            checks.Error(
                f"WeasyPrint cannot load Pango, so no decision letter can be made: {error}",
                hint=install,
                id="tervekunta.E101",
            )
        ]
    if not FONT.exists():
        return [checks.Warning(f"The letters' font {FONT} is missing.", hint=install, id="tervekunta.W101")]
    return []
