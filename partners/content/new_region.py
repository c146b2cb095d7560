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

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from simple_history.utils import bulk_create_with_history

from partners import models as m
from partners.content import origin
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
from partners.models import Region, Service, Zone, consult_place, section_place
from partners.versions import deferred_bumps, mark_changed

bulk = bulk_create_with_history

TEMPLATE_FILE = FIXTURES_DIR / "leuven.yaml"
TEMPLATE_BLOCKS = ("steps", "factor_lists", "resources", "tiers", "consult_topics", "sections")


def _shared_keys_covering(province: str) -> set[str]:
    """Keys of shared services (of no region) that a region in this province shows."""
    return set(Service.objects.shared().in_area(provinces=[province]).values_list("key", flat=True))


def _role_fillers(province: str) -> dict[str, list[str]]:
    """place -> keys of the shared services covering this province that fill a role the place needs.

    The template puts them where the wegwijzer sends a professional to that role: Limburg's consult
    on verontrusting under "Consulteer over verontrusting", its Kind en Gezin under the 0–3 section.
    """
    fillers: dict[str, list[str]] = {}
    services = Service.objects.shared().in_area(provinces=[province]).prefetch_related("roles").order_by("name")
    for service in services:
        for role in sorted(service.roles.all(), key=lambda r: (r.order, r.key)):
            for place in role.place_list:
                if service.key not in fillers.setdefault(place, []):
                    fillers[place].append(service.key)
    return fillers


def _template(keep: set[str], data: dict | None = None, fillers: dict[str, list[str]] | None = None) -> dict:
    data = copy.deepcopy(data if data is not None else read_yaml(TEMPLATE_FILE))
    fillers = fillers or {}
    template = {block: data.get(block, []) for block in TEMPLATE_BLOCKS}
    for tier in template["tiers"]:
        tier["contacts"] = [c for c in tier.get("contacts") or [] if c["service"] in keep]
    for topic in template["consult_topics"]:
        topic["contacts"] = [c for c in topic.get("contacts") or [] if c["service"] in keep]
        listed = {c["service"] for c in topic["contacts"]}
        topic["contacts"] += [{"service": key} for key in fillers.get(consult_place(topic["theme"]), []) if key not in listed]
    for section in template["sections"]:
        entries = []
        for entry in section.get("entries") or []:
            children = [c for c in entry.get("children") or [] if c.get("service") in keep]
            if entry.get("service") in keep or children:
                entries.append({**entry, "children": children})
        if section["card"] == "partnerkaart":
            listed = {e.get("service") for e in entries} | {c.get("service") for e in entries for c in e["children"]}
            entries += [{"service": key} for key in fillers.get(section_place(section["slug"]), []) if key not in listed]
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
                province = zone.province
                templates[province] = _template(_shared_keys_covering(province), raw, _role_fillers(province))
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
    """Writes the template's guidance into a template region, keeping what staff made.

    Used for the 59 zones without a map of their own. The template is leuven.yaml's guidance,
    already validated record by record when ELZ Leuven itself is loaded, so it needs no second
    validation here. What each item means, field by field, comes from the loader's `*_fields`
    functions: the two writers share it, and tests/public/test_regions.py checks that they write
    the same template.

    Every record written gets a `template_hash` (partners/content/origin.py). On an update only
    records that are still the template's, unchanged, are updated or deleted (with history);
    what staff added or changed stays, and so does a template record that has staff's records under it.
    New records are created in bulk, with history.
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
        with translation.override(settings.LANGUAGE_CODE):
            self._write(region, template)
        # Bulk creates send no signal: the region's pages change, so say so (not left to a delete's side effect).
        mark_changed({region.pk})

    def _write(self, region: Region, template: dict) -> None:
        self._keyed(
            m.Step,
            list(region.steps.all()),
            [m.Step(region=region, key=i["key"], **step_fields(i, order)) for order, i in enumerate(template["steps"], start=1)],
            key=lambda o: o.key,
        )
        factors = _by_parent(m.Factor.objects.filter(factor_list__region=region), "factor_list_id")
        lists = self._keyed(
            m.FactorList,
            list(region.factor_lists.all()),
            [m.FactorList(region=region, key=i["key"], **factor_list_fields(i)) for i in template["factor_lists"]],
            key=lambda o: o.key,
            children=factors,
        )
        for factor_list, item in zip(lists, template["factor_lists"], strict=True):
            self._list(
                m.Factor,
                factors.get(factor_list.pk, []),
                [m.Factor(factor_list=factor_list, text=t, order=order) for order, t in enumerate(item.get("items", []))],
            )
        self._resources(region, template["resources"])
        tier_contacts = _by_parent(m.TierContact.objects.filter(tier__region=region), "tier_id")
        tiers = self._keyed(
            m.UrgencyTier,
            list(region.tiers.all()),
            [m.UrgencyTier(region=region, slug=i["slug"], **tier_fields(i, order)) for order, i in enumerate(template["tiers"])],
            key=lambda o: o.slug,
            children=tier_contacts,
        )
        for tier, item in zip(tiers, template["tiers"], strict=True):
            self._list(
                m.TierContact,
                tier_contacts.get(tier.pk, []),
                [
                    m.TierContact(
                        tier=tier,
                        service=self._service(c["service"]),
                        theme=self.themes[c["theme"]] if c.get("theme") else None,
                        **contact_fields(c, order),
                    )
                    for order, c in enumerate(item.get("contacts") or [])
                ],
            )
        topic_contacts = _by_parent(m.ConsultContact.objects.filter(topic__region=region), "topic_id")
        topics = self._keyed(
            m.ConsultTopic,
            list(region.consult_topics.all()),
            [
                m.ConsultTopic(region=region, theme=self.themes[i["theme"]], **topic_fields(i, order))
                for order, i in enumerate(template["consult_topics"])
            ],
            key=lambda o: o.theme_id,
            children=topic_contacts,
        )
        for topic, item in zip(topics, template["consult_topics"], strict=True):
            self._list(
                m.ConsultContact,
                topic_contacts.get(topic.pk, []),
                [
                    m.ConsultContact(topic=topic, service=self._service(c["service"]), **contact_fields(c, order))
                    for order, c in enumerate(item.get("contacts") or [])
                ],
            )
        self._sections(region, template["sections"])

    # -- merging: create what is new, update or delete only the template's own, untouched records --

    def _keyed(self, model, stored: list, wanted: list, *, key, children: dict | None = None) -> list:
        """Records with a key of their own (a step, a tier…): the stored one for each wanted key
        (updated when it is the template's, untouched), or a new one. Returns them in `wanted` order."""
        by_key = {key(obj): obj for obj in stored}
        result, create = [], []
        for new in wanted:
            origin.mark(new)
            old = by_key.pop(key(new), None)
            if old is None:
                create.append(new)
                result.append(new)
                continue
            if origin.is_template_record(old) and old.template_hash != new.template_hash:
                for name in origin.TEMPLATE_FIELDS[model._meta.model_name]:
                    setattr(old, name, getattr(new, name))
                old.template_hash = new.template_hash
                old.save()
            result.append(old)
        created = iter(bulk(create, model) if create else [])
        result = [next(created) if obj in create else obj for obj in result]
        for old in by_key.values():
            own_below = any(not origin.is_template_record(c) for c in (children or {}).get(old.pk, []))
            if origin.is_template_record(old) and not own_below:
                old.delete()  # with history: "Onlangs verwijderd" on the dashboard
        return result

    def _list(self, model, stored: list, wanted: list) -> list:
        """Rows without a key (a tier's contacts, a list's factors): a stored row of the template
        that is exactly a wanted one stays; other template rows go; staff's rows always stay."""
        pool: dict[str, list] = {}
        for obj in stored:
            if origin.is_template_record(obj):
                pool.setdefault(obj.template_hash, []).append(obj)
        result, create = [], []
        for new in wanted:
            origin.mark(new)
            same = pool.get(new.template_hash)
            if same:
                result.append(same.pop(0))
            else:
                create.append(new)
                result.append(new)
        created = iter(bulk(create, model) if create else [])
        result = [next(created) if obj in create else obj for obj in result]
        for rest in pool.values():
            for obj in rest:
                obj.delete()
        return result

    def _resources(self, region: Region, items: list[dict]) -> None:
        stored = list(region.resources.all())
        below = _by_parent([r for r in stored if r.parent_id], "parent_id")
        by_key: dict[str, m.Resource] = {}
        for parents in (False, True):  # top-level resources first: the others point to them
            level = [(order, item) for order, item in enumerate(items) if bool(item.get("parent")) == parents]
            wanted = [
                m.Resource(
                    region=region,
                    key=item["key"],
                    parent=by_key[item["parent"]] if parents else None,
                    **resource_fields(item, order),
                )
                for order, item in level
            ]
            existing = {r.pk for r in stored}
            written = self._keyed(
                m.Resource,
                [r for r in stored if bool(r.parent_id) == parents],
                wanted,
                key=lambda o: o.key,
                children=None if parents else below,
            )
            for resource, (_order, item) in zip(written, level, strict=True):
                by_key[resource.key] = resource
                if resource.pk not in existing:
                    resource.themes.set([self.themes[slug] for slug in item.get("themes", [])])

    def _sections(self, region: Region, items: list[dict]) -> None:
        entries = list(m.Entry.objects.filter(section__region=region).order_by("order", "id"))
        tops = _by_parent([e for e in entries if e.parent_id is None], "section_id")
        subs = _by_parent([e for e in entries if e.parent_id], "parent_id")
        per_card: dict[str, int] = {}
        wanted = []
        for item in items:
            per_card[item["card"]] = per_card.get(item["card"], 0) + 1
            wanted.append(
                m.Section(region=region, card=item["card"], slug=item["slug"], **section_fields(item, per_card[item["card"]]))
            )
        sections = self._keyed(
            m.Section,
            list(region.sections.all()),
            wanted,
            key=lambda o: (o.card, o.slug),
            children=_by_parent(entries, "section_id"),
        )

        def entry(section, parent, item, order):
            service = self._service(item["service"]) if item.get("service") else None
            return m.Entry(section=section, parent=parent, service=service, **entry_fields(item, order))

        for section, item in zip(sections, items, strict=True):
            lines = item.get("entries") or []
            stored_tops = tops.get(section.pk, [])
            # A template line with staff's sub-lines under it is staff's too: it stays.
            keep = [e for e in stored_tops if any(not origin.is_template_record(c) for c in subs.get(e.pk, []))]
            placed = self._list(
                m.Entry,
                [e for e in stored_tops if e not in keep],
                [entry(section, None, e, order) for order, e in enumerate(lines)],
            )
            for line, line_item in zip(placed, lines, strict=True):
                self._list(
                    m.Entry,
                    subs.get(line.pk, []),
                    [entry(section, line, child, order) for order, child in enumerate(line_item.get("children") or [])],
                )


def _by_parent(rows, attname: str) -> dict[int, list]:
    result: dict[int, list] = {}
    for row in rows:
        result.setdefault(getattr(row, attname), []).append(row)
    return result


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
        province = found.province
        template = _template(_shared_keys_covering(province), fillers=_role_fillers(province))
        data = _region_data(found, template, has_own_map=True, name=name)
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
