"""The partnerkaart and the contactfiche: the region's cards as pages (and later as PDFs)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .selectors import RegionContent, get_region


@require_GET
def partnerkaart(request: HttpRequest, region: str) -> HttpResponse:
    content = RegionContent(get_region(region))
    return render(request, "partners/partnerkaart.html", {"region": content.region, "sections": content.partnerkaart})


@require_GET
def contactfiche(request: HttpRequest, region: str) -> HttpResponse:
    content = RegionContent(get_region(region))
    return render(request, "partners/contactfiche.html", {"region": content.region, "sections": content.contactfiche})
