"""Load the YAML content files (docs/content-format.md) into the database.

Loading is idempotent: records are matched on their stable keys and updated in place, so that
ids, history and admin edits of other fields survive a reload. Lists that belong to a loaded
record (phones, entries of a section, contacts of a tier) are replaced by what the file says.
Only what differs is written: a record or list that already says what the file says is left
alone, so reloading unchanged files adds no history row and moves no region's "versie van".
Everything happens in one transaction: a file with one bad value changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction

from partners.content.geo import add_locality
from partners.content.translations import load_translation
from partners.lib import emails, hours, phones
from partners.lib.acting import system_write
from partners.models import (
    Closure,
    ConsultContact,
    ConsultTopic,
    Coverage,
    Email,
    Entry,
    Factor,
    FactorList,
    Organization,
    Phone,
    Postcode,
    Region,
    Resource,
    Role,
    Schedule,
    Section,
    Service,
    Step,
    Theme,
    TierContact,
    UrgencyTier,
    Zone,
)
from partners.versions import deferred_bumps

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
DEMO_FILES = ("themes.yaml", "roles.yaml", "shared.yaml", "leuven.yaml", "limburg.yaml")
TRANSLATIONS_DIR = FIXTURES_DIR / "translations"  # <code>.yaml: the contactfiche in other languages

CHANNELS = {"bel": "channel_phone", "chat": "channel_chat", "mail": "channel_email", "langskomen": "channel_visit"}


class ContentError(Exception):
    """A content file says something the model cannot hold; the message names the place."""


@dataclass
class LoadReport:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n


def _stored_number(raw: str) -> str | None:
    try:
        return phones.normalize(raw)
    except ValidationError:
        return None  # _save reports it


def _clean(obj: models.Model, where: str, exclude: list[str] | None = None) -> models.Model:
    try:
        obj.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as exc:
        raise ContentError(f"{where}: {exc.message_dict if hasattr(exc, 'error_dict') else exc.messages}") from exc
    return obj


def _save(obj: models.Model, where: str, exclude: list[str] | None = None) -> models.Model:
    _clean(obj, where, exclude).save()
    return obj


def _values(obj: models.Model, names) -> tuple:
    """The stored values of the named fields (a foreign key's id: reading the object would cost a query)."""
    return tuple(getattr(obj, obj._meta.get_field(name).attname) for name in names)


def _upsert(model: type[models.Model], where: str, lookup: dict[str, Any], values: dict[str, Any], exclude=None):
    """The record matched by `lookup`, holding `values`: created, updated, or left alone when it holds them already."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return _save(model(**lookup, **values), where, exclude)
    stored = _values(obj, values)
    for name, value in values.items():
        setattr(obj, name, value)
    _clean(obj, where, exclude)  # cleaning normalises (a phone number, a stripped text) before comparing
    if _values(obj, values) != stored:
        obj.save()
    return obj


def _replace(rows: models.QuerySet, wanted: list[tuple[models.Model, str]], fields: tuple[str, ...]) -> None:
    """Make the rows under one owner the `wanted` ones, in order (each with the place to name in an error).

    When they are that already, field for field, nothing is written; otherwise the old rows go and
    the wanted ones are saved.
    """
    for obj, where in wanted:
        _clean(obj, where)
    if [_values(row, fields) for row in rows] == [_values(obj, fields) for obj, _ in wanted]:
        return
    rows.delete()
    for obj, _ in wanted:
        obj.save()


# -- what an item of a content file says, field by field ----------------------------------------
# One place for both writers: the loader below (record by record, writing only what differs) and
# the template writer of new_region.py (59 template zones at once, in bulk).


def _text(item: dict, name: str) -> str:
    return (item.get(name) or "").strip()


def step_fields(item: dict, order: int) -> dict[str, Any]:
    return {"title": item["title"], "intro": _text(item, "intro"), "body": _text(item, "body"), "order": order}


def factor_list_fields(item: dict) -> dict[str, Any]:
    return {"title": item["title"], "intro": _text(item, "intro"), "url": item.get("url", "")}


def resource_fields(item: dict, order: int) -> dict[str, Any]:
    """All but `parent` and `themes`, which point to other records."""
    return {
        "kind": item["kind"],
        "title": item["title"],
        "description": _text(item, "description"),
        "url": item.get("url") or "",
        "order": order,
    }


def tier_fields(item: dict, order: int) -> dict[str, Any]:
    return {"name": item["name"], "criteria": item["criteria"].strip(), "guidance": _text(item, "guidance"), "order": order}


def topic_fields(item: dict, order: int) -> dict[str, Any]:
    return {"title": item["title"], "order": order}


def contact_fields(item: dict, order: int) -> dict[str, Any]:
    """A tier's or consult topic's contact line, but its `service`."""
    return {"note": item.get("note", ""), "order": order}


def section_fields(item: dict, order: int) -> dict[str, Any]:
    return {"title": item["title"], "intro": _text(item, "intro"), "order": order}


def entry_fields(item: dict, order: int) -> dict[str, Any]:
    """A section's line, but its `service` and `parent`."""
    return {"title": item.get("title", ""), "description": _text(item, "description"), "order": order}


def read_yaml(path: Path) -> dict:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ContentError(f"{path.name}: geen geldige YAML: {exc}") from exc


@transaction.atomic
@system_write("load_files")
def load_files(paths: list[Path]) -> LoadReport:
    """Load the given content files, in order (themes first, then shared, then regions)."""
    loader = _Loader()
    with deferred_bumps():
        for path in paths:
            loader.load(read_yaml(path), path.name)
    return loader.report


class _Loader:
    def __init__(self) -> None:
        self.report = LoadReport()

    def load(self, data: dict, source: str) -> None:
        if "language" in data:
            load_translation(data, source, self.report, ContentError)
            return
        unknown = set(data) - {
            "themes",
            "roles",
            "region",
            "organizations",
            "steps",
            "factor_lists",
            "resources",
            "tiers",
            "consult_topics",
            "sections",
        }
        if unknown:
            raise ContentError(f"{source}: onbekende rubriek(en) {sorted(unknown)}")
        for order, item in enumerate(data.get("themes", [])):
            _upsert(Theme, f"{source} thema {item['slug']}", {"slug": item["slug"]}, {"name": item["name"], "order": order})
            self.report.add("themes")
        for order, item in enumerate(data.get("roles", [])):
            self._role(item, order, source)
        region = self._region(data["region"], source) if "region" in data else None
        for org in data.get("organizations", []):
            self._organization(org, region, source)
        if region is None:
            return
        self._steps(region, data.get("steps", []), source)
        self._factor_lists(region, data.get("factor_lists", []), source)
        self._resources(region, data.get("resources", []), source)
        self._tiers(region, data.get("tiers", []), source)
        self._consult_topics(region, data.get("consult_topics", []), source)
        self._sections(region, data.get("sections", []), source)

    def _role(self, item: dict, order: int, source: str) -> None:
        """An essential role: made when missing, never overwritten (the redactie edits them in the admin)."""
        if Role.objects.filter(key=item["key"]).exists():
            return
        values = {k: item.get(k, "") for k in ("name", "find_url", "find_label", "source")}
        values["places"] = " ".join(item.get("places") or [])
        _save(Role(key=item["key"], order=order, **values), f"{source} rol {item['key']}")
        self.report.add("roles")

    # -- region and directory -------------------------------------------------------------

    def _region(self, item: dict, source: str) -> Region:
        """The region and its zone (`zone:` or, by default, the zone with the region's slug).

        `gemeenten:` lists deelgemeente names the finder should know (Kessel-Lo 3010); the
        municipalities themselves come from the zone.
        """
        zone_slug = item.get("zone", item["slug"])
        zone = Zone.objects.filter(slug=zone_slug).first()
        if zone_slug and zone is None and "zone" in item:
            raise ContentError(f"{source} regio: zone ‘{zone_slug}’ bestaat niet")
        values = {k: item.get(k, "") for k in ("name", "province", "contact_email", "website", "intro")}
        if zone is not None:
            values["province"] = values["province"] or zone.province
            if values["province"] != zone.province:
                raise ContentError(f"{source} regio: zone {zone.name} ligt in {zone.get_province_display()}")
            values["zone"] = zone
        values["has_own_map"] = item.get("has_own_map", True)
        region = _upsert(Region, f"{source} regio", {"slug": item["slug"]}, values)
        for g in item.get("gemeenten", []):
            postcode = str(g["postcode"])
            if (
                not add_locality(g["name"], postcode, zone.pk if zone else None)
                and not Postcode.objects.filter(code=postcode).exists()
            ):
                raise ContentError(f"{source} gemeente {g['name']}: postcode {postcode} bestaat niet")
            self.report.add("localities")
        self.report.add("regions")
        return region

    def _organization(self, item: dict, region: Region | None, source: str) -> None:
        where = f"{source} organisatie {item['name']}"
        org = _upsert(
            Organization,
            where,
            {"name": item["name"], "region": region},
            {"description": item.get("description", ""), "website": item.get("website", "")},
        )
        self.report.add("organizations")
        for svc in item.get("services", []):
            self._service(svc, org, region, source)

    def _service(self, item: dict, org: Organization, region: Region | None, source: str) -> None:
        where = f"{source} dienst {item.get('key', item.get('name'))}"
        coverage = item.get("coverage", Coverage.REGIONS if region else None)
        if coverage not in Coverage.values:
            raise ContentError(f"{where}: werkgebied '{coverage}' is onbekend (regions, province of flanders)")
        unknown_channels = set(item.get("channels", [])) - set(CHANNELS)
        if unknown_channels:
            raise ContentError(f"{where}: onbekend kanaal {sorted(unknown_channels)}")
        address = item.get("address") or {}
        values = {
            "organization": org,
            "name": item["name"],
            "description": (item.get("description") or "").strip(),
            "application_process": (item.get("application_process") or "").strip(),
            "availability": item.get("availability") or "",
            "is_free": bool(item.get("free")),
            "is_anonymous": bool(item.get("anonymous")),
            "is_always_open": bool(item.get("always_open")),
            "age_min_months": item.get("age_min_months"),
            "age_max_months": item.get("age_max_months"),
            "url": item.get("website") or "",
            "street": address.get("street", ""),
            "postcode": str(address.get("postcode", "")),
            "city": address.get("city", ""),
            "coverage": coverage,
            "province": item.get("province", ""),
            "languages": " ".join(str(code).strip().lower() for code in item.get("languages") or []),
            # true only where a source says these are all its languages ("Helpt ook in" on the sheet)
            "languages_complete": bool(item.get("languages_complete")),
        }
        for name, attr in CHANNELS.items():
            values[attr] = name in item.get("channels", [])
        service = _upsert(Service, where, {"key": item["key"]}, values)
        service.themes.set(self._themes(item.get("themes", []), where))
        roles = list(Role.objects.filter(key__in=item.get("roles") or []))
        if len(roles) != len(set(item.get("roles") or [])):
            missing = set(item["roles"]) - {r.key for r in roles}
            raise ContentError(f"{where}: onbekende rol {sorted(missing)} (zie roles.yaml)")
        service.roles.set(roles)
        regions = item.get("regions") or ([region.slug] if region and coverage == Coverage.REGIONS else [])
        found = list(Region.objects.filter(slug__in=regions))
        if len(found) != len(set(regions)):
            missing = set(regions) - {r.slug for r in found}
            raise ContentError(f"{where}: eerstelijnszone {sorted(missing)} bestaat niet (laad die eerst)")
        service.regions.set(found)
        # Phones and e-mails are replaced when they differ; one that stays keeps its HSDS id.
        phone_ids = dict(service.phones.values_list("number", "uuid"))
        phones_wanted = []
        for order, phone in enumerate(item.get("phones", [])):
            row = Phone(service=service, number=str(phone["number"]), label=phone.get("label", ""), order=order)
            row.uuid = phone_ids.pop(_stored_number(row.number), row.uuid)
            phones_wanted.append((row, f"{where} telefoon {phone['number']}"))
        _replace(service.phones.order_by("order", "pk"), phones_wanted, ("number", "label", "order"))
        self.report.add("phones", len(phones_wanted))
        email_ids = dict(service.emails.values_list("address", "uuid"))
        emails_wanted = []
        for order, email in enumerate(item.get("emails", [])):
            row = Email(service=service, address=email["address"], label=email.get("label", ""), order=order)
            row.uuid = email_ids.pop(emails.normalize(row.address), row.uuid)
            emails_wanted.append((row, f"{where} e-mail {email['address']}"))
        _replace(service.emails.order_by("order", "pk"), emails_wanted, ("address", "label", "order"))
        self.report.add("emails", len(emails_wanted))
        self._hours(service, item, where)
        self.report.add("services")

    def _hours(self, service: Service, item: dict, where: str) -> None:
        """`hours` ("di 10:00-12:00; do 10:00-12:00", the import's column `uren`) and `closures`; a
        row that stays keeps its HSDS id."""
        try:
            rows = hours.parse_rows(str(item.get("hours") or ""))
        except hours.RowsError as exc:
            raise ContentError(f"{where}: hours: {exc}") from None
        if rows and item.get("always_open"):
            raise ContentError(f"{where}: hours en always_open samen: 24/7 zegt al dat de dienst altijd open is")
        schedule_ids = {(row.weekday, row.opens_at, row.closes_at): row.uuid for row in service.schedules.filter(phone=None)}
        wanted = []
        for day, opens, closes in rows:
            row = Schedule(service=service, weekday=day, opens_at=opens, closes_at=closes)
            row.uuid = schedule_ids.pop((day, opens, closes), row.uuid)
            wanted.append((row, f"{where} uren {hours.format_rows([(day, opens, closes)])}"))
        fields = ("weekday", "opens_at", "closes_at", "phone", "valid_from", "valid_to", "description")
        _replace(service.schedules.order_by("weekday_order", "opens_at", "pk"), wanted, fields)
        self.report.add("schedules", len(wanted))
        closures = [
            (
                Closure(service=service, starts_on=c["from"], ends_on=c["until"], description=c.get("description", "")),
                f"{where} sluiting",
            )
            for c in item.get("closures") or []
        ]
        _replace(service.closures.order_by("starts_on", "pk"), closures, ("starts_on", "ends_on", "description"))

    def _themes(self, slugs: list[str], where: str) -> list[Theme]:
        themes = list(Theme.objects.filter(slug__in=slugs))
        missing = set(slugs) - {t.slug for t in themes}
        if missing:
            raise ContentError(f"{where}: onbekend thema {sorted(missing)}")
        return themes

    def _service_by_key(self, key: str, where: str) -> Service:
        try:
            return Service.objects.get(key=key)
        except Service.DoesNotExist:
            raise ContentError(f"{where}: dienst '{key}' bestaat niet") from None

    # -- the region's guidance ------------------------------------------------------------

    def _steps(self, region: Region, items: list[dict], source: str) -> None:
        for order, item in enumerate(items, start=1):
            _upsert(Step, f"{source} stap {item['key']}", {"region": region, "key": item["key"]}, step_fields(item, order))
            self.report.add("steps")

    def _factor_lists(self, region: Region, items: list[dict], source: str) -> None:
        for item in items:
            where = f"{source} lijst {item['key']}"
            factor_list = _upsert(FactorList, where, {"region": region, "key": item["key"]}, factor_list_fields(item))
            factors = [
                (Factor(factor_list=factor_list, text=text, order=order), where)
                for order, text in enumerate(item.get("items", []))
            ]
            _replace(factor_list.factors.order_by("order", "pk"), factors, ("text", "order"))
            self.report.add("factors", len(factors))

    def _resources(self, region: Region, items: list[dict], source: str) -> None:
        keys = []
        for order, item in enumerate(items):
            where = f"{source} hulpmiddel {item['key']}"
            parent = None
            if item.get("parent"):
                parent = Resource.objects.filter(region=region, key=item["parent"]).first()
                if parent is None:
                    raise ContentError(f"{where}: '{item['parent']}' moet eerder in de lijst staan")
            values = {**resource_fields(item, order), "parent": parent}
            resource = _upsert(Resource, where, {"region": region, "key": item["key"]}, values)
            resource.themes.set(self._themes(item.get("themes", []), where))
            keys.append(item["key"])
            self.report.add("resources")
        region.resources.exclude(key__in=keys).delete()

    def _contacts(self, model, owner_field: str, owner, items: list[dict], where: str) -> None:
        wanted = []
        fields = ("service", "note", "order")
        for order, item in enumerate(items or []):
            service = self._service_by_key(item["service"], where)
            extra = {}
            if model is TierContact:
                # A tier's contact may be for one theme only (`theme: zelfmoord`): data, not code.
                extra["theme"] = self._themes([item["theme"]], where)[0] if item.get("theme") else None
                fields = ("service", "note", "order", "theme")
            wanted.append((model(**{owner_field: owner}, service=service, **contact_fields(item, order), **extra), where))
        _replace(model.objects.filter(**{owner_field: owner}).order_by("order", "pk"), wanted, fields)
        self.report.add("contact lines", len(wanted))

    def _tiers(self, region: Region, items: list[dict], source: str) -> None:
        for order, item in enumerate(items):
            where = f"{source} urgentie {item['slug']}"
            tier = _upsert(UrgencyTier, where, {"region": region, "slug": item["slug"]}, tier_fields(item, order))
            self._contacts(TierContact, "tier", tier, item.get("contacts"), where)
            self.report.add("tiers")

    def _consult_topics(self, region: Region, items: list[dict], source: str) -> None:
        keep = []
        for order, item in enumerate(items):
            where = f"{source} consult {item['theme']}"
            theme = self._themes([item["theme"]], where)[0]
            topic = _upsert(ConsultTopic, where, {"region": region, "theme": theme}, topic_fields(item, order))
            self._contacts(ConsultContact, "topic", topic, item.get("contacts"), where)
            keep.append(topic.pk)
            self.report.add("consult topics")
        region.consult_topics.exclude(pk__in=keep).delete()

    def _sections(self, region: Region, items: list[dict], source: str) -> None:
        keep = []
        per_card: dict[str, int] = {}
        for item in items:
            where = f"{source} rubriek {item['card']}/{item['slug']}"
            order = per_card[item["card"]] = per_card.get(item["card"], 0) + 1
            lookup = {"region": region, "card": item["card"], "slug": item["slug"]}
            section = _upsert(Section, where, lookup, section_fields(item, order))
            self._entries(section, item.get("entries", []), where)
            keep.append(section.pk)
            self.report.add("sections")
        region.sections.exclude(pk__in=keep).delete()

    ENTRY_FIELDS = ("service", "title", "description", "order")

    def _entries(self, section: Section, items: list[dict], where: str) -> None:
        """A section's lines and their sub-lines, replaced as a whole when any of them differs."""
        wanted = []  # (line, [sub-lines])
        for order, item in enumerate(items):
            children = []
            for child_order, child in enumerate(item.get("children", [])):
                if child.get("children"):
                    raise ContentError(f"{where}: '{child.get('title') or child.get('service')}' staat te diep")
                children.append(self._entry(section, child, child_order, where))
            wanted.append((self._entry(section, item, order, where), children))

        def shape(lines) -> list:
            return [
                (_values(line, self.ENTRY_FIELDS), [_values(c, self.ENTRY_FIELDS) for c in children]) for line, children in lines
            ]

        stored = list(section.entries.order_by("order", "pk"))
        children_of: dict[int, list[Entry]] = {}
        for entry in stored:
            children_of.setdefault(entry.parent_id, []).append(entry)
        if shape((line, children_of.get(line.pk, [])) for line in children_of.get(None, [])) == shape(wanted):
            return
        section.entries.all().delete()
        for line, children in wanted:
            line.save()
            for child in children:
                child.parent = line
                child.save()

    def _entry(self, section: Section, item: dict, order: int, where: str) -> Entry:
        service = self._service_by_key(item["service"], where) if item.get("service") else None
        entry = Entry(section=section, service=service, **entry_fields(item, order))
        self.report.add("entries")
        return _clean(entry, f"{where} regel {entry.display_title}")
