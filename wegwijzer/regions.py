"""Finding the right eerstelijnszone by gemeente name or postcode."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import QueryDict

from partners.lib.text import fold
from partners.models import Gemeente, Region
from partners.public.search import clean_query

MAX_QUERY_LENGTH = 80


@dataclass(frozen=True)
class RegionSearch:
    """What someone typed on the landing page: a gemeente or postcode (?q=Kessel-Lo, ?postcode=3010)."""

    q: str = ""
    postcode: str = ""

    @classmethod
    def from_query(cls, query: QueryDict, known_themes: frozenset[str] = frozenset()) -> RegionSearch:
        q = clean_query(query.get("q") or "")[:MAX_QUERY_LENGTH]
        return cls(q=q, postcode=(query.get("postcode") or "").strip()[:10])

    @property
    def searched(self) -> bool:
        return bool(self.q or self.postcode)

    def querystring(self) -> str:
        items = [(name, value) for name, value in (("q", self.q), ("postcode", self.postcode)) if value]
        return f"?{urlencode(items)}" if items else ""


@dataclass
class Match:
    region: Region
    gemeenten: list[Gemeente]


def find_regions(*, q: str = "", postcode: str = "") -> list[Match]:
    """Regions with a gemeente that has this postcode, or whose name (or region name) fits `q`.

    Brussels-style double names ('Sint-Jans-Molenbeek / Molenbeek-Saint-Jean') match on either part.
    """
    postcode = postcode.strip()
    wanted = fold(q)[:80]
    if not wanted and not postcode:
        return []
    if not wanted and postcode.isdigit():
        wanted_postcode = postcode
    elif wanted.isdigit():
        wanted_postcode = wanted
    else:
        wanted_postcode = ""
    matches: dict[int, Match] = {}
    for gemeente in Gemeente.objects.select_related("region").order_by("postcode", "name"):
        names = [fold(part) for part in gemeente.name.split("/")] + [fold(gemeente.region.name)]
        if wanted_postcode:
            hit = (
                gemeente.postcode.startswith(wanted_postcode)
                if len(wanted_postcode) < 4
                else gemeente.postcode == wanted_postcode
            )
        else:
            hit = any(name == wanted or name.startswith(wanted) or f" {wanted}" in f" {name}" for name in names)
        if hit:
            matches.setdefault(gemeente.region_id, Match(gemeente.region, [])).gemeenten.append(gemeente)
    return sorted(matches.values(), key=lambda m: m.region.name)
