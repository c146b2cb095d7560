"""Who owns a record: the lookup from any content record to its region."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.db import models

from partners.models.cards import (
    ConsultContact,
    ConsultTopic,
    Entry,
    Factor,
    FactorList,
    Resource,
    Section,
    Step,
    TierContact,
    UrgencyTier,
)
from partners.models.directory import Email, Organization, Phone, Service
from partners.models.geography import Region
from partners.models.hours import Closure, Schedule
from partners.models.review import Proposal, Report
from partners.models.signoff import LanguageSignOff

# -- who owns a record -----------------------------------------------------------------------

# model -> lookup from a record to the region that owns it ("" for a region itself).
REGION_PATHS: dict[type[models.Model], str] = {
    Region: "",
    Organization: "region",
    Service: "organization__region",
    Phone: "service__organization__region",
    Email: "service__organization__region",
    Schedule: "service__organization__region",
    Closure: "service__organization__region",
    Section: "region",
    Entry: "section__region",
    UrgencyTier: "region",
    TierContact: "tier__region",
    ConsultTopic: "region",
    ConsultContact: "topic__region",
    Resource: "region",
    FactorList: "region",
    Factor: "factor_list__region",
    Step: "region",
    Proposal: "region",
    Report: "region",
    LanguageSignOff: "region",
}


def _follow(obj: models.Model, name: str) -> models.Model | None:
    """obj.<name>, also when the related record was deleted since (then from its history)."""
    try:
        return getattr(obj, name)
    except ObjectDoesNotExist:
        field = obj._meta.get_field(name)
        pk = getattr(obj, field.attname)
        history = getattr(field.related_model, "history", None)
        if history is None:
            return None
        record = history.filter(**{field.related_model._meta.pk.attname: pk}).order_by("-history_date").first()
        return record.instance if record else None


def region_id_of(obj: models.Model) -> int | None:
    """The id of the region that owns `obj`, or None for a shared record.

    Works on unsaved records (the region they would get) and on records rebuilt from history.
    """
    path = REGION_PATHS.get(type(obj))
    if path is None:
        return None
    if path == "":
        return obj.pk
    *steps, last = path.split("__")
    for step in steps:
        if getattr(obj, obj._meta.get_field(step).attname) is None:
            return None
        obj = _follow(obj, step)
        if obj is None:
            return None
    return getattr(obj, obj._meta.get_field(last).attname)
