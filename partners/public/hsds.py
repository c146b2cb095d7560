"""The directory as open data: a read-only Open Referral HSDS 3.0 API (docs/api.md).

`/api/hsds/` holds every service that some region's public pages show; `/api/hsds/<elz>/`
exactly what that region's pages show (the services of `RegionContent`, the same selector the
cards use). Every object has a UUID kept in the database (`uuid` on regions, themes,
organisations, services, phones and e-mails); objects that exist only in the API (a location,
a service area, a schedule) get a UUID derived from their service's stored UUID, so they are
as stable as the service. Where our data says more than HSDS can, it goes into documented
extension fields whose names start with `x_` (listed in EXTENSION_FIELDS).

Each list costs the same few queries whatever the data size: a count, one page, and one
prefetch per kind of related record.
"""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, time
from functools import wraps
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from partners.lib.ages import AGE_BANDS, AgeBand
from partners.models import (
    ConsultContact,
    Coverage,
    Entry,
    Organization,
    Province,
    Region,
    Service,
    Theme,
    TierContact,
)
from partners.public.cache import parsed, public_page, region_content
from partners.public.postcodes import province_for_postcode

HSDS_VERSION = "3.0"
SPEC_DIR = Path(settings.BASE_DIR) / "docs" / "hsds-3.0" / "schema"
# Derived ids: uuid5(NAMESPACE, "<stored uuid>:<what>"). Never change this constant.
NAMESPACE = uuid.UUID("5b0f8a52-3c1e-4f7e-9f5d-2a7c4e1b9d60")
THEMES_TAXONOMY = uuid.uuid5(NAMESPACE, "taxonomy:themes")
AGES_TAXONOMY = uuid.uuid5(NAMESPACE, "taxonomy:age-groups")

PARAMS = (
    "page", "per_page", "search", "modified_after", "taxonomy_term_id", "taxonomy_id", "organization_id",
    "format", "full", "full_service",
)  # fmt: skip
MAX_PARAM_LENGTH = 100


@dataclass(frozen=True)
class ApiQuery:
    """The API parameters a response depends on, for the page cache's key.

    Any parameter at all makes the variant free text for the cache: such responses share a fixed
    number of slots per path (`partners.public.cache.FREE_TEXT_SLOTS`), so page numbers, searches
    and dates, however many, can never grow the cache. A plain list (no parameters) is cached as
    any public page.
    """

    text: str = ""

    @classmethod
    def from_query(cls, query, known_themes: frozenset[str] = frozenset()) -> ApiQuery:
        items = [(name, (query.get(name) or "").strip()[:MAX_PARAM_LENGTH]) for name in PARAMS]
        return cls(urlencode([(name, value) for name, value in items if value]))

    def querystring(self) -> str:
        return self.text


CACHE_PARAMS = (parsed(ApiQuery, *PARAMS, free_text="text"),)
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500
MAX_SEARCH = 100

EXTENSION_FIELDS = {
    "x_key": "our stable key of the service (sleutel), as in the CSV/XLSX import and export",
    "x_anonymous": "the service can be used anonymously",
    "x_always_open": "reachable 24/7",
    "x_channels": "how to reach it: any of phone, chat, email, visit",
    "x_minimum_age_months": "the exact lower age bound in months; negative is before birth (-9: from the start of pregnancy)",
    "x_maximum_age_months": "the exact upper age bound in months, inclusive (216: through 18 years)",
    "x_sociale_kaart_id": "the id of the same offer on De Sociale Kaart (desocialekaart.be)",
}


def _derived(base: uuid.UUID, what: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{base}:{what}"))


class BadRequest(Exception):
    """A query parameter we cannot read; answered with a 400 and a message."""


# -- taxonomies ------------------------------------------------------------------------------


def _age_term_id(band: AgeBand) -> str:
    return str(uuid.uuid5(NAMESPACE, f"age-group:{band.slug}"))


def taxonomies() -> list[dict]:
    return [
        {
            "id": str(THEMES_TAXONOMY),
            "name": "Wegwijzer-thema's",
            "description": "Waarover een zorg om een kind kan gaan; dezelfde thema's als de filters van de partnerkaart.",
            "version": "1",
        },
        {
            "id": str(AGES_TAXONOMY),
            "name": "Leeftijdsgroepen",
            "description": "Voor wie een dienst is, in de leeftijdsgroepen van de wegwijzer (van zwangerschap tot volwassen).",
            "version": "1",
        },
    ]


def _taxonomy(taxonomy_id: uuid.UUID) -> dict:
    return next(t for t in taxonomies() if t["id"] == str(taxonomy_id))


def theme_term(theme: Theme) -> dict:
    return {
        "id": str(theme.uuid),
        "code": theme.slug,
        "name": theme.name,
        "description": f"Wegwijzer-thema: {theme.name}",
        "taxonomy": "Wegwijzer-thema's",
        "taxonomy_id": str(THEMES_TAXONOMY),
        "taxonomy_detail": _taxonomy(THEMES_TAXONOMY),
        "language": "nl",
    }


def age_term(band: AgeBand) -> dict:
    return {
        "id": _age_term_id(band),
        "code": band.slug,
        "name": str(band.label),
        "description": f"{band.label}: van {band.low} tot en met {band.high} maanden",
        "taxonomy": "Leeftijdsgroepen",
        "taxonomy_id": str(AGES_TAXONOMY),
        "taxonomy_detail": _taxonomy(AGES_TAXONOMY),
        "language": "nl",
    }


def taxonomy_terms() -> list[dict]:
    return [theme_term(t) for t in Theme.objects.order_by("order", "name")] + [age_term(b) for b in AGE_BANDS.values()]


def _has_age(service: Service) -> bool:
    return service.age_min_months is not None or service.age_max_months is not None


def _age_bands(service: Service) -> list[AgeBand]:
    if not _has_age(service):
        return []
    return [band for band in AGE_BANDS.values() if band.overlaps(service.age_min_months, service.age_max_months)]


# -- objects ---------------------------------------------------------------------------------


def _years(months: int) -> float | int:
    years = round(max(months, 0) / 12, 2)
    return int(years) if years == int(years) else years


def _compact(obj: dict) -> dict:
    """Leave out empty optional strings: HSDS has no nulls, and "" says nothing."""
    return {key: value for key, value in obj.items() if value not in ("", None)}


def organization_object(org: Organization) -> dict:
    # description is required in HSDS, so it stays even when empty.
    return {"id": str(org.uuid), "name": org.name, "description": org.description} | _compact({"website": org.website})


def _attribute(service: Service, term: dict) -> dict:
    return {
        "id": _derived(service.uuid, f"attribute:{term['id']}"),
        "link_id": str(service.uuid),
        "link_type": "taxonomy_term",
        "link_entity": "service",
        "taxonomy_term_id": term["id"],
        "taxonomy_term": term,
    }


def _area(service: Service, what: str, name: str, description: str = "") -> dict:
    return _compact(
        {"id": _derived(service.uuid, f"area:{what}"), "service_id": str(service.uuid), "name": name, "description": description}
    )


def service_areas(service: Service) -> list[dict]:
    if service.coverage == Coverage.FLANDERS:
        return [_area(service, "flanders", "Vlaanderen en Brussel")]
    if service.coverage == Coverage.PROVINCE:
        label = Province(service.province).label if service.province in Province.values else service.province
        return [_area(service, f"province:{service.province}", f"Provincie {label}" if label != "Brussel" else "Brussel")]
    areas = []
    for region in service.regions.all():
        municipalities = region.zone.municipalities.all() if region.zone_id else []
        places = ", ".join(f"{m.name_nl} ({', '.join(sorted({p.code for p in m.postcodes.all()}))})" for m in municipalities)
        areas.append(_area(service, f"region:{region.uuid}", region.name, f"Gemeenten: {places}" if places else ""))
    return areas


def _location(service: Service) -> dict | None:
    """The service's address as an HSDS location; a partial address only as its description."""
    if not (service.street or service.postcode or service.city):
        return None
    location_id = _derived(service.uuid, "location")
    location = {
        "id": location_id,
        "location_type": "physical",
        "name": service.name,
        "organization_id": str(service.organization.uuid),
    }
    if service.street and service.postcode and service.city:
        province = province_for_postcode(service.postcode)
        location["addresses"] = [
            {
                "id": _derived(service.uuid, "address"),
                "location_id": location_id,
                "address_1": service.street,
                "city": service.city,
                "state_province": Province(province).label if province else "",
                "postal_code": service.postcode,
                "country": "BE",
                "address_type": "physical",
            }
        ]
    else:
        location["description"] = service.address
    return location


def service_at_location_object(service: Service, *, full_service: bool = False) -> dict | None:
    location = _location(service)
    if location is None:
        return None
    return {
        "id": _derived(service.uuid, "service_at_location"),
        "service_id": str(service.uuid),
        "location_id": location["id"],
        "location": location,
        "service": service_object(service, full=full_service),
    }


def service_object(service: Service, *, full: bool = True) -> dict:
    """A service: its one-to-one fields and organisation, and with `full` everything related."""
    emails = list(service.emails.all()) if full else []
    obj = _compact(
        {
            "id": str(service.uuid),
            "organization_id": str(service.organization.uuid),
            "name": service.name,
            "description": service.description,
            "url": service.url,
            "status": "active",
            "application_process": service.application_process,
            "fees_description": "Gratis" if service.is_free else "",
            "minimum_age": _years(service.age_min_months) if service.age_min_months is not None else None,
            "maximum_age": _years(service.age_max_months) if service.age_max_months is not None else None,
            "assured_date": service.assured_date.isoformat() if service.assured_date else "",
            "last_modified": service.updated_at.isoformat(),
        }
    )
    obj["organization"] = organization_object(service.organization)
    if full:
        if emails:
            obj["email"] = emails[0].address
        obj["phones"] = [
            _compact({"id": str(p.uuid), "service_id": str(service.uuid), "number": p.number, "description": p.label})
            for p in service.phones.all()
        ]
        obj["contacts"] = [
            _compact({"id": str(e.uuid), "service_id": str(service.uuid), "email": e.address, "name": e.label}) for e in emails
        ]
        when = service.availability or ("24/7" if service.is_always_open else "")
        obj["schedules"] = (
            [{"id": _derived(service.uuid, "schedule"), "service_id": str(service.uuid), "description": when}] if when else []
        )
        obj["service_areas"] = service_areas(service)
        location = service_at_location_object(service)
        if location:
            location.pop("service")
        obj["service_at_locations"] = [location] if location else []
        terms = [theme_term(t) for t in service.themes.all()] + [age_term(b) for b in _age_bands(service)]
        obj["attributes"] = [_attribute(service, term) for term in terms]
    obj.update(_extensions(service))
    return obj


def _extensions(service: Service) -> dict:
    channels = [name for name, on in [("phone", service.channel_phone), ("chat", service.channel_chat),
                                      ("email", service.channel_email), ("visit", service.channel_visit)] if on]  # fmt: skip
    return _compact(
        {
            "x_key": service.key,
            "x_anonymous": service.is_anonymous,
            "x_always_open": service.is_always_open,
            "x_channels": channels,
            "x_minimum_age_months": service.age_min_months,
            "x_maximum_age_months": service.age_max_months,
            "x_sociale_kaart_id": service.sociale_kaart_id,
        }
    )


# -- what a scope holds --------------------------------------------------------------------


def scope_services(region_slug: str | None) -> QuerySet:
    """The services of `/api/hsds/` (region_slug None) or of one region's API."""
    if region_slug is not None:
        return Service.objects.filter(id__in=list(region_content(region_slug).services))
    referenced = (
        Q(id__in=Entry.objects.filter(service__isnull=False).values("service_id"))
        | Q(id__in=TierContact.objects.values("service_id"))
        | Q(id__in=ConsultContact.objects.values("service_id"))
    )
    covering = (
        Q(coverage=Coverage.FLANDERS)
        | Q(coverage=Coverage.PROVINCE, province__in=Region.objects.values("province"))
        | Q(coverage=Coverage.REGIONS, id__in=Service.regions.through.objects.values("service_id"))
    )
    return Service.objects.filter(covering | referenced)


def with_related(services: QuerySet, *, full: bool) -> QuerySet:
    services = services.select_related("organization")
    if not full:
        return services
    regions = Prefetch(
        "regions",
        queryset=Region.objects.order_by("name").select_related("zone").prefetch_related("zone__municipalities__postcodes"),
    )
    return services.prefetch_related("phones", "emails", "themes", regions)


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except (ValueError, AttributeError, TypeError):
        return None


def _flag(request: HttpRequest, name: str) -> bool:
    return (request.GET.get(name) or "").strip().lower() in {"1", "true", "ja", "yes"}


def _modified_after(value: str) -> datetime:
    value = value.strip()
    try:
        moment = parse_datetime(value)
        if moment is None:
            day = parse_date(value)
            moment = datetime.combine(day, time.min) if day else None
    except ValueError:
        moment = None
    if moment is None:
        raise BadRequest(_("modified_after is geen datum of tijdstip. Schrijf het zo: 2025-01-31 of 2025-01-31T08:00:00Z."))
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _search(request: HttpRequest) -> str:
    return (request.GET.get("search") or "").strip()[:MAX_SEARCH]


def filter_services(services: QuerySet, request: HttpRequest) -> QuerySet:
    q = _search(request)
    if q:
        services = services.filter(Q(name__icontains=q) | Q(description__icontains=q) | Q(organization__name__icontains=q))
    if request.GET.get("modified_after"):
        services = services.filter(updated_at__gte=_modified_after(request.GET["modified_after"]))
    if "organization_id" in request.GET:
        services = services.filter(organization__uuid=_uuid(request.GET["organization_id"]))
    if "taxonomy_id" in request.GET:
        taxonomy = _uuid(request.GET["taxonomy_id"])
        if taxonomy == THEMES_TAXONOMY:
            services = services.filter(themes__isnull=False)
        elif taxonomy == AGES_TAXONOMY:
            services = services.filter(Q(age_min_months__isnull=False) | Q(age_max_months__isnull=False))
        else:
            services = services.none()
    if "taxonomy_term_id" in request.GET:
        term = _uuid(request.GET["taxonomy_term_id"])
        band = next((b for b in AGE_BANDS.values() if term and _age_term_id(b) == str(term)), None)
        if band is not None:
            services = services.filter(
                Q(age_min_months__isnull=False) | Q(age_max_months__isnull=False),
                Q(age_min_months__isnull=True) | Q(age_min_months__lte=band.high),
                Q(age_max_months__isnull=True) | Q(age_max_months__gte=band.low),
            )
        else:
            services = services.filter(themes__uuid=term) if term else services.none()
    return services.distinct()


# -- responses -------------------------------------------------------------------------------


def _json(data, status: int = 200) -> HttpResponse:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return HttpResponse(body, status=status, content_type="application/json; charset=utf-8")


def _error(status: int, message: str) -> HttpResponse:
    return _json({"error": message}, status=status)


def _page_numbers(request: HttpRequest) -> tuple[int, int]:
    try:
        page = int(request.GET.get("page") or 1)
        per_page = int(request.GET.get("per_page") or DEFAULT_PER_PAGE)
    except ValueError:
        raise BadRequest(_("page en per_page zijn gehele getallen, bv. page=2&per_page=50.")) from None
    if page < 1 or per_page < 1:
        raise BadRequest(_("page en per_page beginnen bij 1."))
    return page, min(per_page, MAX_PER_PAGE)


def _ndjson(items: Iterable[dict]) -> HttpResponse:
    body = "".join(json.dumps(item, ensure_ascii=False, separators=(",", ":")) + "\n" for item in items)
    return HttpResponse(body, content_type="application/x-ndjson; charset=utf-8")


def _wants_ndjson(request: HttpRequest) -> bool:
    fmt = (request.GET.get("format") or "json").strip().lower()
    if fmt not in {"json", "ndjson"}:
        raise BadRequest(_("format is json of ndjson."))
    return fmt == "ndjson"


def paged(request: HttpRequest, queryset: QuerySet, serialize: Callable[[object], dict | None]) -> HttpResponse:
    """A page of `queryset` in the spec's Page shape, or all of it as ndjson."""
    if _wants_ndjson(request):
        return _ndjson(item for item in map(serialize, queryset) if item is not None)
    page, per_page = _page_numbers(request)
    total = queryset.count()
    pages = math.ceil(total / per_page) if total else 0
    rows = list(queryset[(page - 1) * per_page : page * per_page])
    contents = [item for item in map(serialize, rows) if item is not None]
    return _json(
        {
            "total_items": total,
            "total_pages": pages,
            "page_number": page,
            "size": len(contents),
            "first_page": page == 1,
            "last_page": page >= pages,
            "empty": total == 0,
            "contents": contents,
        }
    )


def paged_list(request: HttpRequest, items: list[dict]) -> HttpResponse:
    """Page a short list built in Python (taxonomies, terms)."""
    q = _search(request).casefold()
    if q:
        items = [i for i in items if q in i["name"].casefold() or q in i.get("description", "").casefold()]
    if _wants_ndjson(request):
        return _ndjson(items)
    page, per_page = _page_numbers(request)
    pages = math.ceil(len(items) / per_page) if items else 0
    contents = items[(page - 1) * per_page : page * per_page]
    return _json(
        {
            "total_items": len(items),
            "total_pages": pages,
            "page_number": page,
            "size": len(contents),
            "first_page": page == 1,
            "last_page": page >= pages,
            "empty": not items,
            "contents": contents,
        }
    )


def api_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """GET/HEAD only, open to every origin (CORS), JSON errors instead of HTML ones."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            response = view(request, *args, **kwargs)
        except BadRequest as exc:
            response = _error(400, str(exc))
        except Http404:
            response = _error(404, _("Niet gevonden."))
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return require_safe(wrapper)


def _one(queryset: QuerySet, id: str):
    value = _uuid(id)
    found = queryset.filter(uuid=value).first() if value else None
    if found is None:
        raise Http404
    return found


# -- views (region is None for /api/hsds/, else the slug of /api/hsds/<elz>/) ---------------


def _cached(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """CORS and JSON errors, declared as a public page (the page cache keeps the CORS header)."""
    return public_page(*CACHE_PARAMS, region="region")(api_view(_raising(view)))


def _raising(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    # Errors become responses inside the cache too, so an error is never stored (only 200s are).
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadRequest as exc:
            return _error(400, str(exc))
        except Http404:
            return _error(404, _("Niet gevonden."))

    return wrapper


@api_view
def root(request: HttpRequest, region: str | None = None) -> HttpResponse:
    if region is not None:
        region_content(region)  # 404 for an unknown region
    openapi = request.build_absolute_uri(reverse("hsds_openapi"))
    return _json({"version": HSDS_VERSION, "profile": openapi, "openapi_url": openapi})


@_cached
def services(request: HttpRequest, region: str | None = None) -> HttpResponse:
    full = _flag(request, "full") or _wants_ndjson(request)
    queryset = with_related(filter_services(scope_services(region), request), full=full).order_by("name", "id")
    return paged(request, queryset, lambda s: service_object(s, full=full))


@_cached
def service(request: HttpRequest, id: str, region: str | None = None) -> HttpResponse:
    return _json(service_object(_one(with_related(scope_services(region), full=True), id)))


def _organizations(region: str | None) -> QuerySet:
    return Organization.objects.filter(id__in=scope_services(region).values("organization_id"))


@_cached
def organizations(request: HttpRequest, region: str | None = None) -> HttpResponse:
    queryset = _organizations(region)
    q = _search(request)
    if q:
        queryset = queryset.filter(Q(name__icontains=q) | Q(description__icontains=q))
    return paged(request, queryset.order_by("name", "id"), organization_object)


@_cached
def organization(request: HttpRequest, id: str, region: str | None = None) -> HttpResponse:
    org = _one(_organizations(region), id)
    full = _flag(request, "full_service")
    offered = with_related(scope_services(region).filter(organization=org), full=full).order_by("name", "id")
    return _json(organization_object(org) | {"services": [service_object(s, full=full) for s in offered]})


def _located(region: str | None) -> QuerySet:
    return scope_services(region).exclude(street="", postcode="", city="")


@_cached
def service_at_locations(request: HttpRequest, region: str | None = None) -> HttpResponse:
    queryset = filter_services(_located(region), request)
    q = _search(request)
    if q:  # a place name finds what is there, too
        queryset = (queryset | _located(region).filter(Q(city__icontains=q) | Q(postcode=q) | Q(street__icontains=q))).distinct()
    queryset = with_related(queryset, full=False).order_by("name", "id")
    return paged(request, queryset, service_at_location_object)


@_cached
def service_at_location(request: HttpRequest, id: str, region: str | None = None) -> HttpResponse:
    value = _uuid(id)
    for candidate in with_related(_located(region), full=True):
        if value and _derived(candidate.uuid, "service_at_location") == str(value):
            return _json(service_at_location_object(candidate, full_service=True))
    raise Http404


@_cached
def taxonomy_list(request: HttpRequest, region: str | None = None) -> HttpResponse:
    if region is not None:
        region_content(region)
    return paged_list(request, taxonomies())


@_cached
def taxonomy_detail(request: HttpRequest, id: str, region: str | None = None) -> HttpResponse:
    found = next((t for t in taxonomies() if t["id"] == str(_uuid(id))), None)
    if found is None:
        raise Http404
    return _json(found)


@_cached
def taxonomy_term_list(request: HttpRequest, region: str | None = None) -> HttpResponse:
    if region is not None:
        region_content(region)
    terms = taxonomy_terms()
    if "taxonomy_id" in request.GET:
        terms = [t for t in terms if t["taxonomy_id"] == str(_uuid(request.GET["taxonomy_id"]))]
    return paged_list(request, terms)


@_cached
def taxonomy_term_detail(request: HttpRequest, id: str, region: str | None = None) -> HttpResponse:
    found = next((t for t in taxonomy_terms() if t["id"] == str(_uuid(id))), None)
    if found is None:
        raise Http404
    return _json(found)


@_cached
def download(request: HttpRequest, region: str) -> HttpResponse:
    """The whole region as one file: an HSDS service package (every service, fully nested)."""
    content = region_content(region)
    queryset = with_related(Service.objects.filter(id__in=list(content.services)), full=True).order_by("name", "id")
    response = _json([service_object(s) for s in queryset])
    response["Content-Disposition"] = f'attachment; filename="wegwijzer-{content.region.slug}-hsds.json"'
    return response


@public_page()
@api_view
def openapi(request: HttpRequest) -> HttpResponse:
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
            f"{MAX_PER_PAGE}), `search`, `modified_after`, `taxonomy_id`, `taxonomy_term_id`, `organization_id`, "
            "`full=true` and `format=ndjson` (everything, one object a line, fully nested). Phones are E.164 "
            "(short numbers such as 112 as their digits); `minimum_age`/`maximum_age` are years. "
            "Extension fields (not in HSDS):" + extensions
        ),
        "contact": _compact({"name": "Wegwijzer", "url": settings.HSDS_CONTACT_URL}),
        "license": {"name": settings.HSDS_DATA_LICENSE_NAME, "url": settings.HSDS_DATA_LICENSE_URL},
    }
    document["servers"] = [
        {"url": "/api/hsds", "description": "Alle eerstelijnszones"},
        {"url": "/api/hsds/{elz}", "description": "Eén eerstelijnszone", "variables": {"elz": {"default": "leuven"}}},
    ]
    return document
