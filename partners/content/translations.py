"""Load the translations of the contactfiche (`fixtures/translations/<code>.yaml`).

A translation file is keyed like the content files (service `key`s; region and section slugs)
and, below that, by the Dutch text it translates:

```yaml
language: fr
checked: false              # true only once a fluent reader has checked the whole file
services:
  caw-onthaal:
    "Aanmelden via Leuven Helpt.": "S'inscrire via Leuven Helpt."
sections:
  leuven:
    praktisch-financieel:
      title: Pratique et financier
      texts:                # titles and descriptions of the section's lines (and their sub-lines)
        "Gratis hulp met papieren en praktische zaken.": "Aide gratuite pour les papiers …"
```

Keying by the Dutch text means a corrected Dutch text is never shown with a translation of the
old one: it shows in Dutch, marked as not yet translated, until its translation is updated. Such
unmatched texts are counted in the load report (`translations not matched`), not an error.
"""

from __future__ import annotations

import logging

from django.conf import settings

from partners.lib.languages import translated_column
from partners.models import Entry, Phone, Region, Section, Service

logger = logging.getLogger(__name__)

SERVICE_FIELDS = ("description", "application_process", "availability")


def _translate(obj, fields: tuple[str, ...], texts: dict[str, str], code: str, checked: bool) -> set[str]:
    """Fill the translations of `obj` whose Dutch text is in `texts`; returns the Dutch texts used.

    Saves only what differs, so loading the same file again writes nothing.
    """
    used = set()
    changed = []
    for name in fields:
        dutch = (getattr(obj, translated_column(name, settings.MODELTRANSLATION_DEFAULT_LANGUAGE)) or "").strip()
        if dutch and dutch in texts:
            used.add(dutch)
            if getattr(obj, translated_column(name, code)) != texts[dutch]:
                setattr(obj, translated_column(name, code), texts[dutch])
                changed.append(translated_column(name, code))
    # A new text is as checked as its file says; an unchanged one keeps a check ticked in the admin.
    flag = translated_column("translation_checked", code)
    if (changed or checked) and used and getattr(obj, flag) != checked:
        setattr(obj, flag, checked)
        changed.append(flag)
    if changed:
        obj.save(update_fields=changed)
    return used


def load_translation(data: dict, source: str, report, error: type[Exception]) -> None:
    code = data.get("language")
    languages = dict(settings.SHEET_LANGUAGES)
    if code not in languages or code == settings.MODELTRANSLATION_DEFAULT_LANGUAGE:
        raise error(f"{source}: onbekende taal {code!r} (kies uit {', '.join(languages)})")
    unknown = set(data) - {"language", "checked", "services", "sections"}
    if unknown:
        raise error(f"{source}: onbekende rubriek(en) {sorted(unknown)}")
    checked = bool(data.get("checked", False))
    unmatched = 0
    for key, texts in (data.get("services") or {}).items():
        texts = {str(k).strip(): str(v).strip() for k, v in (texts or {}).items()}
        service = Service.objects.filter(key=key).first()
        if service is None:
            raise error(f"{source}: onbekende dienst {key!r}")
        used = _translate(service, SERVICE_FIELDS, texts, code, checked)
        for phone in Phone.objects.filter(service=service):
            used |= _translate(phone, ("label",), texts, code, checked)
        unmatched += len(set(texts) - used)
    for region_slug, sections in (data.get("sections") or {}).items():
        region = Region.objects.filter(slug=region_slug).first()
        if region is None:
            raise error(f"{source}: onbekende eerstelijnszone {region_slug!r}")
        for slug, item in (sections or {}).items():
            section = Section.objects.filter(region=region, slug=slug).first()
            if section is None:
                raise error(f"{source}: onbekende rubriek {region_slug}/{slug}")
            item = item or {}
            heading = {section.title_nl_be: str(item["title"]).strip()} if item.get("title") else {}
            if item.get("intro"):
                heading[section.intro_nl_be] = str(item["intro"]).strip()
            unmatched += len(set(heading) - _translate(section, ("title", "intro"), heading, code, checked))
            texts = {str(k).strip(): str(v).strip() for k, v in (item.get("texts") or {}).items()}
            used = set()
            for entry in Entry.objects.filter(section=section):
                used |= _translate(entry, ("title", "description"), texts, code, checked)
            unmatched += len(set(texts) - used)
    report.add(f"translations ({code})")
    if unmatched:
        report.add("translations not matched", unmatched)
        logger.warning("%s: %d vertaalde tekst(en) passen niet meer bij de Nederlandse tekst.", source, unmatched)
