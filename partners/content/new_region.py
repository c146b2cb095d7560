"""Every eerstelijnszone has a wegwijzer: the template until it starts a partner map of its own.

The template is the guidance of the model region's content file (ELZ Leuven, the paper original):
its step texts, urgency tiers, ACE/PACE lists, signal lists and methods, consult topics and the
sections of both cards. Of the contacts and entries only the shared services are kept, and only
those that cover the zone (Flemish ones everywhere, provincial ones in their province): nothing of
the model region's local partners is copied.

`load_demo` gives every zone without a region one made from the template (`has_own_map=False`)
and refreshes the template in those. `start_own_map` (used by `manage.py new_elz` and the admin's
"Nieuwe ELZ" page) turns such a zone into one with its own map: from then on its editors add
local partners and the template is no longer refreshed there.
"""

from __future__ import annotations

import copy
import hashlib
import json

from django.db import transaction

from partners.content.loader import FIXTURES_DIR, ContentError, _Loader, read_yaml
from partners.models import Coverage, Region, Service, Zone
from partners.signals import deferred_bumps

TEMPLATE_FILE = FIXTURES_DIR / "leuven.yaml"
TEMPLATE_BLOCKS = ("steps", "factor_lists", "resources", "tiers", "consult_topics", "sections")


def _shared_keys_covering(province: str) -> set[str]:
    """Keys of shared services (of no region) that a region in this province shows."""
    services = Service.objects.filter(organization__region__isnull=True)
    covering = services.filter(coverage=Coverage.FLANDERS) | services.filter(coverage=Coverage.PROVINCE, province=province)
    return set(covering.values_list("key", flat=True))


def _template(keep: set[str], data: dict | None = None) -> dict:
    data = copy.deepcopy(data if data is not None else read_yaml(TEMPLATE_FILE))
    template = {block: data.get(block, []) for block in TEMPLATE_BLOCKS}
    for tier in template["tiers"]:
        tier["contacts"] = [c for c in tier.get("contacts") or [] if c["service"] in keep]
    for topic in template["consult_topics"]:
        topic["contacts"] = [c for c in topic.get("contacts") or [] if c["service"] in keep]
    for section in template["sections"]:
        entries = []
        for entry in section.get("entries") or []:
            children = [c for c in entry.get("children") or [] if c.get("service") in keep]
            if entry.get("service") in keep or children:
                entries.append({**entry, "children": children})
        section["entries"] = entries
    return template


def region_name(zone: Zone) -> str:
    return f"ELZ {zone.name}"


def _intro(zone: Zone) -> str:
    return (
        "Maak je je zorgen over het welzijn van een kind in een gezin in een kwetsbare situatie? "
        f"Deze wegwijzer helpt professionals in de eerstelijnszone {zone.name} stap voor stap, met partners en contacten."
    )


def _region_data(zone: Zone, template: dict, *, has_own_map: bool, region: Region | None = None, **values) -> dict:
    item = {
        "slug": region.slug if region else zone.slug,
        "zone": zone.slug,
        "name": region.name if region else region_name(zone),
        "province": zone.province,
        "contact_email": region.contact_email if region else "",
        "website": region.website if region else "",
        "intro": region.intro if region and region.intro else _intro(zone),
        "has_own_map": has_own_map,
    }
    item.update({k: v for k, v in values.items() if v})
    return {"region": item, **template}


def _fingerprint(template: dict) -> str:
    return hashlib.sha256(json.dumps(template, sort_keys=True, default=str).encode()).hexdigest()


@transaction.atomic
def refresh_template_zones() -> int:
    """Give every zone a region (from the template) and bring the template regions up to date.

    A template region whose template (the guidance and the shared services covering it) has not
    changed since it was last written is left alone, so that a second `load_demo` is quick.
    Returns the number of template regions written.
    """
    raw = read_yaml(TEMPLATE_FILE)
    templates: dict[str, dict] = {}
    loader = _Loader()
    written = 0
    with deferred_bumps():
        for zone in Zone.objects.select_related("region").order_by("name"):
            region = getattr(zone, "region", None)
            if region is None:
                region = Region.objects.filter(slug=zone.slug, zone__isnull=True).first()
                if region is not None:  # a region made before the zones existed: it is this zone's
                    region.zone = zone
                    region.save(update_fields=["zone"])
                    continue
            elif region.has_own_map:
                continue
            if zone.province not in templates:
                templates[zone.province] = _template(_shared_keys_covering(zone.province), raw)
            template = templates[zone.province]
            fingerprint = _fingerprint(template)
            if region is not None and region.template_fingerprint == fingerprint:
                continue
            loader.load(_region_data(zone, template, has_own_map=False, region=region), f"sjabloon voor {zone.slug}")
            Region.objects.filter(zone=zone).update(template_fingerprint=fingerprint)
            written += 1
    return written


@transaction.atomic
def start_own_map(*, zone: str, name: str = "", contact_email: str = "") -> Region:
    """Let a zone's wegwijzer show its own partners: it keeps the template's structure to start from."""
    found = Zone.objects.select_related("region").filter(slug=zone).first()
    if found is None:
        raise ContentError(f"Er is geen eerstelijnszone ‘{zone}’. Kies er een uit de lijst van de 60 zones.")
    region = getattr(found, "region", None)
    if region is not None and region.has_own_map:
        raise ContentError(f"{region.name} heeft al een eigen partnerkaart.")
    if name and Region.objects.filter(name=name).exclude(zone=found).exists():
        raise ContentError(f"Er bestaat al een eerstelijnszone met de naam ‘{name}’.")
    if region is None:
        data = _region_data(found, _template(_shared_keys_covering(found.province)), has_own_map=True, name=name)
        data["region"]["contact_email"] = contact_email
        with deferred_bumps():
            _Loader().load(data, f"sjabloon voor {found.slug}")
        return Region.objects.get(zone=found)
    region.has_own_map = True
    region.template_fingerprint = ""
    if name:
        region.name = name
    if contact_email:
        region.contact_email = contact_email
    region.full_clean(validate_unique=False)
    region.save()
    return region
