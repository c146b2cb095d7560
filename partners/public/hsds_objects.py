"""The HSDS 3.0 objects the API serves: organisations, services, locations, service areas, taxonomies
and their terms, built from our models; ids stored or derived from a stored UUID (see `partners.public.hsds`).
"""

from __future__ import annotations

import functools
import uuid
from pathlib import Path

from django.conf import settings

from partners.lib.ages import AGE_BANDS, AgeBand
from partners.models import Coverage, Organization, Province, Service, Theme
from partners.models.fields import HSDS_NAMESPACE
from partners.public.postcodes import province_for_postcode

HSDS_VERSION = "3.0"
SPEC_DIR = Path(settings.BASE_DIR) / "docs" / "hsds-3.0" / "schema"
# Derived ids: uuid5(NAMESPACE, "<stored uuid>:<what>") (partners.models.fields.derived_uuid).
NAMESPACE = HSDS_NAMESPACE
THEMES_TAXONOMY = uuid.uuid5(NAMESPACE, "taxonomy:themes")
AGES_TAXONOMY = uuid.uuid5(NAMESPACE, "taxonomy:age-groups")

EXTENSION_FIELDS = {
    "x_key": "our stable key of the service (sleutel), as in the CSV/XLSX import and export",
    "x_anonymous": "the service can be used anonymously",
    "x_always_open": "reachable 24/7",
    "x_channels": "how to reach it: any of phone, chat, email, visit",
    "x_minimum_age_months": "the exact lower age bound in months; negative is before birth (-9: from the start of pregnancy)",
    "x_maximum_age_months": "the exact upper age bound in months, inclusive (216: through 18 years)",
    "x_sociale_kaart_id": "the id of the same offer on De Sociale Kaart (desocialekaart.be)",
}


def derived_id(base: uuid.UUID, what: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{base}:{what}"))


# -- taxonomies ------------------------------------------------------------------------------


@functools.cache
def age_term_id(band: AgeBand) -> str:
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
        "id": age_term_id(band),
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


def compact(obj: dict) -> dict:
    """Leave out empty optional strings: HSDS has no nulls, and "" says nothing."""
    return {key: value for key, value in obj.items() if value not in ("", None)}


def organization_object(org: Organization) -> dict:
    # description is required in HSDS, so it stays even when empty.
    return {"id": str(org.uuid), "name": org.name, "description": org.description} | compact({"website": org.website})


def _attribute(service: Service, term: dict) -> dict:
    return {
        "id": derived_id(service.uuid, f"attribute:{term['id']}"),
        "link_id": str(service.uuid),
        "link_type": "taxonomy_term",
        "link_entity": "service",
        "taxonomy_term_id": term["id"],
        "taxonomy_term": term,
    }


def _area(service: Service, what: str, name: str, description: str = "") -> dict:
    return compact(
        {
            "id": derived_id(service.uuid, f"area:{what}"),
            "service_id": str(service.uuid),
            "name": name,
            "description": description,
        }
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
    location_id = derived_id(service.uuid, "location")
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
                "id": derived_id(service.uuid, "address"),
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
        "id": derived_id(service.uuid, "service_at_location"),
        "service_id": str(service.uuid),
        "location_id": location["id"],
        "location": location,
        "service": service_object(service, full=full_service),
    }


def service_object(service: Service, *, full: bool = True) -> dict:
    """A service: its one-to-one fields and organisation, and with `full` everything related."""
    emails = list(service.emails.all()) if full else []
    obj = compact(
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
            compact({"id": str(p.uuid), "service_id": str(service.uuid), "number": p.number, "description": p.label})
            for p in service.phones.all()
        ]
        obj["contacts"] = [
            compact({"id": str(e.uuid), "service_id": str(service.uuid), "email": e.address, "name": e.label}) for e in emails
        ]
        obj["schedules"] = schedule_objects(service)
        obj["service_areas"] = service_areas(service)
        location = service_at_location_object(service)
        if location:
            location.pop("service")
        obj["service_at_locations"] = [location] if location else []
        terms = [theme_term(t) for t in service.themes.all()] + [age_term(b) for b in _age_bands(service)]
        obj["attributes"] = [_attribute(service, term) for term in terms]
    obj.update(_extensions(service))
    return obj


HOLIDAYS_NOTE = "Gesloten op Belgische feestdagen. Uren in Europe/Brussels."


def schedule_objects(service: Service) -> list[dict]:
    """HSDS schedules: one per weekly row (its stored id), WEEKLY on its day; a closing time at or
    before the opening time ends the next day. Without rows, the free text as a description (24/7,
    or what could not be read as hours)."""
    rows = [] if service.is_always_open else list(service.schedules.all())
    if not rows:
        when = service.availability or ("24/7" if service.is_always_open else "")
        return (
            [{"id": derived_id(service.uuid, "schedule"), "service_id": str(service.uuid), "description": when}] if when else []
        )
    phones = {p.pk: p.number for p in service.phones.all()}
    objects = []
    for row in rows:
        description = row.description
        if row.phone_id and row.phone_id in phones:
            description = " – ".join(part for part in (f"nummer {phones[row.phone_id]}", description) if part)
        notes = " ".join(part for part in (service.availability, HOLIDAYS_NOTE) if part)
        objects.append(
            compact(
                {
                    "id": str(row.uuid),
                    "service_id": str(service.uuid),
                    "freq": "WEEKLY",
                    "wkst": "MO",
                    "byday": row.weekday,
                    "opens_at": row.opens_at.strftime("%H:%M"),
                    "closes_at": row.closes_at.strftime("%H:%M"),
                    "valid_from": row.valid_from.isoformat() if row.valid_from else "",
                    "valid_to": row.valid_to.isoformat() if row.valid_to else "",
                    "description": description,
                    "notes": notes,
                }
            )
        )
    return objects


def _extensions(service: Service) -> dict:
    channels = [name for name, on in [("phone", service.channel_phone), ("chat", service.channel_chat),
                                      ("email", service.channel_email), ("visit", service.channel_visit)] if on]  # fmt: skip
    return compact(
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
