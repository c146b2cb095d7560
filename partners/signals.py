"""Connects every content edit to `partners.versions`, where every content change becomes a new version.

What an edit bumps, and why, is described there; this module only says which signals count:
saves and deletes of the content models (`versions.CONTENT_MODELS`) and their links (m2m).
Writes without signals (bulk_create, update(), raw SQL) call `versions.mark_changed(...)` or
run inside `versions.deferred_bumps()` and mark what they touched.
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_save, pre_delete, pre_save

from partners import versions
from partners.versions import CONTENT_MODELS

for model in CONTENT_MODELS:
    name = model.__name__
    pre_save.connect(versions.before_save, sender=model, dispatch_uid=f"version-before-save-{name}")
    post_save.connect(versions.after_save, sender=model, dispatch_uid=f"version-save-{name}")
    pre_delete.connect(versions.before_delete, sender=model, dispatch_uid=f"version-delete-{name}")
m2m_changed.connect(versions.m2m_changed, dispatch_uid="version-m2m")
