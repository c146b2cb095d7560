"""The reference geography: Belgian municipalities, postcodes, deelgemeenten and the 60 eerstelijnszones.

Read from fixtures/geo/ (sources and licences in its README). Loading is idempotent: rows are
matched on their codes and updated in place; rows no longer in the files are removed. It runs in
the migration `0010_geography_data` (with the historical models, so that `migrate` alone gives
every deployment the geography) and again in `load_demo` (with the current ones), which picks up
a newer copy of the files.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps as global_apps
from django.conf import settings
from django.utils.text import slugify

from partners.lib.acting import system_write
from partners.lib.text import fold

GEO_DIR = Path(settings.BASE_DIR) / "fixtures" / "geo"

# Statbel codes → the app's province and gewest values.
PROVINCES = {
    "10000": "antwerpen",
    "20001": "vlaams-brabant",
    "30000": "west-vlaanderen",
    "40000": "oost-vlaanderen",
    "70000": "limburg",
    "04000": "brussel",
    "4000": "brussel",
}
GEWESTEN = {"02000": "vlaanderen", "03000": "wallonie", "04000": "brussel"}

ANTWERP_ZONE = "elz2"  # "Antwerpen en rand", split into four zones by statistical sector
# Statistical sectors keep the code of a municipality merged since: 11007 Borsbeek is part of Antwerpen since 2025.
MERGED_INTO = {"11007": "11002"}
# The postcode of a deelgemeente whose own Antwerp zone can be told from the postcode alone:
# Borsbeek (merged into Antwerpen in 2025) keeps 2150, and all its sectors are in Antwerpen Oost.
DEELGEMEENTE_POSTCODES = {"11007A": "2150"}


def zone_slug(name: str) -> str:
    """'Westkust&Polder' → 'westkust-polder', 'Antwerpen Centrum' → 'antwerpen-centrum'."""
    return slugify(name.replace("&", " "))


def search_key(*names: str) -> str:
    """' kessel lo | ... ': folded names, each preceded by a space, so `contains(' ' + word)` finds word starts."""
    folded = []
    for name in names:
        for part in name.split("/"):
            key = fold(part)
            if key and key not in folded:
                folded.append(key)
    return "".join(f" {key} |" for key in folded)


def _rows(name: str) -> list[dict[str, str]]:
    with (GEO_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@dataclass
class ZoneRow:
    code: str
    name: str
    province: str
    municipalities: set[str]
    former: set[str] = field(default_factory=set)  # REFNIS codes of merged municipalities with sectors here


def read_zones() -> list[ZoneRow]:
    """The 60 zones: the 56 of elz-2025.tsv other than "Antwerpen en rand", its four parts, and Bruzel."""
    zones: dict[str, ZoneRow] = {}
    antwerp: set[str] = set()
    for row in _rows("elz-2025.tsv"):
        province = PROVINCES[row["province_nis"]]
        if row["elz_code"] == ANTWERP_ZONE:
            antwerp.add(row["municipality_nis"])
            antwerp_province = province
            continue
        zone = zones.setdefault(row["elz_code"], ZoneRow(row["elz_code"], row["elz_name"], province, set()))
        if zone.province != province:
            raise ValueError(f"zone {zone.name} spans two provinces")
        zone.municipalities.add(row["municipality_nis"])
    for row in _rows("antwerpen-subzones.tsv"):
        former = row["statistical_sector"][:5]
        refnis = MERGED_INTO.get(former, former)
        if refnis not in antwerp:
            raise ValueError(f"sector {row['statistical_sector']} is not in Antwerpen en rand")
        code = f"{ANTWERP_ZONE}-{row['subzone_code']}"
        zone = zones.setdefault(code, ZoneRow(code, row["subzone_name"], antwerp_province, set()))
        zone.municipalities.add(refnis)
        if former != refnis:
            zone.former.add(former)
    return sorted(zones.values(), key=lambda z: z.name)


@system_write("load_geography")
def load_geography(apps=global_apps, deelgemeenten: bool = True) -> dict[str, int]:
    """Load or refresh municipalities, postcodes, zones and deelgemeenten; returns the counts loaded.

    `deelgemeenten=False` for the migration 0010, whose historical Locality predates them.
    """
    Municipality = apps.get_model("partners", "Municipality")
    Postcode = apps.get_model("partners", "Postcode")
    Zone = apps.get_model("partners", "Zone")

    # Municipalities
    existing = {m.refnis: m for m in Municipality.objects.all()}
    new, changed = [], []
    for row in _rows("municipalities.tsv"):
        values = {
            "name_nl": row["name_nl"],
            "name_fr": row["name_fr"],
            "gewest": GEWESTEN[row["region_nis"]],
            "province": PROVINCES.get(row["province_nis"], ""),
            "search": search_key(row["name_nl"], row["name_fr"]),
        }
        municipality = existing.pop(row["municipality_nis"], None)
        if municipality is None:
            new.append(Municipality(refnis=row["municipality_nis"], **values))
        elif any(getattr(municipality, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(municipality, k, v)
            changed.append(municipality)
    Municipality.objects.bulk_create(new)
    Municipality.objects.bulk_update(changed, ["name_nl", "name_fr", "gewest", "province", "search"])
    Municipality.objects.filter(refnis__in=list(existing)).delete()
    ids = dict(Municipality.objects.values_list("refnis", "id"))

    # Postcodes
    wanted = {(row["postcode"], ids[row["municipality_nis"]]) for row in _rows("postcodes.tsv")}
    have = {(p.code, p.municipality_id): p.pk for p in Postcode.objects.all()}
    Postcode.objects.bulk_create([Postcode(code=c, municipality_id=m) for c, m in wanted - set(have)])
    Postcode.objects.filter(pk__in=[pk for key, pk in have.items() if key not in wanted]).delete()

    # Zones
    rows = read_zones()
    zones_by_code = {z.code: z for z in Zone.objects.all()}
    members = Zone.municipalities.through
    want_members = set()
    # (bulk queries only: they send no signals, which the historical models of a migration must not)
    new, changed = [], []
    for row in rows:
        values = {"name": row.name, "slug": zone_slug(row.name), "province": row.province}
        zone = zones_by_code.pop(row.code, None)
        if zone is None:
            new.append(Zone(code=row.code, **values))
        elif any(getattr(zone, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(zone, k, v)
            changed.append(zone)
    Zone.objects.bulk_update(changed, ["name", "slug", "province"])
    Zone.objects.bulk_create(new)
    zone_ids = dict(Zone.objects.values_list("code", "id"))
    for row in rows:
        want_members |= {(zone_ids[row.code], ids[refnis]) for refnis in row.municipalities}
    Zone.objects.filter(pk__in=[z.pk for z in zones_by_code.values()], region__isnull=True).delete()
    have_members = {(m.zone_id, m.municipality_id): m.pk for m in members.objects.all()}
    members.objects.bulk_create([members(zone_id=z, municipality_id=m) for z, m in want_members - set(have_members)])
    members.objects.filter(pk__in=[pk for key, pk in have_members.items() if key not in want_members]).delete()

    if deelgemeenten:
        load_deelgemeenten(apps)

    return {
        "municipalities": Municipality.objects.count(),
        "postcodes": Postcode.objects.count(),
        "zones": Zone.objects.count(),
        **({"deelgemeenten": apps.get_model("partners", "Locality").objects.count()} if deelgemeenten else {}),
    }


@dataclass
class DeelgemeenteRow:
    code: str
    name: str  # "Deurne", without the municipality Provincies in Cijfers adds to tell two apart
    refnis: str  # the municipality after the mergers of 2025
    zones: list[str]  # Antwerp zone names, only in the city of Antwerp


def read_deelgemeenten() -> list[DeelgemeenteRow]:
    """The rows of deelgemeenten-2024.tsv that are places ("Aalst - niet te lokaliseren" is not)."""
    rows = []
    for row in _rows("deelgemeenten-2024.tsv"):
        if row["deelgemeente_code"].endswith("ONBE") or "niet te lokaliseren" in row["short_name"]:
            continue
        name = re.sub(r"\s*\([^()]*\)$", "", row["short_name"]).strip()
        zones = [zone.strip() for zone in (row.get("antwerpen_subzones") or "").split(";") if zone.strip()]
        rows.append(DeelgemeenteRow(row["deelgemeente_code"], name, row["municipality_nis"], zones))
    return rows


def load_deelgemeenten(apps=global_apps) -> int:
    """Load or refresh the deelgemeenten (idempotent: only what differs is written).

    A row a content file made (Kessel-Lo 3010, no code) is merged with the file's row of the same
    name in the same municipality and keeps its postcode; a name the file does not know (Wijgmaal)
    stays. Rows with a code that is no longer in the file are removed.
    """
    Locality = apps.get_model("partners", "Locality")
    Municipality = apps.get_model("partners", "Municipality")
    Zone = apps.get_model("partners", "Zone")
    ids = dict(Municipality.objects.values_list("refnis", "id"))
    zone_ids = dict(Zone.objects.values_list("name", "id"))
    existing = list(Locality.objects.all())
    by_code = {loc.code: loc for loc in existing if loc.code}
    by_name = {(loc.municipality_id, loc.search): loc for loc in existing if not loc.code}
    rows = read_deelgemeenten()
    new, changed = [], []
    for row in rows:
        values = {"code": row.code, "name": row.name, "municipality_id": ids[row.refnis], "search": search_key(row.name)}
        if row.code in DEELGEMEENTE_POSTCODES:
            values["postcode"] = DEELGEMEENTE_POSTCODES[row.code]
        locality = by_code.pop(row.code, None) or by_name.pop((values["municipality_id"], values["search"]), None)
        if locality is None:
            new.append(Locality(**values))
        elif any(getattr(locality, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(locality, k, v)
            changed.append(locality)
    # bulk queries only: no signals (see load_geography)
    Locality.objects.filter(pk__in=[loc.pk for loc in by_code.values()]).delete()
    Locality.objects.bulk_update(changed, ["code", "name", "municipality_id", "search", "postcode"])
    Locality.objects.bulk_create(new)
    locality_ids = dict(Locality.objects.exclude(code="").values_list("code", "id"))
    members = Locality.zones.through
    want = {(locality_ids[row.code], zone_ids[zone]) for row in rows for zone in row.zones}
    have = {(m.locality_id, m.zone_id): m.pk for m in members.objects.all()}
    members.objects.bulk_create([members(locality_id=loc, zone_id=zone) for loc, zone in want - set(have)])
    members.objects.filter(pk__in=[pk for key, pk in have.items() if key not in want]).delete()
    return len(rows)


def municipality_for(postcode: str, zone_id: int | None = None, apps=global_apps):
    """The municipality of a postcode; of several (1804 Vilvoorde/Zemst), preferably one in zone `zone_id`."""
    Municipality = apps.get_model("partners", "Municipality")
    candidates = Municipality.objects.filter(postcodes__code=postcode).order_by("refnis")
    if zone_id is not None:
        in_zone = candidates.filter(zones__id=zone_id).first()
        if in_zone is not None:
            return in_zone
    return candidates.first()


def add_locality(name: str, postcode: str, zone_id: int | None = None, apps=global_apps):
    """A deelgemeente name for a postcode (idempotent); None when the postcode is unknown or the name is the municipality's.

    A deelgemeente of the reference file with that name gets the postcode; another name is added.
    (Only fields the migration 0010 already had: it calls this with its historical models.)
    """
    Locality = apps.get_model("partners", "Locality")
    municipality = municipality_for(postcode, zone_id, apps)
    if municipality is None:
        return None
    key = search_key(name)
    if key == search_key(municipality.name_nl) or key == search_key(municipality.name_fr):
        return None
    # update() and bulk_create() send no signals (see load_geography)
    found = Locality.objects.filter(municipality=municipality, search=key)
    if not found.exists():
        Locality.objects.bulk_create([Locality(name=name, postcode=postcode, municipality=municipality, search=key)])
    elif found.exclude(postcode=postcode).exists():
        found.update(postcode=postcode)
    return found.get()
