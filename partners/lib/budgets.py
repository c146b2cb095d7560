"""Hourly budgets per visitor, for what an anonymous request costs the install.

A report lands in a region's queue; a PDF that is not stored yet costs half a second of CPU to
render (every filter combination is a new one). A visitor's budget is counted in the shared cache
under a keyed hash of their address, for an hour: no address is kept in the clear.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

HOUR = 60 * 60


def client_address(request: HttpRequest) -> str:
    """The visitor's address; behind AXES_IPWARE_PROXY_COUNT proxies, the one the first proxy saw."""
    proxies = getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0)
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


@dataclass(frozen=True)
class HourlyBudget:
    name: str
    setting: str  # the setting that holds how many per address per hour

    def key(self, request: HttpRequest) -> str:
        digest = salted_hmac(f"wegwijzer.{self.name}-rate", client_address(request)).hexdigest()
        return f"wegwijzer:{self.name}-rate:" + hashlib.sha256(digest.encode()).hexdigest()[:32]

    def spent(self, request: HttpRequest) -> bool:
        return (cache.get(self.key(request)) or 0) >= getattr(settings, self.setting)

    def spend(self, request: HttpRequest) -> None:
        key = self.key(request)
        if not cache.add(key, 1, timeout=HOUR):
            try:
                cache.incr(key)
            except ValueError:  # expired in between
                cache.set(key, 1, timeout=HOUR)


REPORTS = HourlyBudget("report", "WEGWIJZER_REPORTS_PER_HOUR")
NEW_PDFS = HourlyBudget("pdf", "WEGWIJZER_NEW_PDFS_PER_HOUR")
