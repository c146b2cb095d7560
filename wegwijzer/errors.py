"""What the site answers when something is wrong: the health check, the 503 page when the database
is away, and the plain 500 page. Rendered without the database, the session or the request context.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseServerError
from django.template.loader import render_to_string
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


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: the friendly 503 page when the database is away, a plain 500 page otherwise.

    Rendered without the request context, so it works when nothing else does.
    """
    if isinstance(sys.exc_info()[1], DATABASE_DOWN_ERRORS):
        return database_unavailable(request)
    return HttpResponseServerError(render_to_string("500.html"))


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
