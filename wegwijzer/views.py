"""Public pages. Nothing here asks, stores or logs anything about a family or a child.

Every step is a full page at its own URL with the situation in the query string; with HTMX the
same view returns only the `flow` partial (`Vary: HX-Request` keeps caches honest).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe
from django.views.decorators.vary import vary_on_headers

from partners.models import Region, ResourceKind, StepKey, TierSlug, UrgencyTier
from partners.public.cache import is_fragment, parsed, public_page, region_content
from partners.public.selectors import RegionContent

from .regions import RegionSearch, find_regions
from .selectors import services_for_situation
from .situation import AGE_BANDS, Situation

STEPS = list(StepKey.values)
# What the pages depend on (partners/public/cache.py): a new parameter is one more item.
SITUATION_PARAMS = (parsed(Situation, "urgentie", "erkenning", "leeftijd", "thema"),)
SEARCH_PARAMS = (parsed(RegionSearch, "q", "postcode", free_text="q"),)
STEP_LABELS = {
    StepKey.OBSERVEER: _("Wat zie je?"),
    StepKey.BESPREEK: _("Bespreek en schat in"),
    StepKey.URGENTIE: _("Hoe dringend?"),
    StepKey.ACTIE: _("Gepaste actie"),
    StepKey.REGISTREER: _("Registreer"),
}


@require_GET
@public_page(*SEARCH_PARAMS)
@vary_on_headers("HX-Request")
def region_list(request: HttpRequest) -> HttpResponse:
    """Choose an ELZ: all of them, or found by gemeente or postcode (?q=Kessel-Lo, ?postcode=3010)."""
    search = RegionSearch.from_query(request.GET)
    if not search.searched and settings.DEFAULT_REGION:
        return redirect("region_home", settings.DEFAULT_REGION)
    context = {
        "regions": Region.objects.order_by("name"),
        "q": search.q,
        "postcode": search.postcode,
        "searched": search.searched,
        "matches": find_regions(q=search.q, postcode=search.postcode) if search.searched else [],
        "fragment": is_fragment(request),
    }
    if context["fragment"]:
        return render(request, "wegwijzer/region_list.html#matches", context)
    return render(request, "wegwijzer/region_list.html", context)


@require_GET
@public_page()
def region_home(request: HttpRequest, region: str) -> HttpResponse:
    content = region_content(region)
    return render(
        request,
        "wegwijzer/region_home.html",
        {"region": content.region, "content": content, "acute": content.tiers.get(TierSlug.ACUUT)},
    )


@require_GET
@public_page()
def acute(request: HttpRequest, region: str) -> HttpResponse:
    content = region_content(region)
    tier = content.tiers.get(TierSlug.ACUUT)
    if tier is None:
        raise Http404
    return render(request, "wegwijzer/acute.html", {"region": content.region, "tier": tier})


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


@require_GET
@public_page(*SITUATION_PARAMS)
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
        if key == StepKey.REGISTREER:
            context["tools"] = content.resources_of(ResourceKind.REGISTRATION)
            context["today"] = timezone.localdate()
    template = "wegwijzer/step.html"
    if context["fragment"]:
        template += "#flow"
    return render(request, template, context)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the app and its database answer, 503 otherwise. Touches no session.

    GET or HEAD (some load balancers probe with HEAD); answered by wegwijzer.middleware.health_check
    before sessions and the Host check.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: the friendly 503 page when the database is away, a plain 500 page otherwise.

    Rendered without the request context, so it works when nothing else does.
    """
    from .middleware import DATABASE_DOWN_ERRORS, database_unavailable

    if isinstance(sys.exc_info()[1], DATABASE_DOWN_ERRORS):
        return database_unavailable(request)
    return HttpResponseServerError(render_to_string("500.html"))
