"""Fields shared by the models: HSDS ids, URLs that refuse other schemes, phone numbers."""

from __future__ import annotations

import uuid

from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from partners.lib import phones


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


# -- writes that send no signal ------------------------------------------------------------------

# Called as check(model, operation) before every update(), bulk_create() and bulk_update() of a
# model whose manager is a `CheckedQuerySet`; the staff side's write policy adds its check here when
# the app is ready (`partners.staff.guard.connect`). The models do not know who may write.
BULK_WRITE_CHECKS: list = []


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
