"""`load_demo`: the geography, the content files of fixtures/, and the template for every zone
without a map of its own, in one transaction. The loader (loader.py) reads the files; new_region.py
writes the template zones; this module only puts them in order, so neither imports the other back.
"""

from __future__ import annotations

from django.db import transaction

from partners.content.geo import load_geography
from partners.content.loader import DEMO_FILES, FIXTURES_DIR, TRANSLATIONS_DIR, LoadReport, load_files
from partners.content.new_region import refresh_template_zones
from partners.lib.acting import system_write


@transaction.atomic
@system_write("load_demo")
def load_demo() -> LoadReport:
    """The geography, the content files, and the template for every zone without a map of its own."""
    geography = load_geography()
    report = load_files([FIXTURES_DIR / name for name in DEMO_FILES] + sorted(TRANSLATIONS_DIR.glob("*.yaml")))
    report.counts.update(geography)
    report.add("template zones", refresh_template_zones())
    return report
