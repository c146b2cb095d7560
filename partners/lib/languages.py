"""Names of languages, for the languages a service helps in (HSDS `languages`, ISO 639-1 codes)."""

from __future__ import annotations

from django.utils.translation import get_language_info


def language_name(code: str) -> str:
    """The language's name in the active language ("Arabisch" in Dutch), or the code when Django does not know it."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code
