"""Telling the template's records from the ones staff made: a hash of what the template wrote.

`refresh_template_zones` gives every record it writes a `template_hash`: the hash of the values it
wrote. A record whose values still hash to its `template_hash` is the template's, untouched, and
follows template updates. A record staff made has no hash; one staff changed no longer matches.
Both are never changed or deleted by a template update (nothing an editor saves is ever lost).

Only the model's own values count, never its id, so the hash can be computed for a record that is
not saved yet, and in a migration (translated texts: the Dutch column).
"""

from __future__ import annotations

import hashlib
import json

# model name -> the fields the template writes (a foreign key by its id: `service_id`).
TEMPLATE_FIELDS: dict[str, tuple[str, ...]] = {
    "step": ("key", "title", "intro", "body", "order"),
    "factorlist": ("key", "title", "intro", "url"),
    "factor": ("text", "order"),
    "resource": ("key", "kind", "title", "description", "url", "order"),
    "urgencytier": ("slug", "name", "criteria", "guidance", "order"),
    "tiercontact": ("service_id", "note", "order", "theme_id"),
    "consulttopic": ("theme_id", "title", "order"),
    "consultcontact": ("service_id", "note", "order"),
    "section": ("card", "slug", "title_nl_be", "intro_nl_be", "order"),
    "entry": ("service_id", "title_nl_be", "description_nl_be", "order"),
}


def values_of(obj) -> list:
    names = TEMPLATE_FIELDS[obj._meta.model_name]
    return [getattr(obj, name) for name in names]


def template_hash(obj) -> str:
    """The hash of the values the template cares about, as stored in `obj` now."""
    data = json.dumps([obj._meta.model_name, *values_of(obj)], default=str, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()[:16]


def is_template_record(obj) -> bool:
    """Written by the template and not changed since (so a template update may replace it)."""
    return bool(obj.template_hash) and obj.template_hash == template_hash(obj)


def mark(obj):
    """Mark an unsaved record as the template's."""
    obj.template_hash = template_hash(obj)
    return obj
