"""Free-text search over a region's card entries.

PostgreSQL: Dutch full-text search that ignores accents (the `dutch_unaccent` configuration of
migration 0003), ranked, plus trigram similarity on names so that a typo still finds a partner.
SQLite: a simpler matcher on accent-folded words, with the same interface.
Both return {entry id: score}; a higher score is a better match.
"""

from __future__ import annotations

import difflib

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, TrigramWordSimilarity
from django.db import connection
from django.db.models import F, Func, Q, TextField, Value
from django.db.models.functions import Coalesce, Greatest

from partners.lib.text import fold
from partners.models import Entry
from partners.public.selectors import CardEntry, RegionContent

CONFIG = "dutch_unaccent"
MAX_QUERY_LENGTH = 100
SIMILARITY_THRESHOLD = 0.5


def clean_query(q: str) -> str:
    """What we search for: printable text, trimmed, of a sane length."""
    q = "".join(ch for ch in q if ch.isprintable())
    return " ".join(q.split())[:MAX_QUERY_LENGTH]


def search_entries(content: RegionContent, card: str, q: str) -> dict[int, float]:
    q = clean_query(q)
    if not q or not fold(q).strip():
        return {}
    if connection.vendor == "postgresql":
        return _search_postgres(content, card, q)
    return _search_simple(content, card, q)


class Unaccent(Func):
    function = "unaccent"
    output_field = TextField()


def _search_postgres(content: RegionContent, card: str, q: str) -> dict[int, float]:
    entries = Entry.objects.filter(section__region=content.region, section__card=card).annotate(
        theme_names=StringAgg("service__themes__name", delimiter=" ", default=Value("")),
    )
    vector = SearchVector(
        "title", "service__name", "service__organization__name", "parent__title", config=CONFIG, weight="A"
    ) + SearchVector(
        "description",
        "service__description",
        "theme_names",
        "service__city",
        "service__street",
        "service__application_process",
        config=CONFIG,
        weight="B",
    )
    query = SearchQuery(q, config=CONFIG, search_type="websearch")
    folded = Unaccent(Value(q))
    similarity = Greatest(
        TrigramWordSimilarity(folded, Unaccent(Coalesce(F("service__name"), Value("")))),
        TrigramWordSimilarity(folded, Unaccent(F("title"))),
    )
    rows = (
        entries.annotate(document=vector, rank=SearchRank(vector, query), similarity=similarity)
        .filter(Q(document=query) | Q(similarity__gte=SIMILARITY_THRESHOLD))
        .values_list("id", "rank", "similarity")
    )
    return {entry_id: float(rank) + float(sim) for entry_id, rank, sim in rows}


def _texts(item: CardEntry, parent: CardEntry | None) -> tuple[str, str]:
    service = item.contact.service if item.contact else None
    strong = [item.entry.title, parent.entry.title if parent else ""]
    weak = [item.entry.description]
    if service:
        strong += [service.name, service.organization.name]
        weak += [service.description, service.city, service.street, service.application_process]
        weak += [theme.name for theme in service.themes.all()]
    return fold(" ".join(strong)), fold(" ".join(weak))


def _search_simple(content: RegionContent, card: str, q: str) -> dict[int, float]:
    words = fold(q).split()
    scores: dict[int, float] = {}
    for section in content.card(card):
        for entry in section.entries:
            for item, parent in [(entry, None)] + [(child, entry) for child in entry.children]:
                strong, weak = _texts(item, parent)
                score = 0.0
                for word in words:
                    if word in strong:
                        score += 2
                    elif word in weak:
                        score += 1
                    elif difflib.get_close_matches(word, strong.split(), n=1, cutoff=0.75):
                        score += 0.5  # a typo in a name
                    else:
                        score = 0
                        break
                if score:
                    scores[item.entry.id] = score
    return scores
