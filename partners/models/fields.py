"""Fields shared by the models: HSDS ids, URLs that refuse other schemes, phone numbers."""

from __future__ import annotations

import uuid

from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from partners.lib import phones

# Ids of objects that exist only in the API (a location, a service_at_location, ...):
# uuid5(HSDS_NAMESPACE, "<stored uuid>:<what>"). Never change this constant.
HSDS_NAMESPACE = uuid.UUID("5b0f8a52-3c1e-4f7e-9f5d-2a7c4e1b9d60")


def derived_uuid(base: uuid.UUID | str, what: str) -> uuid.UUID:
    """The id of an API-only object `what` of the record whose stored HSDS id is `base`."""
    return uuid.uuid5(HSDS_NAMESPACE, f"{base}:{what}")


class DerivedUUIDField(models.UUIDField):
    """`derived_uuid(record.uuid, what)`, stored, so that the API finds a record by it with an index.

    Set on every insert and update, bulk_create included (Django calls `pre_save` there too); the
    record's `uuid` never changes, so neither does this.
    """

    def __init__(self, *args, what: str = "", **kwargs) -> None:
        self.what = what
        kwargs["editable"] = False
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("editable", None)
        kwargs["what"] = self.what
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool):
        value = derived_uuid(model_instance.uuid, self.what)
        setattr(model_instance, self.attname, value)
        return value


def hsds_id_field() -> models.UUIDField:
    """The stable Open Referral HSDS id of a record: made once, never derived from a key that can change."""
    return models.UUIDField(_("HSDS-id"), default=uuid.uuid4, unique=True, editable=False)


postcode_validator = RegexValidator(r"^[1-9][0-9]{3}$", _("Een postcode heeft vier cijfers, bv. 3000."))


class URLField(models.URLField):
    """A URL field whose form assumes https:// when people type "www.example.be".

    Only http and https: the value becomes a link on public pages and in PDFs, so `javascript:`,
    `file:`, `data:` and the like are refused by the model (forms, imports and the loader).
    """

    default_validators = [
        URLValidator(schemes=["http", "https"], message=_("Geef een webadres dat begint met http:// of https://."))
    ]

    def formfield(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        return super().formfield(**kwargs)


class PhoneField(models.CharField):
    """A Belgian phone number: whatever people type, stored as E.164 (or the digits of a short number)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in (None, ""):
            return value
        return phones.normalize(value)

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if value:
            value = phones.normalize(value)
            setattr(model_instance, self.attname, value)
        return value


def template_hash_field() -> models.CharField:
    """What the template wrote into this record (a hash of its values); empty for what staff made.

    A record whose values still hash to it is the template's own and follows template updates; one
    that staff changed (or made) no longer matches, and `refresh_template_zones` leaves it alone.
    """
    return models.CharField(max_length=16, blank=True, default="", editable=False)


# -- writes that send no signal ------------------------------------------------------------------

# Called as check(model, operation) before every update(), bulk_create() and bulk_update() of a
# model whose manager is a `CheckedQuerySet`; the staff side's write policy adds its check here when
# the app is ready (`partners.staff.guard.connect`). The models do not know who may write.
BULK_WRITE_CHECKS: list = []

# The row as the database had it before a save, read once per save: the write policy's tripwire
# (partners.staff.guard, connected first) leaves it on the instance under this name, and the
# content versions (partners.versions) take it from there instead of reading the row again.
STORED_ROW = "_wegwijzer_stored_row"


class CheckedQuerySet(models.QuerySet):
    """A queryset whose writes without signals are checked like a save: the guarded content models use it."""

    def _check(self, operation: str) -> None:
        for check in BULK_WRITE_CHECKS:
            check(self.model, operation)

    def update(self, **kwargs):
        self._check("update")
        return super().update(**kwargs)

    def bulk_create(self, objs, *args, **kwargs):
        self._check("bulk_create")
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, *args, **kwargs):
        self._check("bulk_update")
        return super().bulk_update(objs, *args, **kwargs)
