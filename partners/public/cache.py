"""The cache of the public side: each region's loaded content, and whole pages.

Both are valid for one *version* of a region (`partners.versions`; a content change moves it after its commit):
an edit moves the version of the regions it changes, and their next request loads and renders
afresh. Other regions keep their cache.

- `region_content(slug)`: the fully loaded `RegionContent` of a region (about 17 queries to
  load), kept in the shared cache (`default`) next to the version it was loaded at.
- Whole pages: a view declares what its page depends on with `@public_page(param, ...)`; the
  middleware `partners.public.middleware.PublicPageCacheMiddleware` serves a warm page before the
  session, CSRF, auth and messages middleware run, from this process's memory (one cache read:
  the version) or from the shared `pages` cache.

Keys come from meaning, not from the raw query string: each declared `Param` parses its values the
way the view does (unknown themes dropped, order and duplicates irrelevant) and gives a canonical
text; anything a page does not declare is ignored, as the view ignores it. So a page has a small,
known set of variants, and junk in the query string cannot add any.

Bounded by design:
- pages live in their own cache table (`pages`, `MAX_ENTRIES`): a full page cache culls pages,
  never a region's content or a version (and a lost version is recovered from the database);
- a page with free text (`?q=`) is kept in one of `FREE_TEXT_SLOTS` slots per region and page: a
  new search replaces whatever was in its slot, so searches can never crowd out other pages;
- the in-process copy holds at most `MEMORY_PAGES` pages (least recently used goes first);
- a page of one record (an API object by its id) can declare `exists`: a URL that names no record
  the page shows is answered 404 before any cache is read, so made-up ids store nothing and cost
  no query beyond the version (the ids a version shows are kept per process, `per_version`, at
  most `MEMORY_DERIVED` values).

A stored page is kept as it is and, when that is much smaller, gzipped once (`Content-Encoding`
for clients that accept it, as browsers and HTTP libraries do): a large page, such as an API page
of a hundred services, is then a few dozen kB on the wire instead of half a MB.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import logging
import pickle
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache, caches
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.utils.cache import patch_vary_headers

from partners import versions
from partners.lib.store import ProcessStore
from partners.public.selectors import RegionContent, get_region

logger = logging.getLogger(__name__)

# Bump when RegionContent (or what it holds) or a stored page changes shape: old pickles are then never read.
FORMAT = 3
FREE_TEXT_SLOTS = 32
MEMORY_PAGES = 300
MEMORY_DERIVED = 128  # per_version values: the API's id sets of /api/hsds/ and of each region, and a few more
# Stored pages of these types are gzipped too when that saves at least a tenth (small pages seldom do).
COMPRESSIBLE = ("text/", "application/json", "application/x-ndjson", "application/javascript", "image/svg+xml")
COMPRESS_MIN_BYTES = 1024
_PICKLE_ERRORS = (pickle.UnpicklingError, AttributeError, ImportError, TypeError, EOFError, ValueError)
_CACHED_HEADERS = (
    "Content-Type", "Vary", "Content-Disposition", "Content-Language", "HX-Push-Url", "X-Frame-Options",
    "Access-Control-Allow-Origin", "Link", "X-Total-Count",  # the open data API (partners/public/hsds.py)
)  # fmt: skip


@functools.cache
def code_version() -> str:
    """The one fingerprint of how pages look: the templates, the static files (stylesheets, scripts,
    fonts), the compiled translations and the Python code that chooses and orders what a page shows,
    as deployed. A deploy that changes any of them renders pages and PDFs anew (a fix in the ranking
    rules must not wait for the next edit)."""
    digest = hashlib.sha256(str(FORMAT).encode())
    base = Path(settings.BASE_DIR)
    files = [
        *sorted((base / "templates").rglob("*.html")),
        *sorted(p for p in (base / "static").rglob("*") if p.is_file()),
        *sorted((base / "locale").rglob("*.mo")),
        *sorted(
            p for package in ("partners", "wegwijzer") for p in (base / package).rglob("*.py") if "migrations" not in p.parts
        ),
    ]
    for path in files:
        digest.update(str(path.relative_to(base)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


# -- a region's content ------------------------------------------------------------------------


def _content_key(slug: str) -> str:
    return f"wegwijzer:region:{code_version()}:{slug}"


def _get_many(store, keys: list[str]) -> dict:
    try:
        return store.get_many(keys)
    except _PICKLE_ERRORS:  # written by another code version: treat it as a miss
        logger.warning("Unreadable cache entry; it is dropped.")
        store.delete_many(keys)
        return {}


def region_content(slug: str) -> RegionContent:
    """The region's content, fully loaded, from the shared cache when it is current.

    Raises Http404 for an unknown region (nothing is cached for it).
    """
    version_key, key = versions.region_version_key(slug), _content_key(slug)
    found = _get_many(cache, [version_key, key])
    if version_key in found:
        token = found[version_key][0]
    else:
        version = versions.recover_region_version(slug)
        if version is None:
            raise Http404
        token = version.token
    entry = found.get(key)
    if entry is not None and entry[0] == token:
        return entry[1]
    content = RegionContent(get_region(slug)).load_all()
    cache.set(key, (token, content), timeout=settings.CONTENT_CACHE_SECONDS)
    return content


# -- what a page depends on --------------------------------------------------------------------


@dataclass(frozen=True)
class Param:
    """Query parameters a page understands, and their canonical form.

    `canonical(query, known_themes)` returns the text that identifies the variant (the same for
    every query string the view treats alike) and whether it holds free text.
    """

    names: tuple[str, ...]
    canonical: Callable[[QueryDict, frozenset[str]], tuple[str, bool]]


def parsed(parser, *names: str, free_text: str = "") -> Param:
    """A group of parameters read by `parser.from_query(query, known_themes)` (Situation, CardFilters,
    ...): the key is its normalised `querystring()`; `free_text` names its free-text attribute."""

    def canonical(query: QueryDict, themes: frozenset[str]) -> tuple[str, bool]:
        value = parser.from_query(query, themes)
        return value.querystring(), bool(free_text and getattr(value, free_text))

    return Param(names, canonical)


def choice(name: str, values: Iterable[str]) -> Param:
    """One parameter with a fixed set of values (e.g. `choice("taal", ["nl", "fr"])`); others are dropped."""
    allowed = frozenset(values)

    def canonical(query: QueryDict, themes: frozenset[str]) -> tuple[str, bool]:
        value = (query.get(name) or "").strip()
        return (f"{name}={value}" if value in allowed else ""), False

    return Param((name,), canonical)


@dataclass(frozen=True)
class PageSpec:
    """What the page cache, the tests and `make bench` know of a public page (see `public_page`)."""

    params: tuple[Param, ...] = field(default_factory=tuple)
    region: str | None = None  # the URL argument that names the region, if the page belongs to one
    values: tuple[tuple[str, tuple[str, ...]], ...] = ()  # other URL arguments and their values
    examples: tuple[str, ...] = ("",)  # query strings that show the page's variants
    # For a page of one record: whether the URL arguments name a record the page shows at a version,
    # answered from memory (`per_version`); False is a 404 before any cache is read (see `public_page`).
    exists: Callable[[dict[str, str], str], bool] | None = None


# Every public page, by view function: the one list the middleware, the tests and the bench read.
REGISTRY: dict[Callable, PageSpec] = {}


def public_page(
    *params: Param,
    region: str | None = None,
    values: dict[str, Iterable[str]] | None = None,
    examples: Iterable[str] = ("",),
    exists: Callable[[dict[str, str], str], bool] | None = None,
) -> Callable:
    """Declare a public page the page cache may serve: it shows content only, nothing about the visitor,
    and depends on nothing in the request but its path, the declared params and `is_fragment`.

    `region` names the URL argument that holds the region's slug (its version keys the page);
    `values` lists the values of the page's other URL arguments and `examples` some query strings,
    so that `public_urls()` can name every page for the tests and the bench. The decorators around
    the view may be in any order: the middleware finds the spec through `__wrapped__`.

    `exists(url_arguments, version)`, for a page of one record, says from memory whether the record
    is one the page shows at that version (the one its cache key holds): when it is not, the
    middleware answers 404 at once (no cache read, no query, nothing stored), so a flood of made-up
    ids costs nothing and can fill nothing. It must never say False for a record the page shows;
    True for one it does not is harmless (the view answers 404). A page with `exists` of a region
    that does not exist is a 404 too, after the lookup of its version.
    """
    spec = PageSpec(tuple(params), region, tuple((name, tuple(v)) for name, v in (values or {}).items()), tuple(examples), exists)

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        REGISTRY[view] = spec
        return view

    return decorator


def spec_of(view: Callable | None) -> PageSpec | None:
    """The page spec of a resolved view, through any decorators (`functools.wraps` keeps `__wrapped__`)."""
    while view is not None:
        spec = REGISTRY.get(view)
        if spec is not None:
            return spec
        view = getattr(view, "__wrapped__", None)
    return None


def public_urls(region: str = "leuven", *, api: bool = False, urlconf: str = "partners.public.urls") -> list[str]:
    """Every public page of one region and the site's own pages, with their example query strings:
    walked from the URLconf, so a new page is listed by declaring it (tests and `make bench` use this).
    The HTML pages only, unless `api` (then also the API's fixed documents; its objects have their own tests)."""
    from itertools import product

    from django.urls import URLResolver, get_resolver
    from django.urls.resolvers import RoutePattern

    found: list[str] = []

    def walk(patterns, prefix: str, outer: list[str]) -> None:
        for entry in patterns:
            inner = list(getattr(entry.pattern, "converters", {}))
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + str(entry.pattern), outer + inner)
                continue
            spec = spec_of(entry.callback)
            if spec is None or not isinstance(entry.pattern, RoutePattern):
                continue  # not a public page, or a regex route (the API's objects, listed by the API's tests)
            route = prefix + str(entry.pattern)
            if route.startswith("api/") and not api:
                continue
            arguments = outer + inner
            choices = dict(spec.values) | ({spec.region: (region,)} if spec.region else {})
            if any(name not in choices for name in arguments):
                continue
            for combination in product(*(choices[name] for name in arguments)):
                path = route
                for name, value in zip(arguments, combination, strict=True):
                    path = path.replace(f"<slug:{name}>", value)
                found.extend(f"/{path}{example}" for example in spec.examples)

    walk(get_resolver(urlconf).url_patterns, "", [])
    return list(dict.fromkeys(found))


def is_fragment(request: HttpRequest) -> bool:
    """Whether to answer with the HTMX fragment: an HTMX request that is not a history restore.

    Decided once per request; the cache key and the view's choice of template both use this.
    """
    decided = getattr(request, "_wegwijzer_fragment", None)
    if decided is None:
        headers = request.headers
        decided = headers.get("HX-Request") == "true" and headers.get("HX-History-Restore-Request") != "true"
        request._wegwijzer_fragment = decided
    return decided


# -- whole pages -------------------------------------------------------------------------------


@dataclass
class PageSlot:
    """Where one variant of a page lives, and the version it must have."""

    key: str  # the cache key (a slot's key for free text)
    digest: str  # the whole variant
    token: str  # the version


# This process's copy of recently served pages.
memory = ProcessStore(MEMORY_PAGES)
# This process's values worked out from one version's content (`per_version`).
derived = ProcessStore(MEMORY_DERIVED)

T = TypeVar("T")


def per_version(key: str, token: str, build: Callable[[], T]) -> T:
    """The value `build()` gives for the content at version `token`, worked out once per process and
    version and kept in memory (at most MEMORY_DERIVED keys: the caller names them from a fixed set,
    never from a request's free text).

    Read the token before building: what is built is then at least as new as the token says, and
    the next version builds it again.
    """
    entry = derived.get(key)
    if entry is None or entry[0] != token:
        entry = (token, build())
        derived.put(key, entry)
    return entry[1]


def schema_changed(sender, **kwargs) -> None:
    """post_migrate (also after `flush`): this process's pages may describe rows that are gone."""
    memory.clear()
    derived.clear()


def page_slot(request: HttpRequest, spec: PageSpec, region: str | None) -> PageSlot | None:
    """The slot of this request's page (one cache read for the version), or None: not cacheable."""
    if region is not None:
        version = versions.region_version(region)
        if version is None:
            return None  # an unknown region: the view answers 404
        token, themes = version.token, version.themes
    else:
        token, themes = versions.site_version(), frozenset()
    parts, free = [], False
    for param in spec.params:
        text, has_free_text = param.canonical(request.GET, themes)
        parts.append(text)
        free = free or has_free_text
    variant = "\x00".join([code_version(), request.path, *parts, "fragment" if is_fragment(request) else "page"])
    digest = hashlib.sha256(variant.encode()).hexdigest()
    if free:
        slot = int(digest[:8], 16) % FREE_TEXT_SLOTS
        key = f"wegwijzer:page:q:{hashlib.sha256(f'{region}:{request.path}'.encode()).hexdigest()[:16]}:{slot}"
    else:
        key = f"wegwijzer:page:{digest}"
    return PageSlot(key, digest, token)


def accepts_gzip(request: HttpRequest) -> bool:
    """Whether the client takes a gzipped body: `gzip` (or `*`) in Accept-Encoding, not with q=0."""
    for item in request.META.get("HTTP_ACCEPT_ENCODING", "").split(","):
        name, _sep, params = item.partition(";")
        if name.strip().lower() in ("gzip", "*"):
            quality = params.strip().lower().removeprefix("q=").strip()
            try:
                return not quality or float(quality) > 0
            except ValueError:
                return False
    return False


def cached_page(slot: PageSlot, request: HttpRequest) -> HttpResponse | None:
    """The stored page for this slot at its version, from memory or the shared `pages` cache:
    gzipped when it was stored so and the client accepts that."""
    entry = memory.get(slot.key)
    if entry is None or entry[0] != slot.digest or entry[1] != slot.token:
        entry = _get_many(caches["pages"], [slot.key]).get(slot.key)
        if entry is None or entry[0] != slot.digest or entry[1] != slot.token:
            return None
        memory.put(slot.key, entry)
    _digest, _token, status, headers, body, gzipped = entry
    if gzipped is not None and accepts_gzip(request):
        response = HttpResponse(gzipped, status=status, headers=headers)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(body, status=status, headers=headers)
    response["Content-Length"] = str(len(response.content))
    return response


def _gzipped(response: HttpResponse, body: bytes) -> bytes | None:
    """The body gzipped, when it is text of some size and that saves at least a tenth."""
    if len(body) < COMPRESS_MIN_BYTES or response.has_header("Content-Encoding"):
        return None
    if not response.get("Content-Type", "").startswith(COMPRESSIBLE):
        return None
    packed = gzip.compress(body, compresslevel=6, mtime=0)
    return packed if len(packed) <= 0.9 * len(body) else None


def store_page(request: HttpRequest, slot: PageSlot, response: HttpResponse) -> None:
    if not _storable(request, response):
        return
    body = response.content
    gzipped = _gzipped(response, body)
    if gzipped is not None:
        patch_vary_headers(response, ["Accept-Encoding"])  # the stored copy is served by encoding
    headers = {name: response[name] for name in _CACHED_HEADERS if response.has_header(name)}
    entry = (slot.digest, slot.token, response.status_code, headers, body, gzipped)
    memory.put(slot.key, entry)
    caches["pages"].set(slot.key, entry, settings.CONTENT_CACHE_SECONDS)


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # a page with a CSRF token is per visitor
        and "no-store" not in response.get("Cache-Control", "")
        and "private" not in response.get("Cache-Control", "")
    )
