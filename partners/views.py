"""The partnerkaart and the contactfiche: the region's cards as pages (and later as PDFs)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .cache import CARD_FILTER_PARAMS, cache_public_page, region_content


@require_GET
@cache_public_page(params=CARD_FILTER_PARAMS)
def partnerkaart(request: HttpRequest, region: str) -> HttpResponse:
    content = region_content(region)
    return render(request, "partners/partnerkaart.html", {"region": content.region, "sections": content.partnerkaart})


@require_GET
@cache_public_page(params=CARD_FILTER_PARAMS)
def contactfiche(request: HttpRequest, region: str) -> HttpResponse:
    content = region_content(region)
    return render(request, "partners/contactfiche.html", {"region": content.region, "sections": content.contactfiche})
