"""Security headers for every response: the CSP and the Permissions-Policy.

The health check and the 503 page are in wegwijzer/errors.py, the public page cache in
partners/public/middleware.py. The order in settings.MIDDLEWARE matters; see the comment there.
"""

from __future__ import annotations

from collections.abc import Callable

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase


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
