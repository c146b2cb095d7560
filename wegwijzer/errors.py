"""What the site answers when something is wrong: the health check, the 503 page when the database
is away, and the plain 500 page. Rendered without the database, the session or the request context.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseServerError
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

DATABASE_DOWN_ERRORS = (OperationalError, InterfaceError)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the app and its database answer, 503 otherwise. Touches no session.

    GET or HEAD (some load balancers probe with HEAD); answered by `health_check` below
    before sessions and the Host check.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


API_PREFIX = "/api/"


def is_api(request: HttpRequest | None) -> bool:
    """A request to the open data API (/api/...): its errors are JSON, never an HTML page."""
    return request is not None and request.path_info.startswith(API_PREFIX)


def api_error(status: int, message: str) -> HttpResponse:
    """`{"error": "…"}` with this status: the body of every error under /api/ (docs/api.md)."""
    body = json.dumps({"error": message}, ensure_ascii=False)
    response = HttpResponse(body, status=status, content_type="application/json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "no-store"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: the friendly 503 page when the database is away, a plain 500 page otherwise
    (JSON for the API).

    Rendered without the request context, so it works when nothing else does.
    """
    if isinstance(sys.exc_info()[1], DATABASE_DOWN_ERRORS):
        return database_unavailable(request)
    if is_api(request):
        return api_error(500, _("Er ging iets mis aan onze kant. Probeer het later opnieuw."))
    return HttpResponseServerError(render_to_string("500.html"))


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: JSON under /api/, the site's 404 page elsewhere."""
    if is_api(request):
        return api_error(404, _("Niet gevonden."))
    return defaults.page_not_found(request, exception)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400 (e.g. a Host that is not ours): JSON under /api/."""
    if is_api(request):
        return api_error(400, _("Dit verzoek kunnen we niet lezen."))
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler403: JSON under /api/."""
    if is_api(request):
        return api_error(403, _("Dit mag niet."))
    return defaults.permission_denied(request, exception)


def health_check(get_response: Callable[[HttpRequest], HttpResponseBase]) -> Callable:
    """Answer /healthz before sessions, CSRF or the Host check run.

    Load balancers probe an instance by its own address, which is not in ALLOWED_HOSTS.
    """

    def middleware(request: HttpRequest) -> HttpResponseBase:
        if request.path_info == "/healthz":
            return healthz(request)
        return get_response(request)

    return middleware


def database_unavailable(request: HttpRequest | None = None) -> HttpResponse:
    """The friendly 503 page: rendered without the database, the session or the request context."""
    if is_api(request):
        response = api_error(503, _("De databank is even niet bereikbaar. Probeer het over een halve minuut opnieuw."))
    else:
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turn "the database is unreachable" into a 503 page instead of a 500 with a traceback.

    One short warning per failed request goes to the log (no traceback, no query string).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DATABASE_DOWN_ERRORS):
            logger.warning("Database unavailable (%s) for %s", type(exception).__name__, request.path)
            return database_unavailable(request)
        return None
