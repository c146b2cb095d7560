"""On whose behalf code writes: a staff user, the system, or one of the two sanctioned public writes.

The write policy (`partners.staff.policy`) checks every write of a guarded model against an actor:

- `acting_as(user)` names the user explicitly; in a request the request's user is the actor
  (simple-history's HistoryRequestMiddleware keeps the request);
- `system_write()` marks code that writes for nobody in particular: management commands, the
  loaders (load_demo, new_elz), and test fixtures that make content. Only there may a write have no
  user. A thread started in a request starts with none of these, so its writes are refused;
- a visitor's request (no login) writes nothing, except exactly two things, each named here:
  `partner_verifies(service_id)` (the partner's "Alles klopt": the verification fields of that one
  service) and `submitting(Proposal or Report)` (creating one new proposal or report).

`deciding(proposal_id)` marks the one path that decides on a proposal (`partners.content.review`).
Context variables, so they hold for the code inside and never leak to other requests or threads.
"""

from __future__ import annotations

import contextvars
from contextlib import contextmanager

from simple_history.models import HistoricalRecords

_user: contextvars.ContextVar = contextvars.ContextVar("wegwijzer_acting_user", default=None)
_system: contextvars.ContextVar[str | None] = contextvars.ContextVar("wegwijzer_system_write", default=None)
_partner_service: contextvars.ContextVar[int | None] = contextvars.ContextVar("wegwijzer_partner_verifies", default=None)
_submitting: contextvars.ContextVar = contextvars.ContextVar("wegwijzer_submitting", default=None)
_deciding: contextvars.ContextVar[int | None] = contextvars.ContextVar("wegwijzer_deciding", default=None)


@contextmanager
def _set(var: contextvars.ContextVar, value):
    token = var.set(value)
    try:
        yield
    finally:
        var.reset(token)


def acting_as(user):
    """Write on behalf of `user` (also usable as a decorator)."""
    return _set(_user, user)


def system_write(why: str = "system"):
    """Writes with no user: a management command, a loader, a data fixture (also usable as a decorator)."""
    return _set(_system, why)


def partner_verifies(service_id: int):
    """The partner of service `service_id` says its entry is right: only that service's verification."""
    return _set(_partner_service, service_id)


def submitting(model):
    """A visitor's form creates one new `model` (a Proposal or a Report)."""
    return _set(_submitting, model)


def deciding(proposal_id: int):
    """The review decides on proposal `proposal_id` (accept or reject)."""
    return _set(_deciding, proposal_id)


def acting_user():
    """The user on whose behalf the current code writes: `acting_as`, else the request's user, else None."""
    user = _user.get()
    if user is not None:
        return user
    request = getattr(HistoricalRecords.context, "request", None)
    return getattr(request, "user", None) if request is not None else None


def in_system_write() -> bool:
    return _system.get() is not None


def partner_verifies_service() -> int | None:
    return _partner_service.get()


def submitting_model():
    return _submitting.get()


def deciding_proposal() -> int | None:
    return _deciding.get()
