"""The translated texts of the contactfiche in the admin: next to the Dutch text, per language.

`TranslatedFieldsAdmin` is a mixin for the ModelAdmins of the models in partners/translation.py:
django-modeltranslation replaces each translated field by its columns (`omschrijving [nl-be]`,
`omschrijving [fr]`, …), and the "vertaling nagekeken" checkboxes follow, one per language. The
scope, history and import/export of the admin it is mixed into apply unchanged: the translations
are fields of the same record.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

CHECKED_FIELDS = [
    "translation_checked_" + code.replace("-", "_")
    for code, _name in settings.SHEET_LANGUAGES
    if code != settings.MODELTRANSLATION_DEFAULT_LANGUAGE
]


def _column(name: str, code: str) -> str:
    return f"{name}_{code.replace('-', '_')}"


OTHER_LANGUAGES = [code for code, _name in settings.SHEET_LANGUAGES if code != settings.MODELTRANSLATION_DEFAULT_LANGUAGE]


class TranslatedFieldsAdmin(TranslationAdmin):
    """Mix in first: `class ServiceAdmin(TranslatedFieldsAdmin, ScopedAdmin)`.

    The Dutch text keeps its plain form field (`description`: it reads and writes the Dutch
    column), so forms, tests and imports that know the Dutch fields work as before; each other
    language adds its own field after it.
    """

    def replace_orig_field(self, option):
        if not option:
            return option
        result = []
        for item in option:
            if isinstance(item, (list, tuple)):
                replaced = self.replace_orig_field(item)
                result.append(type(item)(replaced) if len(replaced) == len(item) else replaced)
            elif item in self.trans_opts.all_fields:
                others = [_column(item, code) for code in OTHER_LANGUAGES]
                result += others if item == "translation_checked" else [item, *others]
            else:
                result.append(item)
        return result

    def _exclude_original_fields(self, exclude=None):
        dutch = [_column(name, settings.MODELTRANSLATION_DEFAULT_LANGUAGE) for name in self.trans_opts.all_fields]
        return (*(exclude or ()), *dutch, "translation_checked")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        language = getattr(db_field, "language", None)
        if field is not None and language and hasattr(field.widget, "attrs"):
            # Typing Arabic or Farsi in a right-to-left box; the browser's spell checker in that language.
            field.widget.attrs.update(
                {"lang": language, "dir": "rtl" if language.split("-")[0] in settings.LANGUAGES_BIDI else "ltr"}
            )
        return field

    def get_fieldsets(self, request, obj=None):
        fieldsets = []
        for name, options in super().get_fieldsets(request, obj):
            fields = [f for f in options.get("fields", []) if f not in CHECKED_FIELDS]
            if fields:
                fieldsets.append((name, {**options, "fields": fields}))
        fieldsets.append((_("Vertaling nagekeken door een vlotte lezer van de taal"), {"fields": CHECKED_FIELDS}))
        return fieldsets
