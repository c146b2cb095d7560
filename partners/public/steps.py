"""Public pages. Nothing here asks, stores or logs anything about a family or a child.

Every step is a full page at its own URL with the situation in the query string; with HTMX the
same view returns only the `flow` partial (`Vary: HX-Request` keeps caches honest).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from partners.models import Region, ResourceKind, StepKey, TierSlug, UrgencyTier, Zone
from partners.public.cache import is_fragment, parsed, public_page, region_content
from partners.public.cards import CardFilters, partnerkaart_results
from partners.public.finder import RegionSearch, find_regions
from partners.public.matching import acute_contacts, services_for_situation
from partners.public.selectors import RegionContent
from partners.public.situation import AGE_BANDS, Situation

STEPS = list(StepKey.values)
# What the pages depend on (partners/public/cache.py): a new parameter is one more item.
SITUATION_PARAMS = (parsed(Situation, "urgentie", "erkenning", "leeftijd", "thema"),)
SEARCH_PARAMS = (parsed(RegionSearch, "q", "postcode", free_text="q"),)
# Situations that show each step's variants (tests and `make bench` walk them: cache.public_urls).
SITUATION_EXAMPLES = (
    "",
    "?urgentie=acuut",
    "?urgentie=ondersteuning&erkenning=nee&thema=kindermishandeling",
    "?urgentie=ondersteuning&erkenning=ja&leeftijd=0-3&thema=jonge-kind",
)
STEP_LABELS = {
    StepKey.OBSERVEER: _("Wat zie je?"),
    StepKey.BESPREEK: _("Bespreek en schat in"),
    StepKey.URGENTIE: _("Hoe dringend?"),
    StepKey.ACTIE: _("Gepaste actie"),
    StepKey.REGISTREER: _("Registreer"),
}


@require_GET
@public_page(*SEARCH_PARAMS, examples=("", "?q=2000", "?q=sint", "?q=Deurne", "?q=2060+Antwerpen", "?q=5000", "?postcode=9999"))
@vary_on_headers("HX-Request")
def region_list(request: HttpRequest) -> HttpResponse:
    """Choose an ELZ: all 60, or found by postcode, municipality or deelgemeente (?q=Kessel-Lo, ?q=8000).

    One zone found: a redirect to it (with HTMX, the link). Antwerp city: a choice of its zones.
    """
    search = RegionSearch.from_query(request.GET)
    if not search.searched and settings.DEFAULT_REGION and not request.GET:
        return redirect("region_home", settings.DEFAULT_REGION)
    regions = list(Region.objects.select_related("zone").order_by("province", "name"))
    finding = find_regions(search.text, regions) if search.searched else None
    fragment = is_fragment(request)
    if finding is not None and finding.region is not None and not fragment:
        return redirect(finding.region)
    context = {"regions": regions, "q": search.text, "searched": search.searched, "finding": finding, "fragment": fragment}
    if fragment:
        return render(request, "wegwijzer/region_list.html#matches", context)
    return render(request, "wegwijzer/region_list.html", context)


@require_GET
@public_page(region="region")
def region_home(request: HttpRequest, region: str) -> HttpResponse:
    content = region_content(region)
    return render(
        request,
        "wegwijzer/region_home.html",
        {"region": content.region, "content": content, "acute": content.tiers.get(TierSlug.ACUUT)},
    )


@require_GET
@public_page(region="region")
def acute(request: HttpRequest, region: str) -> HttpResponse:
    content = region_content(region)
    tier = content.tiers.get(TierSlug.ACUUT)
    if tier is None:
        raise Http404
    return render(request, "wegwijzer/acute.html", {"region": content.region, "tier": tier, "groups": acute_contacts(content)})


def _step_context(request: HttpRequest, content: RegionContent, key: str) -> dict:
    situation = Situation.from_query(request.GET, set(content.themes))
    index = STEPS.index(key)
    previous = STEPS[index - 1] if index else None
    return {
        "region": content.region,
        "content": content,
        "step": content.steps.get(key),
        "step_key": key,
        "step_number": index + 1,
        "step_count": len(STEPS),
        "steps": [(k, STEP_LABELS[k]) for k in STEPS],
        "previous_step": previous,
        "situation": situation,
        "chosen_themes": [content.themes[slug] for slug in situation.themes],
        "fragment": is_fragment(request),
    }


@dataclass
class TierChoice:
    """A tier as a choice on step 3: its text and the link(s) that choose it."""

    tier: UrgencyTier
    links: list[tuple[str, str]]


def _tier_choices(content: RegionContent, situation: Situation) -> list[TierChoice]:
    base = reverse("step", args=[content.region.slug, StepKey.ACTIE])

    def url(urgency: str, acknowledged: bool | None = None) -> str:
        return base + situation.choose(urgency, acknowledged).querystring()

    labels = {
        TierSlug.ACUUT: [(url(TierSlug.ACUUT), _("Ja, dit is acuut"))],
        TierSlug.ONDERSTEUNING: [
            (url(TierSlug.ONDERSTEUNING, True), _("Ja, het gezin erkent de zorg")),
            (url(TierSlug.ONDERSTEUNING, False), _("Nee, het gezin erkent de zorg (nog) niet")),
        ],
        TierSlug.GEEN_ACTIE: [(url(TierSlug.GEEN_ACTIE), _("Ik ben gerustgesteld"))],
    }
    return [TierChoice(tier.tier, labels[slug]) for slug, tier in content.tiers.items()]


@dataclass
class Option:
    """One choice on the contacts page: a link that sets (or, when chosen, clears) one part of the situation."""

    key: str
    label: str
    href: str
    chosen: bool


@dataclass
class Refine:
    ages: list[Option]
    themes: list[Option]
    acknowledgement: list[Option]


def _refine(content: RegionContent, situation: Situation) -> Refine:
    """Age, themes and acknowledgement as links on the support contacts page.

    Links, not a form: each choice is one click and a real URL, with or without JavaScript (HTMX
    only swaps the page in place), so a professional goes from the ELZ home ("Er is nood aan
    ondersteuning") to the contacts for their situation in three choices and the back button
    undoes one choice at a time.
    """
    base = reverse("step", args=[content.region.slug, StepKey.ACTIE])

    def option(key: str, label: str, chosen: bool, changed: Situation) -> Option:
        return Option(key, label, base + changed.querystring(), chosen)

    ages = [
        option(band.slug, band.label, situation.age == band, replace(situation, age=None if situation.age == band else band))
        for band in AGE_BANDS.values()
    ]
    themes = []
    for slug, theme in content.themes.items():
        chosen = slug in situation.themes
        changed = set(situation.themes) - {slug} if chosen else set(situation.themes) | {slug}
        themes.append(option(slug, theme.name, chosen, replace(situation, themes=tuple(sorted(changed)))))
    acknowledgement = [
        option(
            key,
            label,
            situation.acknowledged is value,
            replace(situation, acknowledged=None if situation.acknowledged is value else value),
        )
        for key, label, value in [("ja", _("Ja"), True), ("nee", _("Nee, (nog) niet"), False)]
    ]
    return Refine(ages, themes, acknowledgement)


@require_GET
@public_page(*SITUATION_PARAMS, region="region", values={"key": STEPS}, examples=SITUATION_EXAMPLES)
@vary_on_headers("HX-Request")
def step(request: HttpRequest, region: str, key: str = StepKey.OBSERVEER) -> HttpResponse:
    if key not in STEPS:
        raise Http404
    content = region_content(region)
    context = _step_context(request, content, key)
    situation = context["situation"]
    if key == StepKey.OBSERVEER:
        context["age_bands"] = list(AGE_BANDS.values())
        context["themes"] = list(content.themes.values())
        context["factor_lists"] = [content.factor_lists[k] for k in ("aces", "paces") if k in content.factor_lists]
    elif key == StepKey.BESPREEK:
        context["tips"] = content.resources_of(ResourceKind.TIP)
        context["signal_lists"] = content.resources_of(ResourceKind.SIGNAL_LIST, situation.themes)
        context["topics"] = content.consult_topics_for(situation.themes)
        context["methods"] = content.resources_of(ResourceKind.METHOD)
    elif key == StepKey.URGENTIE:
        context["choices"] = _tier_choices(content, situation)
    elif key in (StepKey.ACTIE, StepKey.REGISTREER):
        context["result"] = services_for_situation(content, situation)
        context["choices"] = _tier_choices(content, situation)
        if key == StepKey.ACTIE and situation.urgency == TierSlug.ONDERSTEUNING:
            context["refine"] = _refine(content, situation)
        if key == StepKey.ACTIE:
            # The answer first: on a phone, the first contact with its number on the first screen.
            context["answer_first"] = context["result"].needs is None
            filters = CardFilters(themes=situation.themes, age=situation.age)
            context["kaart_count"] = partnerkaart_results(content, filters).count if filters.active else None
        if key == StepKey.REGISTREER:
            context["tools"] = content.resources_of(ResourceKind.REGISTRATION)
            context["today"] = timezone.localdate()
    template = "wegwijzer/step.html"
    if context["fragment"]:
        template += "#flow"
    return render(request, template, context)


@require_GET
@public_page()
def about(request: HttpRequest) -> HttpResponse:
    """Over deze wegwijzer: what it is, and the sources of the geography with their licences."""
    return render(request, "wegwijzer/about.html", {"zone_count": Zone.objects.count()})
