"""The content version of each region: one list of content models, one invalidation path.

Every public page and PDF of a region shows that region's content, and is cached under its
*version*: `Region.content_changed_at`, the "versie van" date on its pages and PDFs. An edit
moves the version of exactly the regions whose pages it changes:

- a record owned by a region (a section, a line, a tier, a step, ...): that region, and when it
  moved (a section given to another region), the old region too;
- a service, its phones, e-mails, opening hours and closures, an organisation: every region that shows the service
  (`Region.objects.showing`): its werkgebied (all of Flanders, a province, some regions) and every
  region whose cards or lists point to it; when the werkgebied changed, before and after;
- a theme: every region (the themes are in every region's filters and tags);
- anything else (editors, import uploads, stored PDFs, history rows): nothing.

The change is collected per database connection and applied once, after the commit (a change
applied inside a transaction would let another thread or instance cache the old rows under the
new version). Until then even the writing thread reads the old version: a test that reads its own
writes ends them with a commit point (`committed` in tests/conftest.py).

Bulk writers (the YAML loader, a new region from the template, generated data) wrap their work
in `deferred_bumps()`: per-record work shrinks to remembering ids, and the regions are computed
and bumped once at the end.

The version is kept in the database (the truth) and copied into the shared cache, and each
process trusts the copy it read for `VERSION_CHECK_SECONDS` (so a warm page costs no query; its
own edits it sees at once). A cache that lost the copy (culled, cleared, restarted) recovers it
from the database: nothing cached under it is lost, and nothing stale is served. After a
migration or a flush the caches are emptied (`schema_changed`); `loaddata` copies the restored
versions into the cache (`refresh`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connections, models, transaction
from django.db.models import Count, Max
from django.utils import timezone

from partners import models as m
from partners.lib.store import ProcessStore
from partners.models import REGION_PATHS, region_id_of
from partners.models.fields import STORED_ROW

logger = logging.getLogger(__name__)

# The models whose records are public content. A model of this app that is not here (Editor,
# ImportUpload, RenderedPdf, the geography, ...) changes no public page: saving it flushes nothing.
# Proposals and reports belong to a region but show nowhere publicly until staff accept them (an
# anonymous report must not empty the cache); accepting one saves the service, which counts.
NOT_PUBLIC = (m.Proposal, m.Report)
CONTENT_MODELS: tuple[type[models.Model], ...] = (m.Theme, m.Role, *(model for model in REGION_PATHS if model not in NOT_PUBLIC))
SERVICE_MODELS = (m.Service, m.Phone, m.Email, m.Schedule, m.Closure, m.Organization)
# The records that hang on one service: an edit changes the pages that show that service.
SERVICE_PARTS = (m.Phone, m.Email, m.Schedule, m.Closure)

ALL = "all"  # every region
# The copies in the cache sort after every page and region key, so a cull of the database cache
# (which deletes the first keys in key order) reaches them last; losing them is harmless anyway.
_REGION_KEY = "wegwijzer:~version:region:{slug}"
_SITE_KEY = "wegwijzer:~version:site"
_PENDING = "_wegwijzer_pending_regions"  # per connection: region ids (or ALL) changed, not yet bumped


@dataclass(frozen=True)
class RegionVersion:
    """What a cached page of a region depends on: the version, and the theme slugs it may filter on."""

    slug: str
    token: str
    themes: frozenset[str]


# -- which regions a record shows in -----------------------------------------------------------


def _service_ids(instance: models.Model) -> list[int]:
    if isinstance(instance, m.Service):
        return [instance.pk] if instance.pk else []
    if isinstance(instance, SERVICE_PARTS):
        return [instance.service_id] if instance.service_id else []
    if isinstance(instance, m.Organization):
        return list(m.Service.objects.filter(organization_id=instance.pk).values_list("id", flat=True)) if instance.pk else []
    return []


def regions_showing(instance: models.Model) -> set[int] | str:
    """The ids of the regions whose pages show `instance` now (ALL for every region)."""
    if isinstance(instance, (m.Theme, m.Role)):  # a theme or an essential role can show on every region's pages
        return ALL
    regions: set[int] = set()
    if isinstance(instance, SERVICE_MODELS):
        service_ids = _service_ids(instance)
        if service_ids:
            showing = _showing(service_ids)
            if showing == ALL:
                return ALL
            regions |= showing
    if type(instance) in REGION_PATHS:
        region_id = region_id_of(instance)
        if region_id:
            regions.add(region_id)
    return regions


def _stored(instance: models.Model) -> models.Model | None:
    """The record as the database has it now (before a save), or None for a new one."""
    if instance._state.adding or instance.pk is None:
        return None
    if STORED_ROW in instance.__dict__:  # the write policy read it for this save already
        return instance.__dict__.pop(STORED_ROW)
    return type(instance)._default_manager.filter(pk=instance.pk).first()


# -- collecting and applying changes -----------------------------------------------------------

_bulk = threading.local()


@dataclass
class _Pending:
    """The regions a transaction changed, and the after-commit callback that will bump them."""

    regions: set[int] | str
    callback: object = None


def _merge(a: set[int] | str, b: set[int] | str) -> set[int] | str:
    return ALL if ALL in (a, b) else a | b


def _open_pending(using: str) -> _Pending | None:
    """This connection's pending change, if its transaction is still open (not committed or rolled back)."""
    connection = connections[using]
    pending = getattr(connection, _PENDING, None)
    if pending is None or not any(hook[1] is pending.callback for hook in connection.run_on_commit):
        return None
    return pending


def mark_changed(regions: set[int] | str | Iterable[int], using: str = "default") -> None:
    """Record that these regions' content changed; their version moves after the commit.

    Outside a transaction the version moves now. A rolled-back transaction moves nothing.
    """
    regions = regions if regions == ALL else set(regions)
    if not regions:
        return
    if getattr(_bulk, "depth", 0):
        _bulk.regions = _merge(_bulk.regions, regions)
        return
    connection = connections[using]
    if not connection.in_atomic_block:
        bump(None if regions == ALL else regions, using=using)
        return
    pending = _open_pending(using)
    if pending is not None:
        pending.regions = _merge(pending.regions, regions)
        return
    pending = _Pending(regions)

    def after_commit() -> None:
        if pending.regions:
            changed, pending.regions = pending.regions, set()
            bump(None if changed == ALL else changed, using=using)

    pending.callback = after_commit
    setattr(connection, _PENDING, pending)
    transaction.on_commit(after_commit, using=using)


def bump(region_ids: Iterable[int] | None = None, using: str = "default") -> None:
    """Give these regions (None: every region) a new version now, in the database and the cache."""
    # The base manager: a version is bookkeeping, not content, so it is not the write policy's
    # bulk check (`CheckedQuerySet`), which refuses an editor's update() of content.
    regions = m.Region._base_manager.using(using)
    if region_ids is not None:
        regions = regions.filter(pk__in=list(region_ids))
    else:
        pending = _open_pending(using)
        if pending is not None:
            pending.regions = set()  # covered by this bump
    regions.update(content_changed_at=timezone.now())
    themes = frozenset(m.Theme.objects.using(using).values_list("slug", flat=True))
    fresh = {
        _REGION_KEY.format(slug=slug): (_token(changed), themes)
        for slug, changed in regions.values_list("slug", "content_changed_at")
    }
    fresh[_SITE_KEY] = _site_token(using)
    cache.set_many(fresh, timeout=None)
    recent.update(fresh)  # this instance sees its own edit at once


def _showing(service_ids: Iterable[int]) -> set[int] | str:
    showing = m.Region.objects.showing(service_ids)
    return set(showing.values_list("pk", flat=True)) if showing.query.where else ALL


def _once_on_commit(name: str, func, using: str) -> None:
    """Run `func` once after this transaction commits (now, outside one), however often asked."""
    connection = connections[using]
    if not connection.in_atomic_block:
        func()
        return
    registered = getattr(connection, name, None)
    if registered is not None and any(hook[1] is registered for hook in connection.run_on_commit):
        return

    def callback() -> None:
        func()

    setattr(connection, name, callback)
    transaction.on_commit(callback, using=using)


def refresh() -> None:
    """Copy every region's version from the database into the cache, without moving any."""
    themes = frozenset(m.Theme.objects.values_list("slug", flat=True))
    fresh = {
        _REGION_KEY.format(slug=slug): (_token(changed), themes)
        for slug, changed in m.Region.objects.values_list("slug", "content_changed_at")
    }
    fresh[_SITE_KEY] = _site_token()
    recent.clear()
    cache.set_many(fresh, timeout=None)
    recent.update(fresh)


def schema_changed(sender, **kwargs) -> None:
    """post_migrate (also after `flush`): what the cache holds may describe rows that are gone.

    The versions stay in the database; the cached copies, contents and pages are dropped (the public
    side's process copies by its own receiver, `partners.public.cache.schema_changed`).
    """
    if sender.label != "partners":
        return
    from django.core.cache import caches

    recent.clear()
    for name in ("default", "pages"):
        try:
            caches[name].clear()
        except Exception:  # noqa: BLE001 - the cache table may not exist yet on a first migrate
            logger.info("Cache %s not cleared after migrate: its table is not ready.", name)


def forget(slugs: Iterable[str]) -> None:
    """After regions were deleted without signals: drop their versions from the cache."""
    keys = [_REGION_KEY.format(slug=slug) for slug in slugs]
    cache.delete_many(keys)
    recent.forget(keys)
    cache.set(_SITE_KEY, _site_token(), timeout=None)
    recent.forget([_SITE_KEY])


@contextmanager
def deferred_bumps() -> Iterator[None]:
    """For bulk writes: the regions are worked out and bumped once at the end, not per record.

    Inside, a saved record only notes its region or its service; a record moved to another
    region is not traced back to the old one (loaders never move records).
    """
    depth = getattr(_bulk, "depth", 0)
    if depth == 0:
        _bulk.services, _bulk.regions = set(), set()
    _bulk.depth = depth + 1
    try:
        yield
    finally:
        _bulk.depth = depth
        if depth == 0:
            regions, services = _bulk.regions, _bulk.services
            _bulk.services, _bulk.regions = set(), set()
            if services and regions != ALL:
                regions = _merge(regions, _showing(services))
            mark_changed(regions)


def _note(instance: models.Model, *, before: models.Model | None = None, using: str = "default") -> None:
    """A content record changed: collect the regions it shows in (before and after)."""
    if getattr(_bulk, "depth", 0):
        if isinstance(instance, (m.Theme, m.Role)):
            mark_changed(ALL, using)
            return
        if isinstance(instance, (m.Service, *SERVICE_PARTS)):
            _bulk.services.update(_service_ids(instance))
        region_id = region_id_of(instance) if type(instance) in REGION_PATHS else None
        if region_id:
            mark_changed({region_id}, using)
        return
    regions = regions_showing(instance)
    if before is not None and regions != ALL:
        old = regions_showing(before)
        regions = ALL if old == ALL else regions | old
    mark_changed(regions, using)


# -- signal receivers (connected in partners.signals) ------------------------------------------


def before_save(sender, instance, raw: bool = False, using: str = "default", **kwargs) -> None:
    if raw or getattr(_bulk, "depth", 0):
        return
    # Where the record showed before this save: a moved section must leave its old region too.
    instance._wegwijzer_before = _stored(instance)


def after_save(sender, instance, raw: bool = False, using: str = "default", **kwargs) -> None:
    if raw:  # loaddata: the records come with their own versions; copy those once it is done
        _once_on_commit("_wegwijzer_refresh", refresh, using)
        return
    _note(instance, before=instance.__dict__.pop("_wegwijzer_before", None), using=using)


def before_delete(sender, instance, using: str = "default", **kwargs) -> None:
    # Before, while the record and what it hangs on still exist.
    _note(instance, using=using)
    if isinstance(instance, m.Region):
        forget([instance.slug])  # a bump would no longer find it


def m2m_changed(sender, instance, action: str, model, pk_set, using: str = "default", **kwargs) -> None:
    """A link changed: the regions it adds or removes, or those that show the linked record."""
    if action not in ("pre_add", "post_add", "pre_remove", "post_remove", "pre_clear", "post_clear"):
        return
    if getattr(_bulk, "depth", 0) and isinstance(instance, CONTENT_MODELS):
        _note(instance, using=using)
        return
    if sender in (m.Service.regions.through, m.Region.excluded_services.through):
        # A werkgebied or an exclusion changes only the regions linked or unlinked.
        if isinstance(instance, m.Region):
            mark_changed({instance.pk}, using)
        elif action == "pre_clear":
            field = "covered_services" if sender is m.Service.regions.through else "excluded_services"
            mark_changed(set(m.Region.objects.filter(**{field: instance}).values_list("pk", flat=True)), using)
        elif pk_set:
            mark_changed(set(pk_set), using)
        return
    if not (isinstance(instance, CONTENT_MODELS) and model in CONTENT_MODELS):
        return  # e.g. an editor's regions
    if action.startswith("pre_") and action != "pre_clear":
        return
    # service.themes.add(...) changes the service, not the themes; theme.services.add(...) the services.
    targets = list(model._default_manager.filter(pk__in=pk_set)) if isinstance(instance, m.Theme) and pk_set else [instance]
    for target in targets:
        _note(target, using=using)


# -- reading versions --------------------------------------------------------------------------


def _token(changed) -> str:
    return changed.isoformat() if changed else "-"


def _site_token(using: str = "default") -> str:
    stats = m.Region.objects.using(using).aggregate(count=Count("pk"), last=Max("content_changed_at"))
    return f"{stats['count']}:{_token(stats['last'])}"


def region_version_key(slug: str) -> str:
    return _REGION_KEY.format(slug=slug)


# This process's copy of the versions it read, trusted for `VERSION_CHECK_SECONDS`: a warm page then
# costs no query at all. An edit shows at once on the instance that made it (its bump updates this
# copy) and within that many seconds on the others; 0 reads the shared cache on every request.
recent = ProcessStore(4096, max_age=lambda: settings.VERSION_CHECK_SECONDS)


def recover_region_version(slug: str) -> RegionVersion | None:
    """The version from the database, copied into the cache (None for an unknown region)."""
    changed = m.Region.objects.filter(slug=slug).values_list("content_changed_at", flat=True).first()
    if changed is None:
        return None
    key = region_version_key(slug)
    value = (_token(changed), frozenset(m.Theme.objects.values_list("slug", flat=True)))
    # add(), not set(): a bump that happened meanwhile has already written the newer version.
    if not cache.add(key, value, timeout=None):
        value = cache.get(key) or value
    recent.put(key, value)
    return RegionVersion(slug, *value)


def recover_site_version() -> str:
    token = _site_token()
    if not cache.add(_SITE_KEY, token, timeout=None):
        token = cache.get(_SITE_KEY) or token
    recent.put(_SITE_KEY, token)
    return token


def region_version(slug: str) -> RegionVersion | None:
    """The region's current version (None for an unknown region): no query while this process's
    copy is recent, else one cache read, else the database."""
    key = region_version_key(slug)
    value = recent.get(key)
    if value is None:
        value = cache.get(key)
        if value is None:
            return recover_region_version(slug)
        recent.put(key, value)
    return RegionVersion(slug, *value)


def site_version() -> str:
    """The version of the list of regions (`/`): any region added, removed or changed moves it."""
    token = recent.get(_SITE_KEY)
    if token is None:
        token = cache.get(_SITE_KEY)
        if token is None:
            return recover_site_version()
        recent.put(_SITE_KEY, token)
    return token
