"""A shared cache of each region's public content, invalidated by one content version.

Every public page of a region shows a few hundred records; loading them costs about 17 queries.
`region_content(slug)` keeps the fully loaded `RegionContent` in Django's cache next to the
*content version* it was loaded at, and reads both in one cache call: a warm page costs one query
(with the database cache) whatever the amount of data.

The content version is a random token in the same cache. Any save or delete of a content model
(every model of this app; see `PartnersConfig.ready`) replaces it once the transaction commits,
so the next request of every app instance loads fresh content: an edit in the admin shows on the
next public request. Code that writes without signals (bulk_create, update(), raw SQL) must call
`bump_content_version()` itself.

Whole pages are cached the same way by `@cache_public_page` (any response with its bytes in
memory: HTML pages, and PDFs too): a warm public page is one query and no template rendering,
which is what lets two cores serve over a thousand pages a second.

The cache must be shared by all app instances: the database cache table by default (settings).
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import re
import uuid
from collections.abc import Callable, Iterable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

from partners.public.selectors import RegionContent, get_region

logger = logging.getLogger(__name__)

VERSION_KEY = "wegwijzer:content-version"
# Bump when RegionContent (or what it holds) changes shape: old pickles are then never read.
FORMAT = 1
_PICKLE_ERRORS = (pickle.UnpicklingError, AttributeError, ImportError, TypeError, EOFError, ValueError)


def _content_key(slug: str) -> str:
    return f"wegwijzer:region:{FORMAT}:{slug}"


def bump_content_version() -> str:
    """Give the content a new version: everything cached for the old one is no longer read."""
    token = uuid.uuid4().hex
    cache.set(VERSION_KEY, token, timeout=None)
    setattr(connections["default"], _DIRTY, False)  # this thread's writes are now covered
    return token


def content_version() -> str:
    """The current content version (a new one when the cache lost it)."""
    _flush_pending_bump()
    version = cache.get(VERSION_KEY)
    return version if version is not None else _recover_version()


def _recover_version() -> str:
    # The cache was cleared or culled. add() keeps the first token when instances race.
    cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    return cache.get(VERSION_KEY)


def _get_many(keys: list[str]) -> dict:
    try:
        return cache.get_many(keys)
    except _PICKLE_ERRORS:  # written by another code version: treat it as a miss
        logger.warning("Unreadable cache entry; it is dropped.")
        cache.delete_many(keys[1:])
        return {}


def region_content(slug: str) -> RegionContent:
    """The region's content, fully loaded, from the shared cache when it is current.

    Raises Http404 for an unknown region (nothing is cached for it).
    """
    _flush_pending_bump()
    key = _content_key(slug)
    found = _get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY) or _recover_version()
    entry = found.get(key)
    if entry is not None and entry[0] == version:
        return entry[1]
    content = RegionContent(get_region(slug)).load_all()
    cache.set(key, (version, content), timeout=settings.CONTENT_CACHE_SECONDS)
    return content


# -- whole pages -----------------------------------------------------------------------------

SITUATION_PARAMS = ("urgentie", "erkenning", "leeftijd", "thema")
CARD_FILTER_PARAMS = ("q", "thema", "leeftijd", "gratis", "taal_dienst")
_MAX_VALUES = 20
_MAX_VALUE_LENGTH = 100
_CACHED_HEADERS = ("Content-Type", "Vary", "Content-Disposition", "Content-Language", "HX-Push-Url")
_SLUGLIKE = re.compile(r"^[\w .,+-]*$")


def _page_key(request: HttpRequest, params: Iterable[str]) -> str | None:
    """The cache key of this request's page, or None when it should not be cached.

    Only query strings made of the page's own parameters, with few and short values, are
    cached; anything else is rendered (from the cached content) without filling the cache.
    """
    if request.method != "GET":
        return None
    items = sorted((name, value) for name, values in request.GET.lists() for value in values)
    if len(items) > _MAX_VALUES:
        return None
    for name, value in items:
        if name not in params or len(value) > _MAX_VALUE_LENGTH or not _SLUGLIKE.match(value):
            return None
    parts = [
        request.path,
        repr(items),
        "htmx" if request.headers.get("HX-Request") == "true" else "",
        get_language() or "",
        timezone.localdate().isoformat(),  # pages may show today's date
    ]
    digest = hashlib.sha256("\x00".join(parts).encode()).hexdigest()
    return f"wegwijzer:page:{FORMAT}:{digest}"


def cache_public_page(*, params: Iterable[str] = ()) -> Callable:
    """Serve a public GET page from the shared cache while the content version is unchanged.

    `params` are the query parameters the page understands; other query strings are not cached.
    Only a 200 without cookies is stored. Use it on pages that show content and nothing
    about the visitor. A warm hit is one cache read (one query with the database cache).
    """
    allowed = frozenset(params)

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            key = _page_key(request, allowed)
            if key is None:
                return view(request, *args, **kwargs)
            _flush_pending_bump()
            found = _get_many([VERSION_KEY, key])
            version = found.get(VERSION_KEY) or _recover_version()
            entry = found.get(key)
            if entry is not None and entry[0] == version:
                _version, status, headers, body = entry
                return HttpResponse(body, status=status, headers=headers)
            response = view(request, *args, **kwargs)
            if _storable(request, response):
                headers = {name: response[name] for name in _CACHED_HEADERS if response.has_header(name)}
                cache.set(key, (version, response.status_code, headers, response.content), settings.CONTENT_CACHE_SECONDS)
            return response

        return wrapper

    return decorator


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # a page with a CSRF token is per visitor
        and "no-store" not in response.get("Cache-Control", "")
    )


# -- invalidation -------------------------------------------------------------------------
#
# Signals fire for each saved row. Bumping on every one would cost a cache write per row (a
# content load saves thousands), and bumping inside a transaction would let another instance
# cache the old rows under the new version before the commit. So a change only marks the
# connection; the version changes once after the commit, and earlier in the same thread when it
# reads content before committing (so a test, or a script, sees its own writes).

_DIRTY = "_wegwijzer_content_dirty"  # this thread wrote content it has not yet read back
_PENDING = "_wegwijzer_content_pending"  # a commit is due to bump the version


# Models of this app that hold no public content: saving them changes no public page.
_NOT_CONTENT = {"renderedpdf", "importupload", "editor"}


def content_changed(sender, using: str = "default", **kwargs) -> None:
    """Signal receiver: a content record was saved, deleted or re-linked."""
    if sender._meta.app_label != "partners" or sender._meta.model_name in _NOT_CONTENT:
        return
    connection = connections[using]
    if not connection.in_atomic_block:
        bump_content_version()
        return
    setattr(connection, _DIRTY, True)
    setattr(connection, _PENDING, True)
    transaction.on_commit(lambda: _bump_after_commit(using), using=using)


def _bump_after_commit(using: str) -> None:
    connection = connections[using]
    if getattr(connection, _PENDING, False):
        setattr(connection, _PENDING, False)
        setattr(connection, _DIRTY, False)
        bump_content_version()


def _flush_pending_bump() -> None:
    connection = connections["default"]
    if getattr(connection, _DIRTY, False):
        setattr(connection, _DIRTY, False)
        bump_content_version()


def content_schema_changed(sender, **kwargs) -> None:
    """post_migrate receiver: after a migration (or a test flush) nothing cached may be reused."""
    if sender.label == "partners":
        try:
            bump_content_version()
        except Exception:  # noqa: BLE001 - the cache table may not exist yet on a first migrate
            logger.info("Content version not bumped after migrate: the cache is not ready.")
