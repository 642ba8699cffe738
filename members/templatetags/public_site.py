from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

register = template.Library()


@lru_cache(maxsize=2048)
def _translated_path(path: str, code: str, current: str) -> str:
    # Resolving and reversing costs more than the rest of the switcher; the answer depends on
    # the URL patterns and the active language (which prefix resolves) alone, so each path is
    # translated once per process.
    return translate_url(path, code)


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """The current page in every language: the same address with another language prefix."""
    request = context.get("request")
    path = request.get_full_path() if request is not None else "/"
    parts = urlsplit(path)
    query = f"?{parts.query}" if parts.query else ""
    current = get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name": info["name_local"].capitalize(),
                "url": _translated_path(parts.path, code, current) + query,
                "current": code == current,
            }
        )
    return links
