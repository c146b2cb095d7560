"""The directory as open data: a read-only Open Referral HSDS 3.0 API (docs/api.md).

`/api/hsds/` holds every service that some region's public pages show; `/api/hsds/<elz>/`
exactly what that region's pages show (the services of `RegionContent`, the same selector the
cards use). Every object has a UUID kept in the database (`uuid` on regions, themes,
organisations, services, phones and e-mails); objects that exist only in the API (a location,
a service area, a schedule) get a UUID derived from their service's stored UUID, so they are
as stable as the service. Where our data says more than HSDS can, it goes into documented
extension fields whose names start with `x_` (listed in EXTENSION_FIELDS).

This module reads requests and answers them; the objects themselves are built in
`partners.public.hsds_objects`.

Each list costs the same few queries whatever the data size: a count, one page, and one
prefetch per kind of related record. An object's id that the scope does not show is a 404 from
memory, before the page cache is read (`ShownIds`): made-up ids cost no query and store nothing.
"""

from __future__ import annotations

import hashlib
import json
import math
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from partners import versions
from partners.lib.ages import AGE_BANDS
from partners.models import Organization, Region, Service, Theme
from partners.public.cache import parsed, per_version, public_page
from partners.public.hsds_objects import (
    AGES_TAXONOMY,
    EXTENSION_FIELDS,
    HSDS_VERSION,
    SPEC_DIR,
    THEMES_TAXONOMY,
    age_term_id,
    compact,
    organization_object,
    service_at_location_object,
    service_object,
    taxonomies,
    taxonomy_terms,
)
from partners.public.selectors import get_region
from wegwijzer.errors import api_error

PARAMS = (
    "page", "per_page", "search", "modified_after", "taxonomy_term_id", "taxonomy_id", "organization_id",
    "format", "full", "full_service",
)  # fmt: skip
MAX_PARAM_LENGTH = 100
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500
MAX_FULL_PER_PAGE = 100  # fully nested services (full=true, ndjson): about ten times the work each
MAX_PAGE = 1_000_000  # 500 million records: more than any directory; keeps offsets far from 2^63
MAX_SEARCH = 100
TRUE, FALSE = {"1", "true", "ja", "yes"}, {"", "0", "false", "nee", "no"}


class BadRequest(Exception):
    """A query parameter we cannot read; answered with a 400 and a message."""


def _clean(value: str) -> str:
    """Printable text only (a NUL byte cannot even reach PostgreSQL), trimmed."""
    return "".join(ch for ch in value if ch.isprintable()).strip()


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except (ValueError, AttributeError, TypeError):
        return None


@dataclass(frozen=True)
class ApiQuery:
    """The API's query string, read once: the views answer from it and the page cache keys on it.

    Both see the same thing, so no query string can store a response under another's key: an
    empty parameter is the same as a missing one (for the view and for the key), a parameter that
    cannot be read or that the API does not know is a 400 (`error`) and never stored. Searches,
    dates, ids and page numbers are free text for the cache: they share a fixed number of slots
    per path (`partners.public.cache.FREE_TEXT_SLOTS`), so however many, they cannot grow it.
    """

    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    search: str = ""
    modified_after: datetime | None = None
    taxonomy_term_id: uuid.UUID | None = None
    taxonomy_id: uuid.UUID | None = None
    organization_id: uuid.UUID | None = None
    ndjson: bool = False
    full: bool = False
    full_service: bool = False
    error: str = ""

    @classmethod
    def from_query(cls, query, known_themes: frozenset[str] = frozenset()) -> ApiQuery:
        try:
            return cls._parse(query)
        except BadRequest as exc:
            return cls(error=str(exc))

    @classmethod
    def _parse(cls, query) -> ApiQuery:
        unknown = sorted(name for name in query if name not in PARAMS)
        if unknown:
            raise BadRequest(
                _("Deze API kent de parameter %(names)s niet. Ze kent: %(known)s.")
                % {"names": ", ".join(_clean(name)[:40] for name in unknown[:3]), "known": ", ".join(PARAMS)}
            )
        values = {name: _clean(query.get(name) or "")[:MAX_PARAM_LENGTH] for name in PARAMS}
        fmt = (values["format"] or "json").lower()
        if fmt not in {"json", "ndjson"}:
            raise BadRequest(_("format is json of ndjson."))
        flags = {}
        for name in ("full", "full_service"):
            if values[name].lower() not in TRUE | FALSE:
                raise BadRequest(_("%(name)s is true of false.") % {"name": name})
            flags[name] = values[name].lower() in TRUE
        ids = {}
        for name in ("taxonomy_term_id", "taxonomy_id", "organization_id"):
            ids[name] = _uuid(values[name]) if values[name] else None
            if values[name] and ids[name] is None:
                raise BadRequest(_("%(name)s is een id (een UUID), bv. 6def7cb5-9247-4225-bf36-7b51dc2c1095.") % {"name": name})
        nested = fmt == "ndjson" or flags["full"]
        page, per_page = _page_numbers(values["page"], values["per_page"] or str(_default_per_page(fmt == "ndjson")))
        per_page = min(per_page, MAX_FULL_PER_PAGE if nested else MAX_PER_PAGE)
        return cls(
            page=page,
            per_page=per_page,
            search=" ".join(values["search"].split())[:MAX_SEARCH],
            modified_after=_modified_after(values["modified_after"]) if values["modified_after"] else None,
            ndjson=fmt == "ndjson",
            **flags,
            **ids,
        )

    @property
    def varied(self) -> bool:
        """Free text for the page cache: anything but the plain list in one of its formats."""
        return bool(
            self.error or self.search or self.modified_after or self.taxonomy_term_id or self.taxonomy_id
            or self.organization_id or self.page != 1 or self.per_page != _default_per_page(self.ndjson)
        )  # fmt: skip

    def items(self, **changes) -> list[tuple[str, str]]:
        query = replace(self, **changes)
        items = [
            ("page", str(query.page) if query.page != 1 else ""),
            ("per_page", str(query.per_page) if query.per_page != _default_per_page(query.ndjson) else ""),
            ("search", query.search),
            ("modified_after", query.modified_after.isoformat() if query.modified_after else ""),
            ("taxonomy_term_id", str(query.taxonomy_term_id or "")),
            ("taxonomy_id", str(query.taxonomy_id or "")),
            ("organization_id", str(query.organization_id or "")),
            ("format", "ndjson" if query.ndjson else ""),
            ("full", "true" if query.full else ""),
            ("full_service", "true" if query.full_service else ""),
        ]
        return [(name, value) for name, value in items if value]

    def querystring(self, **changes) -> str:
        if self.error:  # never the key of a response that can be stored
            return "error=" + hashlib.sha256(self.error.encode()).hexdigest()
        return urlencode(self.items(**changes))


def _default_per_page(ndjson: bool) -> int:
    """ndjson is for taking everything: the biggest page unless asked otherwise."""
    return MAX_FULL_PER_PAGE if ndjson else DEFAULT_PER_PAGE


def _page_numbers(page: str, per_page: str) -> tuple[int, int]:
    try:
        numbers = int(page or 1), int(per_page or DEFAULT_PER_PAGE)
    except ValueError:
        raise BadRequest(_("page en per_page zijn gehele getallen, bv. page=2&per_page=50.")) from None
    if min(numbers) < 1:
        raise BadRequest(_("page en per_page beginnen bij 1."))
    if numbers[0] > MAX_PAGE:
        raise BadRequest(_("page is hoogstens %(max)s.") % {"max": MAX_PAGE})
    return numbers


def _modified_after(value: str) -> datetime:
    try:
        moment = parse_datetime(value)
        if moment is None:
            day = parse_date(value)
            moment = datetime.combine(day, time.min) if day else None
        if moment is not None:
            moment = timezone.make_aware(moment) if timezone.is_naive(moment) else moment
            moment = moment.astimezone(UTC)  # 0001-01-01T00:00+01:00 has no UTC moment: OverflowError
    except (ValueError, OverflowError):
        moment = None
    if moment is None:
        raise BadRequest(_("modified_after is geen datum of tijdstip. Schrijf het zo: 2025-01-31 of 2025-01-31T08:00:00Z."))
    return moment


CACHE_PARAMS = (parsed(ApiQuery, *PARAMS, free_text="varied"),)


# -- what a scope holds --------------------------------------------------------------------


def scope_services(region_slug: str | None) -> QuerySet:
    """The services of `/api/hsds/` (region_slug None: those some region shows) or of one region's
    API (what its pages show): the same rules as the public pages, exclusions included."""
    if region_slug is not None:
        return Service.objects.shown_in(get_region(region_slug))
    return Service.objects.shown_anywhere()


def _known_region(region_slug: str | None) -> None:
    """404 for an unknown region, without loading anything (its version is usually in memory)."""
    if region_slug is not None and versions.region_version(region_slug) is None:
        raise Http404


def with_related(services: QuerySet, *, full: bool) -> QuerySet:
    services = services.select_related("organization")
    if not full:
        return services
    regions = Prefetch(
        "regions",
        queryset=Region.objects.order_by("name").select_related("zone").prefetch_related("zone__municipalities__postcodes"),
    )
    return services.prefetch_related("phones", "emails", "themes", "schedules", regions)


def filter_services(services: QuerySet, query: ApiQuery, *, places: bool = False) -> QuerySet:
    """The filters of a list; `places`: the search also finds the street, postcode or city.

    Each filter is a condition on the service or an indexed subquery, never a join that repeats
    rows, so no DISTINCT is needed.
    """
    if query.search:
        q = query.search
        match = Q(name__icontains=q) | Q(description__icontains=q) | Q(organization__name__icontains=q)
        if places:
            match |= Q(city__icontains=q) | Q(postcode=q) | Q(street__icontains=q)
        services = services.filter(match)
    if query.modified_after:
        services = services.filter(updated_at__gte=query.modified_after)
    if query.organization_id:
        services = services.filter(organization__uuid=query.organization_id)
    aged = Q(age_min_months__isnull=False) | Q(age_max_months__isnull=False)
    if query.taxonomy_id:
        if query.taxonomy_id == THEMES_TAXONOMY:
            services = services.filter(id__in=Service.themes.through.objects.values("service_id"))
        elif query.taxonomy_id == AGES_TAXONOMY:
            services = services.filter(aged)
        else:
            services = services.none()
    if query.taxonomy_term_id:
        band = next((b for b in AGE_BANDS.values() if age_term_id(b) == str(query.taxonomy_term_id)), None)
        if band is not None:
            services = services.filter(
                aged,
                Q(age_min_months__isnull=True) | Q(age_min_months__lte=band.high),
                Q(age_max_months__isnull=True) | Q(age_max_months__gte=band.low),
            )
        else:
            themed = Service.themes.through.objects.filter(theme__uuid=query.taxonomy_term_id)
            services = services.filter(id__in=themed.values("service_id"))
    return services


# -- responses -------------------------------------------------------------------------------


def _json(data, status: int = 200) -> HttpResponse:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return HttpResponse(body, status=status, content_type="application/json; charset=utf-8")


def _ndjson(items: Iterable[dict]) -> HttpResponse:
    body = "".join(json.dumps(item, ensure_ascii=False, separators=(",", ":")) + "\n" for item in items)
    return HttpResponse(body, content_type="application/x-ndjson; charset=utf-8")


def _page(request: HttpRequest, query: ApiQuery, total: int, contents: list[dict]) -> HttpResponse:
    """One page: the spec's Page object, or with format=ndjson its contents one a line, with the
    next page in a `Link` header (relative, so it holds nothing of the request's Host)."""
    pages = math.ceil(total / query.per_page) if total else 0
    if query.ndjson:
        response = _ndjson(contents)
        response["X-Total-Count"] = str(total)
        if query.page < pages:
            response["Link"] = f'<{request.path}?{query.querystring(page=query.page + 1)}>; rel="next"'
        return response
    return _json(
        {
            "total_items": total,
            "total_pages": pages,
            "page_number": query.page,
            "size": len(contents),
            "first_page": query.page == 1,
            "last_page": query.page >= pages,
            "empty": total == 0,
            "contents": contents,
        }
    )


def paged(request: HttpRequest, query: ApiQuery, queryset: QuerySet, serialize: Callable[[object], dict | None]) -> HttpResponse:
    """One page of `queryset`: a count and at most MAX_PER_PAGE rows, whatever the data size."""
    total = queryset.count()
    start = (query.page - 1) * query.per_page
    rows = list(queryset[start : start + query.per_page]) if start < total else []
    return _page(request, query, total, [item for item in map(serialize, rows) if item is not None])


def paged_list(request: HttpRequest, query: ApiQuery, items: list[dict]) -> HttpResponse:
    """Page a short list built in Python (taxonomies, terms)."""
    q = query.search.casefold()
    if q:
        items = [i for i in items if q in i["name"].casefold() or q in i.get("description", "").casefold()]
    start = (query.page - 1) * query.per_page
    return _page(request, query, len(items), items[start : start + query.per_page])


def api_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """GET/HEAD only, open to every origin (CORS), JSON errors instead of HTML ones.

    The view gets the request's `ApiQuery`; one it cannot read is answered with a 400 before the view runs.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            response = api_error(405, _("Deze API kan alleen lezen: GET of HEAD."))
            response["Allow"] = "GET, HEAD"
            return response
        query = ApiQuery.from_query(request.GET)
        try:
            if query.error:
                raise BadRequest(query.error)
            response = view(request, query, *args, **kwargs)
        except BadRequest as exc:
            return api_error(400, str(exc))
        except Http404:
            return api_error(404, _("Niet gevonden."))
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


# -- the ids a scope shows ---------------------------------------------------------------------


@dataclass(frozen=True)
class ShownIds:
    """The ids of what one scope shows at one version, as integers (`UUID.int`): its services, the
    service_at_locations of those with an address, their organisations, and the taxonomies and
    terms (the same in every scope)."""

    services: frozenset[int]
    service_at_locations: frozenset[int]
    organizations: frozenset[int]
    taxonomies: frozenset[int]
    taxonomy_terms: frozenset[int]


def shown_ids(region: str | None, token: str | None = None) -> ShownIds | None:
    """What this scope shows, from this process's memory while the scope's version (`token`, read
    here when not given) stands; one query per version and process builds it. None for an unknown
    region.

    Bounded by the data, never by requests: one entry for `/api/hsds/` and one per region (there are
    far fewer regions than `partners.public.cache.MEMORY_DERIVED`), each a few integers per service.
    """
    if token is None:
        if region is None:
            token = versions.site_version()
        else:
            version = versions.region_version(region)
            if version is None:
                return None
            token = version.token
    return per_version(f"hsds:ids:{region or ''}", token, lambda: _load_shown_ids(region))


def _load_shown_ids(region: str | None) -> ShownIds:
    services, located, organizations = set(), set(), set()
    rows = scope_services(region).values_list(
        "uuid", "service_at_location_uuid", "organization__uuid", "street", "postcode", "city"
    )
    for service, at_location, organization, *address in rows:
        services.add(service.int)
        organizations.add(organization.int)
        if any(address):  # as `_located`: an address, or part of one
            located.add(at_location.int)
    terms = [theme.int for theme in Theme.objects.values_list("uuid", flat=True)]
    terms += [uuid.UUID(age_term_id(band)).int for band in AGE_BANDS.values()]
    return ShownIds(
        frozenset(services),
        frozenset(located),
        frozenset(organizations),
        frozenset({THEMES_TAXONOMY.int, AGES_TAXONOMY.int}),
        frozenset(terms),
    )


def _shows(kind: str) -> Callable[..., bool]:
    """`exists` for the page cache: whether the scope in the URL shows the `kind` with the URL's id
    (at the scope's version `token`, which the page cache has just read). A malformed id or an unknown
    one is False: a 404 without a query."""

    def exists(arguments: dict[str, str], token: str | None = None) -> bool:
        value = _uuid(arguments.get("id"))
        if value is None or str(value) != arguments["id"]:
            # Only the id as we write it: uuid.UUID also reads braces, "urn:uuid:", no dashes and any
            # mix of upper and lower case, which would give one record billions of URLs to cache.
            return False
        shown = shown_ids(arguments.get("region"), token)
        return shown is not None and value.int in getattr(shown, kind)

    return exists


def _one(model, field: str, id: str) -> int:
    """The pk of the record whose stored, indexed id `field` is `id`: one indexed query (none for a
    non-UUID), whatever the data size; Http404 when there is none."""
    value = _uuid(id)
    found = model.objects.filter(**{field: value}).values_list("pk", flat=True).first() if value else None
    if found is None:
        raise Http404
    return found


def _shown(service_pk: int, region: str | None) -> bool:
    """Whether the scope holds this one service: a few indexed queries on its links, instead of
    working out the whole scope (which `/api/hsds/` would hash in full for every lookup)."""
    if region is not None:
        return Service.objects.shown_in(get_region(region)).filter(pk=service_pk).exists()
    return Region.objects.showing([service_pk]).exclude(excluded_services=service_pk).exists()


def _service(region: str | None, field: str, id: str) -> Service:
    """One service of this scope by a stored id, with everything related."""
    pk = _one(Service, field, id)
    if not _shown(pk, region):
        raise Http404
    return with_related(Service.objects.filter(pk=pk), full=True).get()


# -- views (region is None for /api/hsds/, else the slug of /api/hsds/<elz>/) ---------------


def _cached(view: Callable[..., HttpResponse] | None = None, *, exists: str = "") -> Callable[..., HttpResponse]:
    """CORS and JSON errors, declared as a public page (the page cache keeps the CORS header; it
    stores only 200s, so an error is never served from it). `exists` names the kind of `ShownIds`
    an object's id must be in: any other id is a 404 before the page cache is read (no query)."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        if not exists:
            return public_page(*CACHE_PARAMS, region="region")(api_view(view))
        shows = _shows(exists)

        @wraps(view)
        def shown_only(request: HttpRequest, query: ApiQuery, *args, **kwargs) -> HttpResponse:
            if not shows(kwargs):  # HEAD, which the page cache leaves to the view, and any request it did not check
                raise Http404
            return view(request, query, *args, **kwargs)

        return public_page(*CACHE_PARAMS, region="region", exists=shows)(api_view(shown_only))

    return decorate(view) if view is not None else decorate


@api_view
def root(request: HttpRequest, query: ApiQuery, region: str | None = None) -> HttpResponse:
    _known_region(region)
    openapi = request.build_absolute_uri(reverse("hsds_openapi"))
    return _json({"version": HSDS_VERSION, "profile": openapi, "openapi_url": openapi})


@_cached
def services(request: HttpRequest, query: ApiQuery, region: str | None = None) -> HttpResponse:
    full = query.full or query.ndjson
    queryset = with_related(filter_services(scope_services(region), query), full=full).order_by("name", "id")
    return paged(request, query, queryset, lambda s: service_object(s, full=full))


@_cached(exists="services")
def service(request: HttpRequest, query: ApiQuery, id: str, region: str | None = None) -> HttpResponse:
    _known_region(region)
    return _json(service_object(_service(region, "uuid", id)))


def _organizations(region: str | None) -> QuerySet:
    return Organization.objects.filter(id__in=scope_services(region).values("organization_id"))


@_cached
def organizations(request: HttpRequest, query: ApiQuery, region: str | None = None) -> HttpResponse:
    queryset = _organizations(region)
    if query.search:
        queryset = queryset.filter(Q(name__icontains=query.search) | Q(description__icontains=query.search))
    return paged(request, query, queryset.order_by("name", "id"), organization_object)


@_cached(exists="organizations")
def organization(request: HttpRequest, query: ApiQuery, id: str, region: str | None = None) -> HttpResponse:
    """One organisation with its services in this scope (at most MAX_PER_PAGE of them)."""
    _known_region(region)
    org = Organization.objects.get(pk=_one(Organization, "uuid", id))
    full = query.full_service
    offered = with_related(scope_services(region).filter(organization=org), full=full).order_by("name", "id")
    services = [service_object(s, full=full) for s in offered[:MAX_PER_PAGE]]
    if not services:  # an organisation of which this scope shows nothing
        raise Http404
    return _json(organization_object(org) | {"services": services})


def _located(region: str | None) -> QuerySet:
    return scope_services(region).exclude(street="", postcode="", city="")


@_cached
def service_at_locations(request: HttpRequest, query: ApiQuery, region: str | None = None) -> HttpResponse:
    queryset = with_related(filter_services(_located(region), query, places=True), full=False).order_by("name", "id")
    return paged(request, query, queryset, service_at_location_object)


@_cached(exists="service_at_locations")
def service_at_location(request: HttpRequest, query: ApiQuery, id: str, region: str | None = None) -> HttpResponse:
    _known_region(region)
    found = service_at_location_object(_service(region, "service_at_location_uuid", id), full_service=True)
    if found is None:  # a service without an address has no service_at_location
        raise Http404
    return _json(found)


@_cached
def taxonomy_list(request: HttpRequest, query: ApiQuery, region: str | None = None) -> HttpResponse:
    _known_region(region)
    return paged_list(request, query, taxonomies())


@_cached(exists="taxonomies")
def taxonomy_detail(request: HttpRequest, query: ApiQuery, id: str, region: str | None = None) -> HttpResponse:
    _known_region(region)
    found = next((t for t in taxonomies() if t["id"] == str(_uuid(id))), None)
    if found is None:
        raise Http404
    return _json(found)


@_cached
def taxonomy_term_list(request: HttpRequest, query: ApiQuery, region: str | None = None) -> HttpResponse:
    _known_region(region)
    terms = taxonomy_terms()
    if query.taxonomy_id:
        terms = [t for t in terms if t["taxonomy_id"] == str(query.taxonomy_id)]
    return paged_list(request, query, terms)


@_cached(exists="taxonomy_terms")
def taxonomy_term_detail(request: HttpRequest, query: ApiQuery, id: str, region: str | None = None) -> HttpResponse:
    _known_region(region)
    found = next((t for t in taxonomy_terms() if t["id"] == str(_uuid(id))), None)
    if found is None:
        raise Http404
    return _json(found)


@_cached
def download(request: HttpRequest, query: ApiQuery, region: str) -> HttpResponse:
    """The whole region as one file: an HSDS service package (every service, fully nested).

    Bounded by what one region shows; stored by the page cache once per version of the region.
    """
    queryset = with_related(scope_services(region), full=True).order_by("name", "id")
    response = _json([service_object(s) for s in queryset])
    response["Content-Disposition"] = f'attachment; filename="wegwijzer-{region}-hsds.json"'
    return response


@_cached
def openapi(request: HttpRequest, query: ApiQuery) -> HttpResponse:
    return _json(openapi_document())


def openapi_document() -> dict:
    """The spec's openapi.json with its placeholders filled in for this API."""
    document = json.loads((SPEC_DIR / "openapi.json").read_text(encoding="utf-8"))
    extensions = "".join(f"\n- `{name}`: {text}" for name, text in EXTENSION_FIELDS.items())
    document["info"] = {
        "title": "Wegwijzer – partnerkaarten als Open Referral HSDS 3.0",
        "version": "1.0.0",
        "summary": "De partners op de kaarten van de eerstelijnszones, alleen lezen, in HSDS 3.0.",
        "description": (
            "Read-only HSDS 3.0 API of the Wegwijzer. `/api/hsds/` holds every service a region shows; "
            "`/api/hsds/{elz}/` what that region's public pages show. Lists take `page`, `per_page` (at most "
            f"{MAX_PER_PAGE}; {MAX_FULL_PER_PAGE} with full=true or format=ndjson), `search`, `modified_after`, `taxonomy_id`, `taxonomy_term_id`, `organization_id`, "
            "`full=true` and `format=ndjson` (one object a line, fully nested; the next page in the `Link` header). "
            "Any other parameter is a 400. Phones are E.164 "
            "(short numbers such as 112 as their digits); `minimum_age`/`maximum_age` are years. "
            "Extension fields (not in HSDS):" + extensions
        ),
        "contact": compact({"name": "Wegwijzer", "url": settings.HSDS_CONTACT_URL}),
        "license": {"name": settings.HSDS_DATA_LICENSE_NAME, "url": settings.HSDS_DATA_LICENSE_URL},
    }
    document["servers"] = [
        {"url": "/api/hsds", "description": "Alle eerstelijnszones"},
        {"url": "/api/hsds/{elz}", "description": "Eén eerstelijnszone", "variables": {"elz": {"default": "leuven"}}},
    ]
    return document
