"""The partnerkaart and contactfiche, filtered: free text, themes, age and 'gratis'.

The same filtered card feeds the web page and the PDF, so both always show the same entries.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.conf import settings
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from partners.lib.ages import AGE_BANDS, AgeBand
from partners.lib.text import truthy
from partners.public.search import clean_query, search_entries
from partners.public.selectors import CardEntry, CardSection, RegionContent


@dataclass(frozen=True)
class CardFilters:
    """Filters read from the query string; what the app does not know is ignored."""

    q: str = ""
    themes: tuple[str, ...] = field(default_factory=tuple)
    age: AgeBand | None = None
    free: bool = False
    language: str = ""  # ?taal_dienst=ar: only services that help in that language (HSDS languages)

    @classmethod
    def from_query(cls, query: QueryDict, known_themes: set[str]) -> CardFilters:
        q = clean_query(query.get("q", "") or "")
        themes = tuple(sorted({t.strip() for t in query.getlist("thema") if t.strip() in known_themes}))
        age = AGE_BANDS.get((query.get("leeftijd") or "").strip())
        free = truthy(query.get("gratis"))
        language = (query.get("taal_dienst") or "").strip().lower()
        return cls(q=q, themes=themes, age=age, free=free, language=language if language in service_language_codes() else "")

    @property
    def active(self) -> bool:
        return bool(self.q or self.themes or self.age or self.free or self.language)

    def querystring(self) -> str:
        items: list[tuple[str, str]] = []
        if self.q:
            items.append(("q", self.q))
        items += [("thema", t) for t in self.themes]
        if self.age:
            items.append(("leeftijd", self.age.slug))
        if self.free:
            items.append(("gratis", "1"))
        if self.language:
            items.append(("taal_dienst", self.language))
        return f"?{urlencode(items)}" if items else ""

    @property
    def without_search(self) -> CardFilters:
        """The same filters without the free text: what a PDF can show (partners/public/pdf.py)."""
        return replace(self, q="")


def service_language_codes() -> list[str]:
    """The languages one can filter services on: those of the contactfiche but Dutch (ISO 639-1)."""
    return [code.split("-")[0] for code, _name in settings.SHEET_LANGUAGES if code != settings.MODELTRANSLATION_DEFAULT_LANGUAGE]


@dataclass
class FilteredCard:
    sections: list[CardSection]
    count: int


def _passes(item: CardEntry, filters: CardFilters) -> bool:
    """Theme, age and 'gratis' filters; a text-only entry has nothing to match them on."""
    if not (filters.themes or filters.age or filters.free or filters.language):
        return True
    if not item.contact:
        return False
    service = item.contact.service
    if filters.free and not service.is_free:
        return False
    if filters.language and filters.language not in service.language_codes:
        return False
    if filters.age and not filters.age.overlaps(service.age_min_months, service.age_max_months):
        return False
    if filters.themes and not {t.slug for t in service.themes.all()} & set(filters.themes):
        return False
    return True


def _count(entries: list[CardEntry]) -> int:
    return sum(len(e.children) if e.children else 1 for e in entries)


def filtered_card(content: RegionContent, card: str, filters: CardFilters) -> FilteredCard:
    sections = content.card(card)
    if not filters.active:
        return FilteredCard(sections, sum(_count(s.entries) for s in sections))
    ranks = search_entries(content, card, filters.q) if filters.q else None

    def score(item: CardEntry, parent_score: float = 0.0) -> float | None:
        """None when the item is filtered out; else its search score (0 without a search)."""
        if ranks is None:
            return 0.0 if _passes(item, filters) else None
        own = ranks.get(item.entry.id)
        if own is None and not parent_score:
            return None
        return max(own or 0.0, parent_score) if _passes(item, filters) else None

    result: list[tuple[float, int, CardSection]] = []
    for index, section in enumerate(sections):
        kept: list[tuple[float, int, CardEntry]] = []
        for position, entry in enumerate(section.entries):
            own = ranks.get(entry.entry.id, 0.0) if ranks is not None else 0.0
            children = []
            for child in entry.children:
                child_score = score(child, own)
                if child_score is not None:
                    children.append(child)
            entry_score = score(entry)
            is_heading = bool(entry.children) and entry.contact is None
            if children or (entry_score is not None and not is_heading):
                best = max([entry_score or 0.0] + [ranks.get(c.entry.id, 0.0) for c in children]) if ranks else 0.0
                kept.append((best, position, replace(entry, children=children)))
        if kept:
            kept.sort(key=lambda k: (-k[0], k[1]))
            result.append((kept[0][0], index, CardSection(section.section, [k[2] for k in kept])))
    result.sort(key=lambda r: (-r[0], r[1]))
    filtered = [r[2] for r in result]
    return FilteredCard(filtered, sum(_count(s.entries) for s in filtered))


CONTACTFICHE_EXTRA_SLUG = "ook-op-de-contactfiche"


def partnerkaart_results(content: RegionContent, filters: CardFilters) -> FilteredCard:
    """The partnerkaart for these filters; a free-text search also looks on the contactfiche.

    Someone who types "Kessel-Lo" or "depressie" wants an answer, also when it is a helpline or a
    meeting place on the residents' sheet rather than a partner on the professionals' card.
    """
    from partners.models import Card, Section

    result = filtered_card(content, Card.PARTNERKAART, filters)
    if not filters.q:
        return result
    shown = {e.contact.service.id for s in result.sections for item in s.entries for e in [item, *item.children] if e.contact}
    extra: list[CardEntry] = []
    for section in filtered_card(content, Card.CONTACTFICHE, filters).sections:
        for entry in section.entries:
            children = [c for c in entry.children if not (c.contact and c.contact.service.id in shown)]
            if entry.contact and entry.contact.service.id in shown and not children:
                continue
            extra.append(replace(entry, children=children))
    if not extra:
        return result
    section = Section(
        region=content.region,
        card=Card.CONTACTFICHE,
        slug=CONTACTFICHE_EXTRA_SLUG,
        title=_("Ook op de contactfiche voor inwoners"),
    )
    sections = [*result.sections, CardSection(section, extra)]
    return FilteredCard(sections, result.count + _count(extra))
