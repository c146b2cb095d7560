"""Public pages. Nothing here asks, stores or logs anything about a family or a child."""

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from partners.models import Region


@require_GET
def region_list(request: HttpRequest) -> HttpResponse:
    regions = Region.objects.order_by("name")
    return render(request, "wegwijzer/region_list.html", {"regions": regions})


@require_GET
def region_home(request: HttpRequest, region: str) -> HttpResponse:
    region_obj = get_object_or_404(Region, slug=region)
    return render(request, "wegwijzer/region_home.html", {"region": region_obj})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the app and its database answer, 503 otherwise. Touches no session."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
