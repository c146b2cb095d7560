"""The partnerkaart and the contactfiche: searchable pages and print-quality PDFs of the same data."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import push_url

from partners.lib.ages import AGE_BANDS
from partners.lib.languages import language_name
from partners.models import Card
from partners.public.cache import CARD_FILTER_PARAMS, cache_public_page, region_content
from partners.public.cards import CardFilters, filtered_card, partnerkaart_results, service_language_codes
from partners.public.languages import LANGUAGE_PARAMS, SheetLanguage, build_sheet, sheet_language, sheet_languages
from partners.public.pdf import cached_pdf, sheet_querystring

DIRECTORY = "directory"


def _card_context(request: HttpRequest, region: str, card: str) -> dict:
    content = region_content(region)
    filters = CardFilters.from_query(request.GET, set(content.themes))
    filtered = partnerkaart_results(content, filters) if card == Card.PARTNERKAART else filtered_card(content, card, filters)
    return {
        "region": content.region,
        "content": content,
        "filters": filters,
        "sections": filtered.sections,
        "count": filtered.count,
        "themes": list(content.themes.values()),
        "age_bands": list(AGE_BANDS.values()),
        "directories": [r for r in content.resources if r.kind == DIRECTORY],
        "service_languages": [(code, language_name(code)) for code in service_language_codes()],
    }


@require_GET
@cache_public_page(params=CARD_FILTER_PARAMS)
@vary_on_headers("HX-Request")
def partnerkaart(request: HttpRequest, region: str) -> HttpResponse:
    context = _card_context(request, region, Card.PARTNERKAART)
    if request.htmx and not request.htmx.history_restore_request:
        response = render(request, "partners/partnerkaart.html#results", context)
        # The address bar shows the filters that count, not every empty form field.
        return push_url(response, reverse("partnerkaart", args=[region]) + context["filters"].querystring())
    return render(request, "partners/partnerkaart.html", context)


def _language_links(region: str, filters: CardFilters, current: SheetLanguage) -> list[dict]:
    """The language switcher: each language in its own name, keeping the filters and 'tweetalig'."""
    links = []
    for language in sheet_languages():
        language = SheetLanguage(language.code, language.name, current.bilingual)
        url = reverse("contactfiche", args=[region]) + sheet_querystring(filters, language)
        links.append({"language": language, "url": url, "current": language.code == current.code})
    return links


@require_GET
@cache_public_page(params=(*CARD_FILTER_PARAMS, *LANGUAGE_PARAMS))
def contactfiche(request: HttpRequest, region: str) -> HttpResponse:
    context = _card_context(request, region, Card.CONTACTFICHE)
    language = sheet_language(request.GET)
    filters = context["filters"]
    bilingual = SheetLanguage(language.code, language.name, not language.bilingual)
    context |= {
        "language": language,
        "sheet": build_sheet(context["sections"], language),
        "languages": _language_links(region, filters, language),
        "pdf_url": reverse("contactfiche_pdf", args=[region]) + sheet_querystring(filters, language),
        "bilingual_url": reverse("contactfiche", args=[region]) + sheet_querystring(filters, bilingual),
    }
    with translation.override(language.code):
        response = render(request, "partners/contactfiche.html", context)
    response["Content-Language"] = language.html_lang
    return response


def _pdf_response(request: HttpRequest, region: str, card: str) -> HttpResponse:
    content = region_content(region)
    filters = CardFilters.from_query(request.GET, set(content.themes))
    language = sheet_language(request.GET) if card == Card.CONTACTFICHE else None
    pdf, from_cache = cached_pdf(request, content, card, filters, language)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = slugify(f"{card} {content.region.name} {language.code if language and not language.is_dutch else ''}")
    response["Content-Disposition"] = f'inline; filename="{filename}.pdf"'
    response["X-PDF-Cache"] = "hit" if from_cache else "miss"
    if language:
        response["Content-Language"] = language.html_lang
    return response


@require_GET
def partnerkaart_pdf(request: HttpRequest, region: str) -> HttpResponse:
    return _pdf_response(request, region, Card.PARTNERKAART)


@require_GET
def contactfiche_pdf(request: HttpRequest, region: str) -> HttpResponse:
    return _pdf_response(request, region, Card.CONTACTFICHE)
