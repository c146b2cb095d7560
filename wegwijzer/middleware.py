"""Operational middleware: security headers, the health check, the public page cache, and a friendly
503 when the database is away.

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
from django.urls import Resolver404, resolve

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


class PublicPageCacheMiddleware:
    """Serve warm public pages before sessions, CSRF, auth and messages run (as WhiteNoise serves files).

    Only GET requests for views declared with `partners.public.cache.public_page`. A warm page costs
    one cache read (the region's version) and no template; the security headers and the CSP still
    come from the middleware above this one. A cold page runs the whole stack and is stored on the
    way out. See partners/public/cache.py for the keys and their bounds.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        from partners.public import cache

        if request.method != "GET":
            return self.get_response(request)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        spec = getattr(match.func, "public_page", None)
        if spec is None:
            return self.get_response(request)
        request.get_host()  # the Host check (DisallowedHost: 400) before anything is served
        try:
            slot = cache.page_slot(request, spec, match.kwargs.get("region"))
            response = cache.cached_page(slot) if slot is not None else None
        except DATABASE_DOWN_ERRORS:
            return self.get_response(request)  # the view fails the same way and answers 503
        if slot is None:
            return self.get_response(request)
        if response is not None:
            return response
        response = self.get_response(request)
        cache.store_page(request, slot, response)
        return response


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
