"""Keep `Region.content_changed_at` true: any edit of what a region shows bumps it.

That timestamp is the version of a region's cards: the PDFs carry it ("versie van …") and the
PDF cache is keyed on it, so an edit in the admin makes the next download fresh.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager

from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from partners import models as m
from partners.models import REGION_PATHS, region_id_of


def _service_regions(service_ids: list[int]) -> Q:
    """Every region that shows one of these services: covered, or pointing to it.

    One subquery per relation: joining them all in one query would multiply the rows.
    """
    q = (
        Q(pk__in=m.Service.regions.through.objects.filter(service_id__in=service_ids).values("region_id"))
        | Q(pk__in=m.Entry.objects.filter(service_id__in=service_ids).values("section__region_id"))
        | Q(pk__in=m.TierContact.objects.filter(service_id__in=service_ids).values("tier__region_id"))
        | Q(pk__in=m.ConsultContact.objects.filter(service_id__in=service_ids).values("topic__region_id"))
    )
    for coverage, province in m.Service.objects.filter(id__in=service_ids).values_list("coverage", "province"):
        if coverage == m.Coverage.FLANDERS:
            return Q()
        if coverage == m.Coverage.PROVINCE:
            q |= Q(province=province)
    return q


def bump(instance) -> None:
    """Mark the regions that show `instance` as changed now."""
    now = timezone.now()
    if isinstance(instance, m.Region):
        m.Region.objects.filter(pk=instance.pk).update(content_changed_at=now)
        return
    if isinstance(instance, (m.Phone, m.Email)):
        service_ids = [instance.service_id]
    elif isinstance(instance, m.Service):
        service_ids = [instance.pk]
    elif isinstance(instance, m.Organization):
        service_ids = list(instance.services.values_list("id", flat=True))
        if instance.region_id:
            m.Region.objects.filter(pk=instance.region_id).update(content_changed_at=now)
    elif type(instance) in REGION_PATHS:
        region_id = region_id_of(instance)
        if region_id:
            m.Region.objects.filter(pk=region_id).update(content_changed_at=now)
        return
    else:
        return
    if service_ids:
        m.Region.objects.filter(_service_regions(service_ids)).update(content_changed_at=now)


# Proposals and reports belong to a region but show nowhere publicly: they change no card.
CONTENT_MODELS = [model for model in REGION_PATHS if model not in (m.Proposal, m.Report)]


_deferred = threading.local()


@contextmanager
def deferred_bumps():
    """For bulk loads: skip the per-record bumps, and mark every region changed once at the end."""
    _deferred.active = True
    try:
        yield
    finally:
        _deferred.active = False
        m.Region.objects.update(content_changed_at=timezone.now())


def _on_change(sender, instance, **kwargs) -> None:
    if kwargs.get("raw") or getattr(_deferred, "active", False):
        return
    bump(instance)


for model in CONTENT_MODELS:
    post_save.connect(_on_change, sender=model, dispatch_uid=f"bump-save-{model.__name__}")
    post_delete.connect(_on_change, sender=model, dispatch_uid=f"bump-delete-{model.__name__}")


@receiver(m2m_changed, sender=m.Service.themes.through, dispatch_uid="bump-service-themes")
@receiver(m2m_changed, sender=m.Service.regions.through, dispatch_uid="bump-service-regions")
@receiver(m2m_changed, sender=m.Resource.themes.through, dispatch_uid="bump-resource-themes")
@receiver(m2m_changed, sender=m.Region.excluded_services.through, dispatch_uid="bump-region-exclusions")
def _on_m2m(sender, instance, action, **kwargs) -> None:
    if getattr(_deferred, "active", False):
        return
    if action in ("post_add", "post_remove", "post_clear"):
        bump(instance)
