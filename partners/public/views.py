"""The partnerkaart and the contactfiche: searchable pages and print-quality PDFs of the same data."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.text import slugify
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import push_url

from partners.lib.ages import AGE_BANDS
from partners.lib.budgets import HOUR
from partners.lib.languages import language_name
from partners.models import Card
from partners.public.cache import is_fragment, parsed, public_page, region_content
from partners.public.cards import CardFilters, filtered_card, partnerkaart_results, service_language_codes
from partners.public.languages import SheetLanguage, build_sheet, residents_place, sheet_language, sheet_languages
from partners.public.pdf import NewPdfRefused, RendersBusy, cached_pdf, sheet_querystring

# What the card pages depend on (partners/public/cache.py); a new parameter is one more item,
# e.g. `choice("taal", LANGUAGE_CODES)`.
CARD_PARAMS = (parsed(CardFilters, "q", "thema", "leeftijd", "gratis", "taal_dienst", free_text="q"),)
SHEET_PARAMS = (parsed(SheetLanguage, "taal", "tweetalig"),)
BUSY_RETRY_SECONDS = 10  # a PDF renders in about half a second; a busy moment passes quickly


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
        "directories": content.directories,
        "fragment": is_fragment(request),
        "service_languages": [(code, language_name(code)) for code in service_language_codes()],
    }


@require_GET
@public_page(*CARD_PARAMS, region="region", examples=("", "?q=kind", "?thema=jonge-kind&leeftijd=0-3"))
@vary_on_headers("HX-Request")
def partnerkaart(request: HttpRequest, region: str) -> HttpResponse:
    context = _card_context(request, region, Card.PARTNERKAART)
    if context["fragment"]:
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
@public_page(*CARD_PARAMS, *SHEET_PARAMS, region="region", examples=("", "?taal=fr", "?taal=ar&tweetalig=1"))
def contactfiche(request: HttpRequest, region: str) -> HttpResponse:
    context = _card_context(request, region, Card.CONTACTFICHE)
    language = sheet_language(request.GET)
    filters = context["filters"]
    bilingual = SheetLanguage(language.code, language.name, not language.bilingual)
    context |= {
        "language": language,
        "sheet": build_sheet(context["sections"], language, context["content"].sign_offs.get(language.code)),
        "languages": _language_links(region, filters, language),
        "pdf_url": reverse("contactfiche_pdf", args=[region]) + sheet_querystring(filters, language),
        # Every way back to the sheet keeps its language (and filters).
        "sheet_url": reverse("contactfiche", args=[region]) + sheet_querystring(filters, language),
        "bilingual_url": reverse("contactfiche", args=[region]) + sheet_querystring(filters, bilingual),
        # "Klopt er iets niet?" is for the professional who hands out the sheet: on the Dutch page only.
        "report_links": language.is_dutch,
    }
    with translation.override(language.code):
        context["place"] = residents_place(context["region"])
        response = render(request, "partners/contactfiche.html", context)
    response["Content-Language"] = language.html_lang
    return response


def _pdf_response(request: HttpRequest, region: str, card: str) -> HttpResponse:
    content = region_content(region)
    filters = CardFilters.from_query(request.GET, set(content.themes))
    language = sheet_language(request.GET) if card == Card.CONTACTFICHE else None
    if filters.q:
        # A search is not printed (partners/public/pdf.py): show it on the page, which links
        # the PDF of the same selection without the search.
        return redirect(reverse(card, args=[region]) + sheet_querystring(filters, language))
    try:
        pdf, from_cache = cached_pdf(request, content, card, filters, language)
    except (NewPdfRefused, RendersBusy) as refused:
        # Over this address's hourly budget (429, in an hour), or every render slot of the install
        # busy (503, in a few seconds). A stored PDF is never refused.
        busy = isinstance(refused, RendersBusy)
        page_url = reverse(card, args=[region]) + sheet_querystring(filters, language)
        context = {"region": content.region, "page_url": page_url, "busy": busy}
        response = render(request, "partners/pdf_later.html", context, status=503 if busy else 429)
        response["Retry-After"] = str(BUSY_RETRY_SECONDS if busy else HOUR)
        add_never_cache_headers(response)
        return response
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
