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
from django.db.models import Q
from simple_history.utils import bulk_create_with_history

from partners import models as m
from partners.content.loader import (
    FIXTURES_DIR,
    ContentError,
    _Loader,
    contact_fields,
    entry_fields,
    factor_list_fields,
    read_yaml,
    resource_fields,
    section_fields,
    step_fields,
    tier_fields,
    topic_fields,
)
from partners.lib.acting import system_write
from partners.models import Region, Service, Zone
from partners.versions import deferred_bumps

bulk = bulk_create_with_history

TEMPLATE_FILE = FIXTURES_DIR / "leuven.yaml"
TEMPLATE_BLOCKS = ("steps", "factor_lists", "resources", "tiers", "consult_topics", "sections")


def _shared_keys_covering(province: str) -> set[str]:
    """Keys of shared services (of no region) that a region in this province shows."""
    return set(Service.objects.shared().in_area(provinces=[province]).values_list("key", flat=True))


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
@system_write("refresh_template_zones")
def refresh_template_zones() -> int:
    """Give every zone a region (from the template) and bring the template regions up to date.

    A template region whose template (the guidance and the shared services covering it) has not
    changed since it was last written is left alone, so that a second `load_demo` is quick.
    Returns the number of template regions written.
    """
    raw = read_yaml(TEMPLATE_FILE)
    templates: dict[str, dict] = {}
    writer = _TemplateWriter()
    written = 0
    with deferred_bumps():
        for zone in Zone.objects.select_related("region").order_by("name"):
            region = getattr(zone, "region", None)
            if region is None:
                same = Q(slug=zone.slug) | Q(name=region_name(zone))
                region = Region.objects.filter(same, zone__isnull=True).first()
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
            if region is None:
                item = _region_data(zone, {}, has_own_map=False)["region"]
                region = Region(**{k: v for k, v in item.items() if k != "zone"}, zone=zone)
                region.full_clean(validate_unique=False)
                region.save()
            writer.write(region, template)
            Region.objects.filter(pk=region.pk).update(template_fingerprint=fingerprint)
            written += 1
    return written


class _TemplateWriter:
    """Writes the template's guidance into a template region at once (bulk, with history).

    Used for the 59 zones without a map of their own: the per-record loader would take half a
    minute for them. The template is leuven.yaml's guidance, already validated record by record
    when ELZ Leuven itself is loaded, so it needs no second validation here. What each item means,
    field by field, comes from the loader's `*_fields` functions: the two writers share it, and
    tests/public/test_regions.py checks that they write the same template.
    """

    def __init__(self) -> None:
        self.services = {s.key: s for s in Service.objects.all()}
        self.themes = {t.slug: t for t in m.Theme.objects.all()}

    def _service(self, key: str) -> Service:
        try:
            return self.services[key]
        except KeyError:
            raise ContentError(f"sjabloon: dienst '{key}' bestaat niet") from None

    def write(self, region: Region, template: dict) -> None:
        for related in (
            region.steps,
            region.factor_lists,
            region.resources,
            region.tiers,
            region.consult_topics,
            region.sections,
        ):
            related.all().delete()
        bulk(
            [
                m.Step(region=region, key=item["key"], **step_fields(item, order))
                for order, item in enumerate(template["steps"], start=1)
            ],
            m.Step,
        )
        lists = bulk(
            [m.FactorList(region=region, key=i["key"], **factor_list_fields(i)) for i in template["factor_lists"]],
            m.FactorList,
        )
        bulk(
            [
                m.Factor(factor_list=fl, text=text, order=order)
                for fl, item in zip(lists, template["factor_lists"], strict=True)
                for order, text in enumerate(item.get("items", []))
            ],
            m.Factor,
        )
        self._resources(region, template["resources"])
        tiers = bulk(
            [m.UrgencyTier(region=region, slug=i["slug"], **tier_fields(i, order)) for order, i in enumerate(template["tiers"])],
            m.UrgencyTier,
        )
        bulk(
            [
                m.TierContact(
                    tier=tier,
                    service=self._service(c["service"]),
                    theme=self.themes[c["theme"]] if c.get("theme") else None,
                    **contact_fields(c, order),
                )
                for tier, item in zip(tiers, template["tiers"], strict=True)
                for order, c in enumerate(item.get("contacts") or [])
            ],
            m.TierContact,
        )
        topics = bulk(
            [
                m.ConsultTopic(region=region, theme=self.themes[i["theme"]], **topic_fields(i, order))
                for order, i in enumerate(template["consult_topics"])
            ],
            m.ConsultTopic,
        )
        bulk(
            [
                m.ConsultContact(topic=topic, service=self._service(c["service"]), **contact_fields(c, order))
                for topic, item in zip(topics, template["consult_topics"], strict=True)
                for order, c in enumerate(item.get("contacts") or [])
            ],
            m.ConsultContact,
        )
        self._sections(region, template["sections"])

    def _resources(self, region: Region, items: list[dict]) -> None:
        by_key: dict[str, m.Resource] = {}
        for parents in (False, True):  # parents first: children point to them
            batch = []
            for order, item in enumerate(items):
                if bool(item.get("parent")) != parents:
                    continue
                parent = by_key[item["parent"]] if parents else None
                resource = m.Resource(region=region, key=item["key"], parent=parent, **resource_fields(item, order))
                resource.theme_slugs = item.get("themes", [])
                batch.append(resource)
            for resource in bulk(batch, m.Resource):
                by_key[resource.key] = resource
        through = m.Resource.themes.through
        through.objects.bulk_create(
            [
                through(resource_id=resource.pk, theme_id=self.themes[slug].pk)
                for resource in by_key.values()
                for slug in getattr(resource, "theme_slugs", [])
            ]
        )

    def _sections(self, region: Region, items: list[dict]) -> None:
        per_card: dict[str, int] = {}
        sections = []
        for item in items:
            per_card[item["card"]] = per_card.get(item["card"], 0) + 1
            sections.append(
                m.Section(region=region, card=item["card"], slug=item["slug"], **section_fields(item, per_card[item["card"]]))
            )
        sections = bulk(sections, m.Section)

        def entry(section, parent, item, order):
            service = self._service(item["service"]) if item.get("service") else None
            return m.Entry(section=section, parent=parent, service=service, **entry_fields(item, order))

        pairs = [(section, e) for section, item in zip(sections, items, strict=True) for e in item.get("entries") or []]
        tops = bulk([entry(section, None, e, order) for order, (section, e) in _ordered(pairs)], m.Entry)
        bulk(
            [
                entry(section, top, child, order)
                for top, (section, e) in zip(tops, pairs, strict=True)
                for order, child in enumerate(e.get("children") or [])
            ],
            m.Entry,
        )


def _ordered(pairs):
    """(order within its section, pair) for each (section, entry) pair, in the file's order."""
    counts: dict[int, int] = {}
    for section, item in pairs:
        order = counts.get(id(section), 0)
        counts[id(section)] = order + 1
        yield order, (section, item)


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
