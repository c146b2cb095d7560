"""The partnerkaart and the contactfiche as print-quality PDFs (WeasyPrint).

A PDF is rendered once per region version (`Region.content_changed_at`, partners/versions.py)
and variant, and kept in the database (`RenderedPdf`) so that every app instance serves the same
file without rendering it again. Bounded by design:

- the variant is a hash of everything the PDF depends on (layout, SITE_URL, card, the whole
  normalised filter), never the request's Host: a client cannot add variants by changing headers,
  and two filter combinations never share a PDF;
- at most `MAX_VARIANTS` PDFs are kept per region and card: storing one more drops the least
  recently rendered;
- a free-text search (`?q=`) is not rendered at all: its variety is unbounded and each PDF costs
  about half a second of CPU. The PDF link of a search leaves the search out, and a PDF URL with
  `q` is sent to the searchable page (partners/public/views.py).
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import segno
from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from weasyprint import HTML  # at import, so a worker's first PDF does not also pay for loading it

from partners.lib.budgets import NEW_PDFS, PDF_RENDERS
from partners.models import Card, RenderedPdf
from partners.public.cache import code_version
from partners.public.cards import CardFilters, filtered_card, partnerkaart_results
from partners.public.languages import SheetLanguage, build_sheet, residents_place, sheet_date
from partners.public.selectors import RegionContent

STATIC_DIR = Path(settings.BASE_DIR) / "static"
TEMPLATES = {Card.PARTNERKAART: "partners/pdf/partnerkaart.html", Card.CONTACTFICHE: "partners/pdf/contactfiche.html"}
PAGE_URLS = {Card.PARTNERKAART: "partnerkaart", Card.CONTACTFICHE: "contactfiche"}
MAX_VARIANTS = 40


def qr_data_uri(url: str) -> str:
    """An SVG QR code for `url`, inline, so the PDF needs nothing from outside."""
    svg = segno.make(url, error="m").svg_inline(scale=4, border=0, dark="#1d2330")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def sheet_querystring(filters: CardFilters, language: SheetLanguage | None) -> str:
    """The filters' query string plus ?taal=… for a contactfiche in another language than Dutch."""
    query = filters.querystring()
    extra = language.querystring() if language else ""
    if not extra:
        return query
    return f"{query}&{extra}" if query else f"?{extra}"


def page_url(content: RegionContent, card: str, filters: CardFilters, language: SheetLanguage | None = None) -> str:
    """The online page with the same filters (and language), at the configured SITE_URL."""
    return settings.SITE_URL + reverse(PAGE_URLS[card], args=[content.region.slug]) + sheet_querystring(filters, language)


def render_pdf(
    request: HttpRequest, content: RegionContent, card: str, filters: CardFilters, language: SheetLanguage | None = None
) -> bytes:
    url = page_url(content, card, filters, language)
    sections = (partnerkaart_results if card == Card.PARTNERKAART else lambda c, f: filtered_card(c, card, f))(
        content, filters
    ).sections
    code = language.code if language else settings.LANGUAGE_CODE
    with translation.override(code):
        context = {
            "region": content.region,
            "content": content,
            "card_title": Card(card).label,
            "sections": sections,
            "filters": filters,
            "page_url": url,
            "qr": qr_data_uri(url),
            "version_text": _("versie van %(date)s") % {"date": sheet_date(localtime(content.region.content_changed_at))},
            "directories": content.directories,
        }
        if language:
            sheet = build_sheet(sections, language, content.sign_offs.get(language.code))
            place = residents_place(content.region)
            context |= {"language": language, "sheet": sheet, "place": place, "margin_name": place}
        html = render_to_string(TEMPLATES[card], context, request=request)
    return HTML(string=html, base_url=str(STATIC_DIR) + "/").write_pdf()


def variant_key(card: str, filters: CardFilters, language: SheetLanguage | None = None) -> str:
    """A hash of everything a PDF depends on besides the region's version."""
    whole = "\x00".join([code_version(), settings.SITE_URL, card, sheet_querystring(filters, language)])
    return hashlib.sha256(whole.encode()).hexdigest()


class NewPdfRefused(Exception):
    """This visitor has had its hourly share of PDFs that had to be rendered (settings.WEGWIJZER_NEW_PDFS_PER_HOUR)."""


class RendersBusy(Exception):
    """As many PDFs are being rendered across the install as may be (settings.WEGWIJZER_PDF_RENDERS_AT_ONCE)."""


def cached_pdf(
    request: HttpRequest, content: RegionContent, card: str, filters: CardFilters, language: SheetLanguage | None = None
) -> tuple[bytes, bool]:
    """The PDF for this card, version, filter and language: from the shared store, or rendered now.

    Returns (pdf, from_cache). `filters` must hold no free text (see the module's docstring). A PDF
    that must be rendered counts against the visitor's hourly budget; past it, NewPdfRefused. At most
    WEGWIJZER_PDF_RENDERS_AT_ONCE render at once across the install; past that, RendersBusy.
    """
    if filters.q:
        raise ValueError("A PDF of a free-text search is not rendered.")
    region = content.region
    variant = variant_key(card, filters, language)
    cached = (
        RenderedPdf.objects.filter(region=region, card=card, variant=variant, version=region.content_changed_at)
        .values_list("pdf", flat=True)
        .first()
    )
    if cached is not None:
        return bytes(cached), True
    if NEW_PDFS.spent(request):
        raise NewPdfRefused
    slot = PDF_RENDERS.take()
    if slot is None:
        raise RendersBusy
    try:
        NEW_PDFS.spend(request)
        pdf = render_pdf(request, content, card, filters, language)
    finally:
        PDF_RENDERS.give_back(slot)
    try:
        with transaction.atomic():
            RenderedPdf.objects.update_or_create(
                region=region, card=card, variant=variant, defaults={"version": region.content_changed_at, "pdf": pdf}
            )
            kept = RenderedPdf.objects.filter(region=region, card=card).order_by("-created_at", "-pk")
            RenderedPdf.objects.filter(pk__in=list(kept.values_list("pk", flat=True)[MAX_VARIANTS:])).delete()
    except IntegrityError:  # another instance stored the same PDF at the same moment
        pass
    return pdf, False
