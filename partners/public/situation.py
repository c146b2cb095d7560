"""The situation a professional describes in the query string, parsed forgivingly.

Nothing here identifies anyone: an age band, a few themes, an urgency tier and whether the family
acknowledges the concern. Values the app does not know are dropped, never an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.http import QueryDict

from partners.lib.ages import AGE_BANDS, AgeBand
from partners.models import TierSlug

ACKNOWLEDGED = {"ja": True, "nee": False}
MAX_THEMES = 15


def _first(query: QueryDict, name: str) -> str:
    values = query.getlist(name)
    return values[0].strip() if values and isinstance(values[0], str) else ""


@dataclass(frozen=True)
class Situation:
    age: AgeBand | None = None
    themes: tuple[str, ...] = field(default_factory=tuple)
    urgency: str | None = None
    acknowledged: bool | None = None

    @classmethod
    def from_query(cls, query: QueryDict, known_themes: set[str]) -> Situation:
        age = AGE_BANDS.get(_first(query, "leeftijd"))
        themes: list[str] = []
        for value in query.getlist("thema")[: MAX_THEMES * 4]:
            slug = value.strip()
            if slug in known_themes and slug not in themes:
                themes.append(slug)
        urgency = _first(query, "urgentie")
        urgency = urgency if urgency in TierSlug.values else None
        acknowledged = ACKNOWLEDGED.get(_first(query, "erkenning")) if urgency == TierSlug.ONDERSTEUNING else None
        return cls(age=age, themes=tuple(sorted(themes)), urgency=urgency, acknowledged=acknowledged)

    def query_items(self, *, with_urgency: bool = True) -> list[tuple[str, str]]:
        items: list[tuple[str, str]] = []
        if with_urgency and self.urgency:
            items.append(("urgentie", self.urgency))
            if self.acknowledged is not None:
                items.append(("erkenning", "ja" if self.acknowledged else "nee"))
        if self.age:
            items.append(("leeftijd", self.age.slug))
        items.extend(("thema", slug) for slug in self.themes)
        return items

    def querystring(self, *, with_urgency: bool = True, **extra: str) -> str:
        items = self.query_items(with_urgency=with_urgency) + list(extra.items())
        return f"?{urlencode(items)}" if items else ""

    @property
    def observation_querystring(self) -> str:
        """The filters the partnerkaart understands: age and themes."""
        return self.querystring(with_urgency=False)

    def choose(self, urgency: str, acknowledged: bool | None = None) -> Situation:
        """The same situation with an urgency tier (and acknowledgement) chosen."""
        return replace(self, urgency=urgency, acknowledged=acknowledged if urgency == TierSlug.ONDERSTEUNING else None)
