"""Hourly budgets per visitor, for what an anonymous request costs the install.

A report lands in a region's queue; a PDF that is not stored yet costs half a second of CPU to
render (every filter combination is a new one). A visitor is their `client_address` (below; the
login lockouts use the same address); their budget is counted in a shared cache of its own
(`budgets`, which nothing else fills, so a cull of pages or content never resets a limit)
under a keyed hash of their address, for an hour: no address is kept in the clear.
"""

from __future__ import annotations

import hashlib
import ipaddress
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

HOUR = 60 * 60


def client_address(request: HttpRequest) -> str:
    """The client's IP address, as the outermost of our WEGWIJZER_PROXY_COUNT proxies saw it: one
    answer for every per-address limit (login lockouts through AXES_CLIENT_IP_CALLABLE, PDFs, reports).

    Without a proxy it is REMOTE_ADDR. Behind the nginx of docs/deploy.md (`AXES_PROXY_COUNT=1`,
    `settings.WEGWIJZER_PROXY_COUNT`), REMOTE_ADDR is nginx and nginx *replaces* X-Forwarded-For
    with the address it saw, so the header holds exactly one address per proxy and nothing a client
    sent survives. A header with another number of addresses did not come through our proxies as
    documented and is not trusted: REMOTE_ADDR is used. So is an entry that is not an IP address.
    """
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


def budget_store():
    """The shared cache the budgets count in (settings.CACHES["budgets"])."""
    return caches["budgets"]


@dataclass(frozen=True)
class HourlyBudget:
    name: str
    setting: str  # the setting that holds how many per address per hour

    def key(self, request: HttpRequest) -> str:
        digest = salted_hmac(f"wegwijzer.{self.name}-rate", client_address(request)).hexdigest()
        return f"wegwijzer:{self.name}-rate:" + hashlib.sha256(digest.encode()).hexdigest()[:32]

    def spent(self, request: HttpRequest) -> bool:
        return (budget_store().get(self.key(request)) or 0) >= getattr(settings, self.setting)

    def spend(self, request: HttpRequest) -> None:
        key = self.key(request)
        if not budget_store().add(key, 1, timeout=HOUR):
            try:
                budget_store().incr(key)
            except ValueError:  # expired in between
                budget_store().set(key, 1, timeout=HOUR)


REPORTS = HourlyBudget("report", "WEGWIJZER_REPORTS_PER_HOUR")
NEW_PDFS = HourlyBudget("pdf", "WEGWIJZER_NEW_PDFS_PER_HOUR")


class RenderSlots:
    """At most `setting` renders at once across the whole install, whoever asks.

    Each slot is a key in the shared cache (a table in the database every instance uses), taken
    with `add()`, which only one caller can win: the database's primary key decides. A worker that
    dies mid-render frees its slot when the key expires (`timeout`, longer than gunicorn's worker
    timeout). Past the cap a request is answered at once ("try again in a few seconds"), so many
    addresses together can keep at most that many workers busy rendering.
    """

    def __init__(self, name: str, setting: str, timeout: int = 60) -> None:
        self.name, self.setting, self.timeout = name, setting, timeout

    def take(self) -> tuple[str, str] | None:
        """A free slot (key, token), or None when all are in use."""
        token = secrets.token_hex(8)
        for number in range(max(1, getattr(settings, self.setting))):
            key = f"wegwijzer:{self.name}-slot:{number}"
            if budget_store().add(key, token, timeout=self.timeout):
                return key, token
        return None

    def give_back(self, slot: tuple[str, str]) -> None:
        key, token = slot
        if budget_store().get(key) == token:  # not one that expired and another request took since
            budget_store().delete(key)


PDF_RENDERS = RenderSlots("pdf-render", "WEGWIJZER_PDF_RENDERS_AT_ONCE")
