"""What changed lately in a region, what was deleted, and bringing a deleted record back.

Every content model keeps its history (django-simple-history). Reverting a record to an earlier
version is simple-history's own admin view; this module adds what it lacks: a list of deleted
records an editor may restore, and a restore that also brings back the records deleted together
with it (the phones of a service, the entries of a section, the contacts of a tier).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_permission_codename
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partners.models import Region
from partners.staff import guard, policy, scope

# Records deleted along with a parent (by a cascade) are deleted just before it.
CASCADE_WINDOW = (timedelta(seconds=60), timedelta(seconds=2))

KINDS = {"+": _("nieuw"), "~": _("gewijzigd"), "-": _("verwijderd")}


@dataclass
class Change:
    when: datetime
    who: str
    kind: str
    what: str
    label: str
    url: str | None


@dataclass
class Deleted:
    record: models.Model  # the historical record of the deletion
    when: datetime
    who: str
    what: str
    label: str
    restore_url: str


def who(record) -> str:
    user = record.history_user
    if user is None:
        return str(_("onbekend"))
    return user.get_full_name() or user.get_username()


def _history_models() -> list[type[models.Model]]:
    return [model for model in scope.REGION_PATHS if model is not Region]


def recent_changes(region_ids: Iterable[int], limit: int = 15) -> list[Change]:
    """The latest changes to the records of the given regions, newest first."""
    ids = list(region_ids)
    changes: list[Change] = []
    for model in scope.REGION_PATHS:
        path = scope.REGION_PATHS[model]
        lookup = f"{path}__in" if path else "id__in"
        records = model.history.filter(**{lookup: ids}).select_related("history_user").order_by("-history_date")[:limit]
        for record in records:
            url = None
            if record.history_type != "-":
                info = (model._meta.app_label, model._meta.model_name)
                url = reverse("admin:%s_%s_history" % info, args=[record.id])
            changes.append(
                Change(
                    record.history_date,
                    who(record),
                    str(KINDS[record.history_type]),
                    str(model._meta.verbose_name),
                    str(record.instance),
                    url,
                )
            )
    changes.sort(key=lambda change: change.when, reverse=True)
    return changes[:limit]


def _missing_parent(record) -> models.Model | None:
    """The first foreign key of a historical record whose target no longer exists (None: all there)."""
    instance = record.instance
    for field in instance._meta.concrete_fields:
        if not field.is_relation or not field.many_to_one:
            continue
        value = getattr(instance, field.attname)
        if value is not None and not field.related_model._default_manager.filter(pk=value).exists():
            return field
    return None


def deleted_records(user, limit: int = 20) -> list[Deleted]:
    """Deleted records the user may restore, newest first.

    Records deleted together with a parent that is itself deleted are left out: restoring the
    parent brings them back.
    """
    found: list[Deleted] = []
    everything = scope.edits_everything(user)
    own = sorted(scope.region_ids(user))
    for model in _history_models():
        if not user.has_perm(f"{model._meta.app_label}.{get_permission_codename('add', model._meta)}"):
            continue
        deletions = model.history.filter(history_type="-")
        if not everything:
            # The user's own regions in SQL, before the limit: 59 template zones deleting at once
            # must not push an editor's own deletions out of the list.
            deletions = deletions.filter(**{f"{scope.REGION_PATHS[model]}__in": own})
        records = list(deletions.select_related("history_user").order_by("-history_date")[: limit * 3])
        alive = set(model._default_manager.filter(pk__in=[r.id for r in records]).values_list("pk", flat=True))
        seen = set()
        for record in records:
            if record.id in alive or record.id in seen:
                continue
            seen.add(record.id)
            if _missing_parent(record) is not None or not scope.can_edit(user, record.instance):
                continue
            info = (model._meta.app_label, model._meta.model_name)
            found.append(
                Deleted(
                    record=record,
                    when=record.history_date,
                    who=who(record),
                    what=str(model._meta.verbose_name),
                    label=str(record.instance),
                    restore_url=reverse("admin:restore_deleted", args=[*info, record.history_id]),
                )
            )
    found.sort(key=lambda item: item.when, reverse=True)
    return found[:limit]


def _restore_m2m(obj: models.Model, record) -> None:
    """Many-to-many values as they were just before the deletion (kept by m2m history)."""
    source = record.prev_record or record
    for field in obj._meta.many_to_many:
        manager = getattr(source, field.name, None)
        if manager is None or not hasattr(manager, "values_list"):
            continue
        ids = list(manager.values_list(field.m2m_reverse_field_name(), flat=True))
        with guard.restoring():
            getattr(obj, field.name).set(ids)


def _cascade_children(obj: models.Model, record) -> list:
    """Deletion records of the children deleted together with `obj`, parents before sub-entries."""
    low, high = record.history_date - CASCADE_WINDOW[0], record.history_date + CASCADE_WINDOW[1]
    result = []
    for rel in obj._meta.related_objects:
        if not (rel.one_to_many and rel.on_delete is models.CASCADE and rel.related_model in scope.REGION_PATHS):
            continue
        child_model = rel.related_model
        records = child_model.history.filter(**{rel.field.attname: obj.pk}, history_date__range=(low, high), history_type="-")
        self_refs = [f.attname for f in child_model._meta.concrete_fields if f.is_relation and f.related_model is child_model]
        result.extend(sorted(records, key=lambda r: [getattr(r, name) is not None for name in self_refs]))
    return result


def _taken(obj: models.Model) -> str | None:
    """What stands in the way of bringing `obj` back: a unique value used again since (None: nothing)."""
    try:
        obj.validate_unique()
        obj.validate_constraints()
    except ValidationError as exc:
        return " ".join(exc.messages)
    return None


def _restore(record) -> models.Model:
    obj = record.instance
    if type(obj)._default_manager.filter(pk=obj.pk).exists():
        return obj
    taken = _taken(obj)
    if taken:
        raise RestoreError(
            _(
                "‘%(label)s’ kan niet terug: intussen gebruikt een ander record dezelfde gegevens. %(why)s Pas dat andere record aan en probeer opnieuw."
            )
            % {"label": obj, "why": taken}
        )
    try:
        with transaction.atomic():
            obj.save(force_insert=True)
    except IntegrityError:
        raise RestoreError(
            _("‘%(label)s’ kan niet terug: intussen gebruikt een ander record dezelfde gegevens.") % {"label": obj}
        ) from None
    _restore_m2m(obj, record)
    for child in _cascade_children(obj, record):
        if _missing_parent(child) is None:
            _restore(child)
    return obj


class RestoreError(Exception):
    """The record cannot be restored; the message says why, in Dutch."""


def find_deleted(model: type[models.Model], history_id: int):
    record = model.history.filter(history_id=history_id, history_type="-").first()
    if record is None or model._default_manager.filter(pk=record.id).exists():
        return None
    return record


@transaction.atomic
def restore(record, user=None) -> models.Model:
    """Bring a deleted record back as it was, with its many-to-many values and the records that
    were deleted together with it. The restore itself is recorded in the history. With `user`,
    the write policy is asked first (the tripwire asks again for every record brought back)."""
    if user is not None:
        policy.check_write(user, record.instance)
    field = _missing_parent(record)
    if field is not None:
        raise RestoreError(_("Herstel eerst %(what)s waar dit bij hoorde.") % {"what": field.related_model._meta.verbose_name})
    return _restore(record)
