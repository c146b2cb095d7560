"""Validators for the official HSDS 3.0 schemas (copied to docs/hsds-3.0, CC BY-SA 4.0).

Draft 2020-12 with format checks on: `uuid`, `email`, `uri` (rfc3987) and `date-time`
(rfc3339-validator). `FORMATS_CHECKED` lists what must be checked; tests/public/test_hsds.py proves
that a bad value of each fails.
"""

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "docs" / "hsds-3.0" / "schema"
FORMATS_CHECKED = {"uuid", "email", "uri", "date-time"}


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def _registry() -> Registry:
    """The modular schemas, by file name, for their relative $refs ("metadata.json")."""
    resources = [
        (path.name, Resource.from_contents(_load(path), default_specification=DRAFT202012)) for path in SCHEMA_DIR.glob("*.json")
    ]
    return Registry().with_resources(resources)


@cache
def validator(name: str) -> Draft202012Validator:
    """A validator for `compiled/service.json`, `taxonomy.json`, … (a path under docs/hsds-3.0/schema)."""
    schema = _load(SCHEMA_DIR / name)
    return Draft202012Validator(schema, registry=_registry(), format_checker=Draft202012Validator.FORMAT_CHECKER)


@cache
def page_validator() -> Draft202012Validator:
    """The spec's Page (components.schemas.Page of its openapi.json), with every field required."""
    page = _load(SCHEMA_DIR / "openapi.json")["components"]["schemas"]["Page"]
    schema = {
        "allOf": [page],
        "required": [*page["properties"], "contents"],
        "properties": {"contents": {"type": "array"}},
    }
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def errors(name: str, instance) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(name).iter_errors(instance)]
