"""The client's address: one answer for every per-address limit (login lockouts, PDFs, reports).

Without a proxy it is REMOTE_ADDR. Behind the nginx of docs/deploy.md (`AXES_PROXY_COUNT=1`,
`settings.WEGWIJZER_PROXY_COUNT`), REMOTE_ADDR is nginx and nginx *replaces* X-Forwarded-For
with the address it saw, so the header holds exactly one address per proxy and nothing a client
sent survives. A header with another number of addresses did not come through our proxies as
documented and is not trusted: REMOTE_ADDR is used. So is an entry that is not an IP address.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's IP address, as the outermost of our WEGWIJZER_PROXY_COUNT proxies saw it."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "WEGWIJZER_PROXY_COUNT", 0)
    if not proxies:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) != proxies:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[0]))
    except ValueError:
        return remote
