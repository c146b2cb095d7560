"""The reference geography: Belgian municipalities, postcodes and the 60 eerstelijnszones.

Read from fixtures/geo/ (sources and licences in its README). Loading is idempotent: rows are
matched on their codes and updated in place; rows no longer in the files are removed. It runs in
the migration `0010_geography_data` (with the historical models, so that `migrate` alone gives
every deployment the geography) and again in `load_demo` (with the current ones), which picks up
a newer copy of the files.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps as global_apps
from django.conf import settings
from django.utils.text import slugify

from partners.lib.acting import system_write
from partners.public.search import fold

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
# The name and postcode of such a former municipality, so that its own Antwerp zone can be told
# from the postcode alone (all of Borsbeek's sectors are in one zone).
FORMER_MUNICIPALITIES = {"11007": ("Borsbeek", "2150")}


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
def load_geography(apps=global_apps) -> dict[str, int]:
    """Load or refresh municipalities, postcodes and zones; returns the counts loaded."""
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

    # Former municipalities that lie in one zone (Borsbeek): a deelgemeente that names it.
    Locality = apps.get_model("partners", "Locality")
    for former, (name, postcode) in FORMER_MUNICIPALITIES.items():
        codes = [row.code for row in rows if former in row.former]
        if len(codes) == 1:
            municipality_id = ids[MERGED_INTO[former]]
            values = {"municipality_id": municipality_id, "zone_id": zone_ids[codes[0]], "search": search_key(name)}
            if not Locality.objects.filter(name=name, postcode=postcode).update(**values):
                Locality.objects.bulk_create([Locality(name=name, postcode=postcode, **values)])

    return {
        "municipalities": Municipality.objects.count(),
        "postcodes": Postcode.objects.count(),
        "zones": Zone.objects.count(),
    }


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
    """A deelgemeente name for a postcode (idempotent); None when the postcode is unknown or the name is the municipality's."""
    Locality = apps.get_model("partners", "Locality")
    municipality = municipality_for(postcode, zone_id, apps)
    if municipality is None:
        return None
    key = search_key(name)
    if key == search_key(municipality.name_nl) or key == search_key(municipality.name_fr):
        return None
    # update() and bulk_create() send no signals (see load_geography)
    if not Locality.objects.filter(name=name, postcode=postcode).update(municipality=municipality, search=key):
        Locality.objects.bulk_create([Locality(name=name, postcode=postcode, municipality=municipality, search=key)])
    return Locality.objects.get(name=name, postcode=postcode)
