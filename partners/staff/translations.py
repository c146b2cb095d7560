"""The translated texts of the contactfiche in the admin: the Dutch text first, then one folded block per language.

`TranslatedFieldsAdmin` is a mixin for the ModelAdmins of the models in partners/translation.py:
django-modeltranslation adds a column per language to each translated field (`description_fr`,
`description_ar`, …). The form shows the Dutch text under its plain name (`description`: it reads
and writes the Dutch column), so forms, tests and imports that know the Dutch fields work as
before; after the Dutch fields, each other language gets its own collapsed fieldset with its
columns and its "vertaling nagekeken" checkbox. The scope, history and import/export of the admin
it is mixed into apply unchanged: the translations are fields of the same record.

The fieldsets are built anew for every request from the declared ones (or from the form's
fields), never by changing the class attribute: modeltranslation's own `get_fieldsets` rewrites
the declared lists in place, which repeated each translated field once more per request.
"""

from __future__ import annotations

import copy

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from partners.lib.languages import translated_column

OTHER_LANGUAGES = [code for code, _name in settings.SHEET_LANGUAGES if code != settings.MODELTRANSLATION_DEFAULT_LANGUAGE]
LANGUAGE_NAMES = dict(settings.SHEET_LANGUAGES)
CHECKED_FIELDS = [translated_column("translation_checked", code) for code in OTHER_LANGUAGES]
LANGUAGE_FIELDSET_CLASS = "wegwijzer-language"


class TranslatedFieldsAdmin(TranslationAdmin):
    """Mix in first: `class ServiceAdmin(TranslatedFieldsAdmin, ScopedAdmin)`."""

    def _translated_names(self) -> list[str]:
        return [name for name in self.trans_opts.all_fields if name != "translation_checked"]

    def _language_columns(self) -> set[str]:
        names = [*self._translated_names(), "translation_checked"]
        return {translated_column(name, code) for name in names for code in settings.MODELTRANSLATION_LANGUAGES}

    def replace_orig_field(self, option):
        """Keep the Dutch (plain) name of each translated field: the other languages have fieldsets of their own."""
        if not option:
            return option
        return [item for item in option if item != "translation_checked"]

    def _exclude_original_fields(self, exclude=None):
        dutch = [translated_column(name, settings.MODELTRANSLATION_DEFAULT_LANGUAGE) for name in self.trans_opts.all_fields]
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

    def _without_columns(self, fields, columns: set[str], seen: set[str]) -> list:
        """`fields` without the language columns, each name once (a row of names stays a row)."""
        result = []
        for item in fields:
            if isinstance(item, (list, tuple)):
                row = self._without_columns(item, columns, seen)
                if row:
                    result.append(tuple(row) if len(row) > 1 else row[0])
            elif item not in columns and item != "translation_checked" and item not in seen:
                seen.add(item)
                result.append(item)
        return result

    def get_fieldsets(self, request, obj=None):
        if self.fieldsets:
            declared = copy.deepcopy(list(self.fieldsets))  # never the class attribute itself
        else:
            form = self.get_form(request, obj, fields=None)
            declared = [(None, {"fields": [*form.base_fields, *self.get_readonly_fields(request, obj)]})]
        columns, seen = self._language_columns(), set()
        fieldsets = []
        for name, options in declared:
            fields = self._without_columns(options.get("fields", []), columns, seen)
            if fields:
                fieldsets.append((name, {**options, "fields": fields}))
        translated = [name for name in self._translated_names() if name in seen]
        for code in OTHER_LANGUAGES:
            fieldsets.append(
                (
                    f"{LANGUAGE_NAMES[code]} ({code})",
                    {
                        "fields": [
                            *(translated_column(name, code) for name in translated),
                            translated_column("translation_checked", code),
                        ],
                        "classes": ["collapse", LANGUAGE_FIELDSET_CLASS],
                        "description": _(
                            "De vertaling voor de contactfiche. Vink aan als een vlotte lezer van de taal ze nakeek."
                        ),
                    },
                )
            )
        return fieldsets
