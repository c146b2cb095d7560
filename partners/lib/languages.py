"""Names of languages, for the languages a service helps in (HSDS `languages`, ISO 639-1 codes)."""

from __future__ import annotations

from django.utils.translation import get_language_info


def language_name(code: str) -> str:
    """The language's name in the active language ("Arabisch" in Dutch), or the code when Django does not know it."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def translated_column(name: str, code: str) -> str:
    """The model field that holds `name` in a language (modeltranslation): description, ar -> description_ar; zh-hans -> _zh_hans."""
    return f"{name}_{code.replace('-', '_')}"
