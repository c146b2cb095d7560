"""The tripwire: the write policy checked once more on every save, delete and many-to-many change
of a guarded model, whatever path the write took.

The rules, and the explicit checks each write entry point makes, are in `partners.staff.policy`;
this module only catches what slips past them. `connect()` is called by
`PartnersConfig.ready()`, with an explicit sender for each guarded model (`policy.GUARDED`), so
deletes of every other model stay fast deletes (no PDF blob is read to delete a rendered PDF).

It fails closed: a write with no known actor (no `acting_as`, no request user) is refused, unless
the code runs inside `policy.system_write()` (management commands, the loaders, content fixtures).
A thread started during a request has no actor, so its writes are refused. Writes that send no
signal (`QuerySet.update()`, `bulk_create`, `bulk_update`) ask `_on_bulk_write` through the guarded
models' `CheckedQuerySet`; staff code does not use them at all (a test in tests/staff/test_permissions.py).

A refusal raises `Refused`, a PermissionDenied with a Dutch message. The admin site runs every
POST in one transaction and shows that message (`partners.staff.site`), so nothing is saved.
"""

from __future__ import annotations

import contextvars
from contextlib import contextmanager

from django.db import models
from django.db.models.signals import m2m_changed, pre_delete, pre_save
from django.utils.translation import gettext as _

from partners.lib import acting
from partners.lib.acting import acting_as, acting_user  # noqa: F401 - guard.acting_as: the name tests and callers use
from partners.models.fields import BULK_WRITE_CHECKS, STORED_ROW
from partners.staff import policy, scope
from partners.staff.policy import GUARDED, Refused  # noqa: F401 - re-exported for callers

_restoring: contextvars.ContextVar = contextvars.ContextVar("wegwijzer_restoring", default=False)


@contextmanager
def restoring():
    """Many-to-many values put back as they were before a delete (`history.restore`, which has
    checked that the user may restore the record): they may include choices the user cannot make,
    such as coverage regions set by the redactie Vlaanderen."""
    token = _restoring.set(True)
    try:
        yield
    finally:
        _restoring.reset(token)


class _System:
    """The actor of a `system_write()`."""


SYSTEM = _System()


def actor():
    """The user the current write is for; None inside `system_write()`; Refused when there is none."""
    user = acting_user()
    if user is not None:
        return user
    if acting.in_system_write():
        return None
    raise Refused(_("Niet bewaard: er is geen aangemelde gebruiker voor deze wijziging."))


def _on_pre_save(sender, instance, raw=False, **kwargs):
    instance.__dict__.pop(STORED_ROW, None)  # a row read for an earlier save of this instance is stale
    if raw:  # loaddata (restore_content): rows as they were backed up
        return
    policy.check_write(actor(), instance)


def _on_pre_delete(sender, instance, **kwargs):
    policy.check_delete(actor(), instance)


def _forward_field(sender, model_a: type[models.Model]) -> str | None:
    for field in model_a._meta.many_to_many:
        if field.remote_field.through is sender:
            return field.name
    return None


def _on_m2m_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("pre_add", "pre_remove", "pre_clear") or _restoring.get():
        return
    user = actor()
    if not reverse:
        field_name = _forward_field(sender, type(instance))
        if field_name is None or type(instance) not in GUARDED:
            return
        ids = pk_set if pk_set is not None else set(getattr(instance, field_name).values_list("pk", flat=True))
        found = policy.m2m_problems(user, instance, field_name, ids)
    else:  # e.g. region.covered_services.add(service): each service is what changes
        field_name = _forward_field(sender, model)
        if field_name is None or model not in GUARDED:
            return
        manager = model._default_manager
        owners = manager.filter(pk__in=pk_set) if pk_set is not None else manager.filter(**{field_name: instance})
        found = [problem for owner in owners for problem in policy.m2m_problems(user, owner, field_name, {instance.pk})]
    if found:
        raise Refused(" ".join(dict.fromkeys(found)))


def _on_bulk_write(model, operation: str) -> None:
    """`update()`, `bulk_create()`, `bulk_update()` on a guarded model skip every per-record rule:
    only the system (commands, loaders) and the redactie Vlaanderen (the new-ELZ page) use them."""
    if model not in GUARDED:
        return
    user = actor()
    if user is None or (user.is_authenticated and scope.edits_everything(user)):
        return
    raise Refused(_("Niet bewaard: %(what)s wijzig je één voor één, niet in bulk.") % {"what": model._meta.verbose_name_plural})


def connect() -> None:
    """Connect the tripwire for each guarded model and each of their many-to-many tables, and the
    check on writes without signals (`partners.models.fields.CheckedQuerySet`)."""
    if _on_bulk_write not in BULK_WRITE_CHECKS:
        BULK_WRITE_CHECKS.append(_on_bulk_write)
    for model in GUARDED:
        name = model.__name__
        pre_save.connect(_on_pre_save, sender=model, dispatch_uid=f"wegwijzer-guard-save-{name}")
        pre_delete.connect(_on_pre_delete, sender=model, dispatch_uid=f"wegwijzer-guard-delete-{name}")
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_on_m2m_changed, sender=through, dispatch_uid=f"wegwijzer-guard-m2m-{name}-{field.name}")
