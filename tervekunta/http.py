"""Conditional requests and caching for the public pages.

What a public page shows depends on a few *sources* of public content: the register (members
and Statistics Finland's classifications) and the events. Each app registers its source here
with the models it consists of; every save or delete of one of them (signals, so in the same
transaction) counts one more change of the source in `ContentVersion`. Writes that send no
signals (bulk updates, raw SQL) must call `content_changed` themselves. A source may also
depend on time (the end of an event day takes the day off the calendar): its `moments` are
then part of its state. A page's *version* is the state of the sources it shows, read in one
small query, and the revision of the code that renders it. A worker trusts a version it read
for CONTENT_VERSION_MAX_AGE seconds (one by default), so a busy page costs no query at all;
a change made through the same worker shows at once, one made elsewhere within that time.

A page the same for every anonymous reader is kept in the cache under its version, language,
path and query string, and carries them as its ETag with `Cache-Control: public, no-cache`:
browsers and proxies keep it and ask again with If-None-Match, getting 304 until something
changes. A page that shows something personal (a signed-in user, a one-off message) is
`private`, neither kept nor given an ETag. A page with a form holds the reader's CSRF token,
so it is private and never kept as it is sent: what is kept is the page with a placeholder
where the token goes, filled in for each reader. Its ETag names the reader's CSRF cookie as
well, so that a 304 never revives a token the reader no longer holds.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.template.response import SimpleTemplateResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

PAGE_CACHE_SECONDS = 60 * 60


@dataclass(frozen=True)
class Part:
    """A piece of a source's state at a moment: an SQL expression of type text, and its parameters."""

    sql: str
    params: Sequence = ()


@dataclass(frozen=True)
class Source:
    name: str
    moments: Callable[[datetime.datetime], list[Part]] | None


_sources: dict[str, Source] = {}


def register_source(
    name: str,
    models: Sequence[type[Model]],
    *,
    moments: Callable[[datetime.datetime], list[Part]] | None = None,
) -> None:
    """Make `name` a source of public content made of `models`. A many-to-many field's
    through model counts its additions and removals. `moments(now)`, if given, adds what of
    the source depends on the time (SQL that reads the database at `now`). Apps register their
    sources in `AppConfig.ready()`; pages name the sources they show."""
    _sources[name] = Source(name=name, moments=moments)
    changed = functools.partial(_changed, source=name)
    for model in models:
        uid = f"content-version:{name}:{model._meta.label}"
        if model._meta.auto_created:
            m2m_changed.connect(changed, sender=model, weak=False, dispatch_uid=uid)
        else:
            post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid)
            post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}:delete")


def _changed(*, source: str, action: str = "", **_signal) -> None:
    if action and not action.startswith("post_"):
        return  # a many-to-many change is counted once, after it
    content_changed(source)


def content_changed(source: str) -> None:
    """Count a change of `source`, in the current transaction, so that readers see it exactly
    when they see the change itself."""
    from tervekunta.models import ContentVersion

    # This process sees its own changes at once (and again after the commit, in case another
    # thread of it read the version in between).
    forget_versions()
    transaction.on_commit(forget_versions)
    if ContentVersion.objects.filter(source=source).update(number=F("number") + 1):
        return
    try:
        with transaction.atomic():
            ContentVersion.objects.create(source=source, number=1)
    except IntegrityError:  # created meanwhile by another transaction
        ContentVersion.objects.filter(source=source).update(number=F("number") + 1)


# sources -> (until when it may be trusted, on the monotonic clock; the version)
_trusted: dict[tuple[str, ...], tuple[float, str]] = {}


def forget_versions() -> None:
    """Read every version from the database again at its next use."""
    _trusted.clear()


@functools.cache
def _number_sql() -> str:
    from tervekunta.models import ContentVersion

    table = connection.ops.quote_name(ContentVersion._meta.db_table)
    # The table's name from the model, never from input.
    return f"COALESCE((SELECT CAST(number AS TEXT) FROM {table} WHERE source = %s), '0')"  # noqa: S608


def content_version(*sources: str) -> str:
    """The version of the named sources and of the code: one query, none without sources.

    A process trusts the version it read for settings.CONTENT_VERSION_MAX_AGE seconds, so that
    a busy page costs no query at all; a change made in this process is seen at once, one made
    in another process (another worker or server) at the latest after that time.
    """
    now = time.monotonic()
    if (trusted := _trusted.get(sources)) is not None and trusted[0] > now:
        return trusted[1]
    version = _read_version(sources)
    if (max_age := settings.CONTENT_VERSION_MAX_AGE) > 0:
        _trusted[sources] = (now + max_age, version)
    return version


def _read_version(sources: tuple[str, ...]) -> str:
    now = timezone.now()
    state = code_revision()
    parts = []
    for name in sources:
        source = _sources[name]
        parts.append(Part(_number_sql(), (name,)))
        if source.moments is not None:
            parts += source.moments(now)
    if parts:
        sql = "SELECT " + " || '|' || ".join(f"COALESCE({part.sql}, '')" for part in parts)
        with connection.cursor() as cursor:
            cursor.execute(sql, [param for part in parts for param in part.params])
            (values,) = cursor.fetchone()
        state = f"{state}|{values}"
    return hashlib.blake2b(state.encode(), digest_size=12).hexdigest()


@functools.cache
def code_revision() -> str:
    """A fingerprint of the code, templates, translations and static files this process serves.

    Part of every version, so that a deployment that changes how a page looks changes its
    ETag: a browser does not keep the old page, nor a shared cache serve it.
    """
    roots = [Path(config.path) for config in apps.get_app_configs() if Path(config.path).parent == settings.BASE_DIR]
    roots += [Path(options) for engine in settings.TEMPLATES for options in engine.get("DIRS", [])]
    roots += [Path(path) for path in settings.LOCALE_PATHS]
    files = sorted(
        path for root in set(roots) for path in root.rglob("*") if path.is_file() and "__pycache__" not in path.parts
    )
    # The manifest names every static file by its content (absent in development).
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.is_file():
        files.append(manifest)
    digest = hashlib.blake2b(digest_size=8)
    base = Path(settings.BASE_DIR)
    for path in files:
        # Relative names, so that two instances in different directories agree.
        digest.update(str(path.relative_to(base) if path.is_relative_to(base) else path.name).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def is_shareable(request: HttpRequest) -> bool:
    """True when the page is the same for every anonymous reader."""
    if not request.COOKIES:
        return True  # no session, so neither a signed-in user nor a pending message
    return not request.user.is_authenticated and len(get_messages(request)) == 0


def page_key(request: HttpRequest, version: str) -> str:
    """A key for this page in this language at this version."""
    raw = f"{version}|{get_language()}|{request.path}|{request.GET.urlencode()}"
    return hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()


def not_modified(request: HttpRequest, etag: str) -> HttpResponse | None:
    """304 when the reader already has this version, else None."""
    return get_conditional_response(request, etag=etag)


def mark_cacheable(
    response: HttpResponseBase, *, shareable: bool, etag: str | None = None, personal: bool = True
) -> HttpResponseBase:
    """`public, no-cache` for a shareable page, `private, no-cache` otherwise; the ETag if any.
    A `personal` page differs with the reader's cookies (session, messages): `Vary: Cookie`."""
    if etag is not None:
        response.headers["ETag"] = etag
    if shareable:
        patch_cache_control(response, public=True, no_cache=True)
    else:
        patch_cache_control(response, private=True, no_cache=True)
    if personal:
        patch_vary_headers(response, ("Cookie",))
    return response


def _kept(response: HttpResponse) -> tuple[bytes, dict[str, str]]:
    if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
        response.render()
    return response.content, dict(response.headers)


def _restored(kept: tuple[bytes, dict[str, str]]) -> HttpResponse:
    content, headers = kept
    return HttpResponse(content, headers=headers)


def keep_in_cache(response: HttpResponse, keep: bool) -> HttpResponse:
    """Say whether `versioned_page` keeps this page. By default it keeps only pages asked for
    without a query string: query strings are endless (searches, a crawler's additions), and
    keeping them all would only push the common pages out of the cache."""
    response.keep_in_cache = keep
    return response


def versioned_page(
    *sources: str, personal: bool = True
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A public page whose content depends only on `sources` (and its address and language).

    For a shareable request it answers 304 when the reader has the current version, serves
    the kept copy when there is one, and otherwise renders the page and keeps it. A page that
    is `personal` (it has the site navigation and messages) is shareable only for anonymous
    readers without messages; the others (open data, feeds) always are.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
            if personal and not is_shareable(request):
                response = view(request, *args, **kwargs)
                if response.status_code == 200:
                    mark_cacheable(response, shareable=False)
                return response
            key = page_key(request, content_version(*sources))
            etag = f'"{key}"'
            if (unchanged := not_modified(request, etag)) is not None:
                return mark_cacheable(unchanged, shareable=True, etag=etag, personal=personal)
            if (kept := cache.get(f"page:{key}")) is not None:
                return _restored(kept)
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming:
                return response
            if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
                # The page shows a CSRF token after all: it is this reader's own.
                return mark_cacheable(response, shareable=False)
            mark_cacheable(response, shareable=True, etag=etag, personal=personal)
            if getattr(response, "keep_in_cache", not request.GET):
                cache.set(f"page:{key}", _kept(response), PAGE_CACHE_SECONDS)
            return response

        return wrapper

    return decorator


# Where the reader's CSRF token goes in a kept page with a form; nothing a page shows otherwise.
TOKEN_PLACEHOLDER = "csrf-token-to-be-filled-in-3f9a"  # noqa: S105


def _form_page_etag(request: HttpRequest, version: str) -> str | None:
    """None when the reader has no CSRF cookie yet: the page gives one."""
    if not (secret := request.META.get("CSRF_COOKIE")):
        return None
    raw = f"{page_key(request, version)}|{secret}"
    return '"' + hashlib.blake2b(raw.encode(), digest_size=16).hexdigest() + '"'


def form_page(*sources: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A public page with a form, whose blank form depends only on `sources`. A GET from an
    anonymous reader is answered 304 while the sources, the address, the language and the
    reader's CSRF cookie stay the same. The view gets the version as `version` (None for a
    POST) and renders a blank form with `render_form_page`."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, version=None, **kwargs)
            version = content_version(*sources)
            shareable = is_shareable(request)
            etag = _form_page_etag(request, version) if shareable else None
            if etag and (unchanged := not_modified(request, etag)):
                return mark_cacheable(unchanged, shareable=False, etag=etag)
            response = view(request, *args, version=version, **kwargs)
            if response.status_code == 200:
                # A reader without a CSRF cookie got one with the page: the ETag names it.
                etag = _form_page_etag(request, version) if shareable else None
                mark_cacheable(response, shareable=False, etag=etag)
            return response

        return wrapper

    return decorator


def render_form_page(request: HttpRequest, template: str, context: Callable[[], dict], *, version: str) -> HttpResponse:
    """A page with a blank form. For an anonymous reader the page is rendered once per version,
    language and address with a placeholder for the CSRF token and kept; each reader gets a
    copy with their own token. So no token is ever kept or shared, and the page costs about
    what a kept page without a form does."""
    if not is_shareable(request):
        return render(request, template, context())
    key = f"form-page:{page_key(request, version)}"
    if (html := cache.get(key)) is None:
        html = render_to_string(template, {**context(), "csrf_token": TOKEN_PLACEHOLDER}, request=request)
        if not request.GET:  # as versioned_page: query strings are endless
            cache.set(key, html, PAGE_CACHE_SECONDS)
    return HttpResponse(html.replace(TOKEN_PLACEHOLDER, get_token(request)))


def kept_fragment(name: str, version: str, make: Callable[[], str]) -> str:
    """A part of a page made once per version and language, then served from the cache."""
    key = f"fragment:{name}:{version}:{get_language()}"
    if (fragment := cache.get(key)) is None:
        fragment = make()
        cache.set(key, fragment, PAGE_CACHE_SECONDS)
    return fragment
