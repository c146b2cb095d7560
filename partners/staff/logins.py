"""Login attempts: a limit per username and address, and a higher one per username across addresses.

django-axes counts failures per lockout parameter (`AXES_LOCKOUT_PARAMETERS`: first the username
with the address, then the username alone) but compares them with one limit. This handler locks
out at `AXES_FAILURE_LIMIT` failures of one username from one address (a person mistyping), or at
`WEGWIJZER_USERNAME_FAILURE_LIMIT` failures of one username from all addresses together (a guess
spread over many addresses, which the first limit alone never stops).
"""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum


class UsernameAcrossAddressesHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        counts = [
            attempts.aggregate(Sum("failures_since_start"))["failures_since_start__sum"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        ]
        from_this_address = counts[0] if counts else 0
        across_addresses = max(counts[1:], default=0)
        if across_addresses >= settings.WEGWIJZER_USERNAME_FAILURE_LIMIT:
            return max(from_this_address, settings.AXES_FAILURE_LIMIT)  # locked, whichever address asks
        return from_this_address
