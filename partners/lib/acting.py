"""Writes made on behalf of someone who is not a logged-in editor: a partner or a reporting professional.

The write guard (`partners.staff.guard`) checks every content write of a request against the user
of that request, and refuses writes from a request without a logged-in user. A public view that
is *meant* to write — a partner confirming their entry through a signed link, a professional
reporting a wrong number — says so with `on_behalf_of(...)` around exactly that write; nothing
else a visitor reaches can write content.
"""

from __future__ import annotations

import contextvars
from contextlib import contextmanager

_writer: contextvars.ContextVar[str | None] = contextvars.ContextVar("wegwijzer_public_writer", default=None)


@contextmanager
def on_behalf_of(who: str):
    """Mark the writes inside as sanctioned public writes by `who` ("partner", "melder")."""
    token = _writer.set(who)
    try:
        yield
    finally:
        _writer.reset(token)


def public_writer() -> str | None:
    """Who a sanctioned public write is made for, or None outside `on_behalf_of`."""
    return _writer.get()
