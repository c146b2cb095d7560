"""Operational middleware: security headers, the health check, and a friendly 503 when the database is away.

The order in settings.MIDDLEWARE matters; see the comment there.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

DATABASE_DOWN_ERRORS = (OperationalError, InterfaceError)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy everywhere; the admin alone may also use inline styles.

    Django's admin writes a few `style` attributes and one `<style>` block (change lists
    without actions); django-simple-history's history page one more. Scripts stay 'self' only.
    """

    ADMIN_PREFIX = "/admin/"

    def get_policy_parts(self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(self.ADMIN_PREFIX):
            update = dict(parts.update or {})
            update["style-src"] = [*update.get("style-src", []), "'unsafe-inline'"]
            parts.update = update
        return parts


def permissions_policy(get_response: Callable[[HttpRequest], HttpResponseBase]) -> Callable:
    """Add `Permissions-Policy`: the site needs no camera, microphone, location or payment."""

    def middleware(request: HttpRequest) -> HttpResponseBase:
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response

    return middleware


def health_check(get_response: Callable[[HttpRequest], HttpResponseBase]) -> Callable:
    """Answer /healthz before sessions, CSRF or the Host check run.

    Load balancers probe an instance by its own address, which is not in ALLOWED_HOSTS.
    """
    from .views import healthz

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
