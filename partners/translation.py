"""Which texts of the contactfiche for residents exist in other languages (django-modeltranslation).

Each registered field gets a column per language of `settings.SHEET_LANGUAGES`
(`description_nl_be`, `description_fr`, …); the plain name (`description`) reads the active
language and falls back to Dutch. Only what residents read on the contactfiche is translated:
section titles, line titles and descriptions, a service's description, how to apply, when it is
reachable and its phone labels. Names, numbers and addresses stay as they are.

`translation_checked_<code>` records, per record and language, whether a fluent reader checked
that translation (the Dutch column of it means nothing and is not shown).

History: simple-history builds a model's history table from the fields the model has at that
moment, so these models register their history here, after their translated fields exist,
instead of with `history = HistoricalRecords()` in models.py.
"""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from partners.models import Entry, Phone, Section, Service

TRANSLATED_FIELDS: dict[type, tuple[str, ...]] = {
    Section: ("title", "intro"),
    Entry: ("title", "description"),
    Service: ("description", "application_process", "availability"),
    Phone: ("label",),
}


@register(Section)
class SectionTranslation(TranslationOptions):
    fields = (*TRANSLATED_FIELDS[Section], "translation_checked")


@register(Entry)
class EntryTranslation(TranslationOptions):
    fields = (*TRANSLATED_FIELDS[Entry], "translation_checked")


@register(Service)
class ServiceTranslation(TranslationOptions):
    fields = (*TRANSLATED_FIELDS[Service], "translation_checked")


@register(Phone)
class PhoneTranslation(TranslationOptions):
    fields = (*TRANSLATED_FIELDS[Phone], "translation_checked")


register_history(Section)
register_history(Entry)
register_history(Phone)
register_history(
    Service,
    m2m_fields=[Service._meta.get_field("themes"), Service._meta.get_field("regions"), Service._meta.get_field("roles")],
)
