"""The one write guard: what a user may write, checked on every save, delete and many-to-many change.

Every staff write ends in a model `save()`, `delete()` or a many-to-many change: change and add
forms, inlines, list_editable, bulk actions, simple-history's revert, restore after delete, the
import, the new-ELZ page, and any path added later. This module checks each of them against the
database, for the user of the current request, *before* anything is written:

- the record as stored, and as it would become, must be one the user may change
  (`scope.can_edit`): nothing of another region, nothing shared, no move to another region;
- fields only the redactie Vlaanderen sets keep their stored value (`PROTECTED`): a service's
  coverage and province, a region's slug and province; a service's verification
  (`assured_date`, `assured_by`) is either unchanged or "today, by you";
- `NATIONAL_ONLY` models (gemeenten: reference geography; themes) and the creation and deletion
  of regions are for the redactie Vlaanderen only;
- a foreign key that changes, and a many-to-many change, point only to what the user may use:
  their own regions' records, and for a link (`scope.LINK_FIELDS`) the services they may put on
  a card.

The acting user is the user of the current request (simple-history's HistoryRequestMiddleware
keeps the request), so a new view is guarded without doing anything. Outside a request
(management commands, the YAML loader, migrations) nothing is restricted. A request without a
logged-in user writes nothing, except inside `partners.lib.acting.on_behalf_of` (the partner's
signed link, the "Klopt er iets niet?" form). `acting_as(user)`
sets the user explicitly.

A refusal raises `Refused`, a PermissionDenied with a Dutch message. The admin site runs every
POST in one transaction and shows that message (`partners.staff.site`), so nothing is saved.
Forms and the import call `problems()` first, to show the same message next to the form or row.
"""

from __future__ import annotations

import contextvars
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models.signals import m2m_changed, pre_delete, pre_save
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords

from partners.lib.acting import public_writer
from partners.models import REGION_PATHS, Locality, Municipality, Postcode, Region, Service, Theme, Zone
from partners.staff import scope

# Fields whose value only the redactie Vlaanderen changes.
PROTECTED: dict[type[models.Model], tuple[str, ...]] = {
    # the slug is in printed QR codes; the province decides coverage; the zone (and whether it
    # shows its own map or the template) is the geography's and the redactie Vlaanderen's call
    Region: ("slug", "province", "zone_id", "has_own_map"),
    Service: ("coverage", "province"),  # a province or all of Flanders is the redactie Vlaanderen's call
}
VERIFICATION = ("assured_date", "assured_by")
# Models only the redactie Vlaanderen writes (the geography is reference data: it decides which
# ELZ a postcode finds; the admin shows it read-only to everyone).
NATIONAL_ONLY = {Zone, Municipality, Postcode, Locality, Theme}
GUARDED = {*REGION_PATHS, *NATIONAL_ONLY}

_acting: contextvars.ContextVar = contextvars.ContextVar("wegwijzer_acting_user", default=None)
_restoring: contextvars.ContextVar = contextvars.ContextVar("wegwijzer_restoring", default=False)


class Refused(PermissionDenied):
    """A write the user may not do; the message says in Dutch what was refused."""


@contextmanager
def acting_as(user):
    token = _acting.set(user)
    try:
        yield
    finally:
        _acting.reset(token)


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


def acting_user():
    """The user on whose behalf the current code writes, or None (a command, the loader)."""
    user = _acting.get()
    if user is not None:
        return user
    request = getattr(HistoricalRecords.context, "request", None)
    return getattr(request, "user", None) if request is not None else None


def verifier_name(user) -> str:
    """How "nagekeken door" names a user."""
    return user.get_full_name() or user.get_username()


def _label(model: type[models.Model], name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def stored(obj: models.Model) -> models.Model | None:
    """The record as it is in the database; for a record that is being brought back after a
    delete (restore, revert), as it was when it was deleted; None for a new record."""
    model = type(obj)
    if obj.pk is None:
        return None
    current = model._default_manager.filter(pk=obj.pk).first()
    if current is not None:
        return current
    history = getattr(model, "history", None)
    if history is not None:
        last = history.filter(**{model._meta.pk.attname: obj.pk}).order_by("-history_date", "-history_id").first()
        if last is not None:
            return last.instance
    return None


def problems(user, obj: models.Model) -> list[str]:
    """Why `user` may not save `obj` as it is now, in Dutch (empty: allowed)."""
    model = type(obj)
    if model not in GUARDED or user is None or public_writer() is not None:
        return []
    if not user.is_authenticated:
        return [_("Meld je aan om dit te wijzigen.")]
    if scope.edits_everything(user):
        return []
    what = str(model._meta.verbose_name)
    if model in NATIONAL_ONLY:
        return [_("%(what)s aanpassen kan alleen de redactie Vlaanderen.") % {"what": capfirst(model._meta.verbose_name_plural)}]
    before = stored(obj)
    if model is Region and before is None:
        return [_("Een nieuwe eerstelijnszone maakt alleen de redactie Vlaanderen.")]
    if before is not None and not scope.can_edit(user, before):
        return [_("Deze %(what)s hoort niet bij jouw eerstelijnszone; je kan die niet wijzigen.") % {"what": what}]
    if not scope.can_edit(user, obj):
        return [_("Je kan een %(what)s alleen in je eigen eerstelijnszone bewaren.") % {"what": what}]
    reference = before if before is not None else model()
    errors = []
    changed = [name for name in PROTECTED.get(model, ()) if getattr(obj, name) != getattr(reference, name)]
    if changed:
        errors.append(
            _("Alleen de redactie Vlaanderen kan ‘%(fields)s’ wijzigen.")
            % {"fields": "’, ‘".join(_label(model, n) for n in changed)}
        )
    errors += _foreign_key_problems(user, obj, reference)
    if model is Service:
        now = (obj.assured_date, obj.assured_by or "")
        if now not in ((reference.assured_date, reference.assured_by or ""), (timezone.localdate(), verifier_name(user))):
            errors.append(
                _("‘%(date)s’ en ‘%(by)s’ zet je alleen met ‘Ik heb deze gegevens vandaag nagekeken’ (vandaag, met jouw naam).")
                % {"date": _label(model, "assured_date"), "by": _label(model, "assured_by")}
            )
    return errors


def _foreign_key_problems(user, obj: models.Model, reference: models.Model) -> list[str]:
    """A foreign key that now points elsewhere must point to something the user may use: their
    own records, or for a link (`scope.LINK_FIELDS`) also a shared service covering them."""
    model = type(obj)
    errors = []
    for field in model._meta.concrete_fields:
        if not field.many_to_one or field.related_model not in REGION_PATHS:
            continue
        value = getattr(obj, field.attname)
        if value is None or value == getattr(reference, field.attname):
            continue
        target = field.related_model._default_manager.filter(pk=value)
        allowed = scope.viewable(target, user) if (model, field.name) in scope.LINK_FIELDS else scope.editable(target, user)
        if not allowed.exists():
            errors.append(_("‘%(field)s’ verwijst naar iets van een andere eerstelijnszone.") % {"field": field.verbose_name})
    return errors


def check(obj: models.Model) -> None:
    """Refuse saving `obj` if the acting user may not."""
    found = problems(acting_user(), obj)
    if found:
        raise Refused(" ".join(found))


def delete_problems(user, obj: models.Model) -> list[str]:
    model = type(obj)
    if model not in GUARDED or user is None or scope.edits_everything(user):
        return []
    if model in NATIONAL_ONLY or model is Region:
        return [
            _("%(what)s verwijderen kan alleen de redactie Vlaanderen.") % {"what": capfirst(model._meta.verbose_name_plural)}
        ]
    if not scope.can_edit(user, obj):
        return [
            _("Deze %(what)s hoort niet bij jouw eerstelijnszone; je kan die niet verwijderen.")
            % {"what": model._meta.verbose_name}
        ]
    return []


def _refused_targets(user, owner_model, field_name, target_model, ids) -> set:
    """Of `ids` (records of `target_model`), those the user may not add to or remove from the field."""
    if target_model not in REGION_PATHS:
        return set()
    queryset = target_model._default_manager.filter(pk__in=ids)
    if (owner_model, field_name) in scope.LINK_FIELDS:
        allowed = scope.viewable(queryset, user)
    else:
        allowed = scope.editable(queryset, user)
    return set(ids) - set(allowed.values_list("pk", flat=True))


def m2m_problems(user, owner: models.Model, field_name: str, ids) -> list[str]:
    """Why `user` may not add or remove `ids` in `owner.<field_name>` (a forward many-to-many)."""
    model = type(owner)
    if model not in GUARDED or user is None or scope.edits_everything(user):
        return []
    if model in NATIONAL_ONLY or not scope.can_edit(user, owner):
        return [
            _("Deze %(what)s hoort niet bij jouw eerstelijnszone; je kan die niet wijzigen.") % {"what": model._meta.verbose_name}
        ]
    field = model._meta.get_field(field_name)
    refused = _refused_targets(user, model, field_name, field.related_model, ids)
    if refused:
        names = ", ".join(sorted(str(o) for o in field.related_model._default_manager.filter(pk__in=refused)))
        return [
            _("Je kan ‘%(names)s’ niet toevoegen aan of weghalen uit ‘%(field)s’: dat hoort niet bij jouw eerstelijnszone.")
            % {"names": names, "field": field.verbose_name}
        ]
    return []


# -- the signals: every save, delete and many-to-many change ------------------------------------


def _on_pre_save(sender, instance, raw=False, **kwargs):
    if raw or sender not in GUARDED:
        return
    check(instance)


def _on_pre_delete(sender, instance, **kwargs):
    if sender not in GUARDED:
        return
    found = delete_problems(acting_user(), instance)
    if found:
        raise Refused(" ".join(found))


def _forward_field(sender, model_a: type[models.Model]) -> str | None:
    for field in model_a._meta.many_to_many:
        if field.remote_field.through is sender:
            return field.name
    return None


def _on_m2m_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("pre_add", "pre_remove", "pre_clear") or _restoring.get():
        return
    user = acting_user()
    if user is None or scope.edits_everything(user):
        return
    if not reverse:
        field_name = _forward_field(sender, type(instance))
        if field_name is None or type(instance) not in GUARDED:
            return
        ids = pk_set if pk_set is not None else set(getattr(instance, field_name).values_list("pk", flat=True))
        found = m2m_problems(user, instance, field_name, ids)
    else:  # e.g. region.covered_services.add(service): each service is what changes
        field_name = _forward_field(sender, model)
        if field_name is None or model not in GUARDED:
            return
        manager = model._default_manager
        owners = manager.filter(pk__in=pk_set) if pk_set is not None else manager.filter(**{field_name: instance})
        found = [problem for owner in owners for problem in m2m_problems(user, owner, field_name, {instance.pk})]
    if found:
        raise Refused(" ".join(dict.fromkeys(found)))


pre_save.connect(_on_pre_save, dispatch_uid="wegwijzer-guard-save")
pre_delete.connect(_on_pre_delete, dispatch_uid="wegwijzer-guard-delete")
m2m_changed.connect(_on_m2m_changed, dispatch_uid="wegwijzer-guard-m2m")
