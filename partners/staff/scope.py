"""Who may see and change which record: the one place that knows which region a record belongs to.

An ELZ-redacteur (a staff user with an `Editor` row) works on the regions they belong to. A
superuser or a member of the "Redactie Vlaanderen" group works on everything, including shared
(national and provincial) records, whose organisation has no region.

`partners.models.REGION_PATHS` says, for every content model, the lookup from a record to its region. The admin
builds its querysets, form choices and object permissions on it (`partners.staff.admins`), and so do the
import and the dashboard. A model that is not in `REGION_PATHS` is editable only by the
redactie Vlaanderen. What each role may *write* is `partners.staff.policy`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.db.models import Q, QuerySet

from partners.models import (
    REGION_PATHS,
    Organization,
    Region,
    Service,
    region_id_of,
)

EDITOR_GROUP = "ELZ-redacteur"
NATIONAL_GROUP = "Redactie Vlaanderen"

# -- roles -----------------------------------------------------------------------------------


def edits_everything(user) -> bool:
    """Superusers and the redactie Vlaanderen: every region, and the shared records."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not hasattr(user, "_wegwijzer_national"):
        user._wegwijzer_national = user.groups.filter(name=NATIONAL_GROUP).exists()
    return user._wegwijzer_national


def region_ids(user) -> frozenset[int]:
    """The regions an editor belongs to (empty for anyone else); cached on the user object."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_wegwijzer_regions"):
        ids = Region.objects.filter(editors__user=user).values_list("pk", flat=True)
        user._wegwijzer_regions = frozenset(ids)
    return user._wegwijzer_regions


def regions_of(user) -> QuerySet[Region]:
    """The regions a user works on: all of them for the redactie Vlaanderen."""
    if edits_everything(user):
        return Region.objects.all()
    return Region.objects.filter(pk__in=region_ids(user))


# -- querysets -------------------------------------------------------------------------------


def _region_lookup(model: type[models.Model]) -> str | None:
    path = REGION_PATHS.get(model)
    if path is None:
        return None
    return f"{path}__in" if path else "pk__in"


def editable(queryset: QuerySet, user) -> QuerySet:
    """The records of `queryset` that `user` may change."""
    if edits_everything(user):
        return queryset
    lookup = _region_lookup(queryset.model)
    if lookup is None:
        return queryset.none()
    return queryset.filter(**{lookup: region_ids(user)})


def shared_services_covering(ids: Iterable[int]) -> Q:
    """Shared services (no owning region) whose werkgebied includes any of the given regions."""
    ids = list(ids)
    provinces = Region.objects.filter(pk__in=ids).values("province")
    return Q(pk__in=Service.objects.shared().in_area(region_ids=ids, provinces=provinces).values("pk"))


def viewable(queryset: QuerySet, user) -> QuerySet:
    """The records of `queryset` that `user` may see: what they may change, plus, read-only, the
    shared services covering their regions (to link into their cards) and shared organisations."""
    if edits_everything(user):
        return queryset
    if queryset.model is Service:
        visible = Service.objects.filter(
            Q(organization__region__in=region_ids(user)) | shared_services_covering(region_ids(user))
        )
        return queryset.filter(pk__in=visible.values("pk"))
    if queryset.model is Organization:
        return queryset.filter(Q(region__in=region_ids(user)) | Q(region__isnull=True))
    return editable(queryset, user)


def linkable_services(user) -> QuerySet[Service]:
    """Services an editor may put on their cards and lists: their own and the shared ones covering them."""
    return viewable(Service.objects.all(), user)


# -- single records --------------------------------------------------------------------------


def can_edit(user, obj: models.Model) -> bool:
    if edits_everything(user):
        return True
    rid = region_id_of(obj)
    return rid is not None and rid in region_ids(user)


def can_view(user, obj: models.Model) -> bool:
    if can_edit(user, obj):
        return True
    if isinstance(obj, Service) and obj.pk and region_id_of(obj) is None:
        return Service.objects.filter(shared_services_covering(region_ids(user)), pk=obj.pk).exists()
    return isinstance(obj, Organization) and obj.pk is not None and obj.region_id is None
