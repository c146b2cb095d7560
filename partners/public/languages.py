"""The contactfiche for residents in their language: which language a request asks for, and the sheet's texts in it.

The site itself is Dutch. `?taal=<code>` on the contactfiche (page and PDF) picks one of
`settings.SHEET_LANGUAGES`; anything else is Dutch. `&tweetalig=1` shows every text in that
language and in Dutch, so a family and a Dutch-speaking helper read the same sheet.

Translated texts are per-language columns (partners/translation.py). A text without a
translation shows in Dutch and is marked as such; `translation_checked_<code>` says whether a
fluent reader checked a record's translation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.http import QueryDict

from partners.public.selectors import CardEntry, CardSection

DUTCH = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def column(name: str, code: str) -> str:
    """The column of a translated field for a language: description, ar -> description_ar."""
    return f"{name}_{code.replace('-', '_')}"


@dataclass(frozen=True)
class SheetLanguage:
    """The language a contactfiche is shown in."""

    code: str
    name: str
    bilingual: bool = False

    @property
    def is_dutch(self) -> bool:
        return self.code == DUTCH

    @property
    def html_lang(self) -> str:
        """The BCP 47 tag for <html lang>: nl-BE, ar, …"""
        base, _sep, country = self.code.partition("-")
        return f"{base}-{country.upper()}" if country else base

    @property
    def iso(self) -> str:
        """The ISO 639-1 code, as services list them in `languages`."""
        return self.code.split("-")[0]

    @property
    def rtl(self) -> bool:
        return self.iso in settings.LANGUAGES_BIDI

    @property
    def dir(self) -> str:
        return "rtl" if self.rtl else "ltr"

    @property
    def shows_dutch_too(self) -> bool:
        return self.bilingual and not self.is_dutch

    def params(self) -> list[tuple[str, str]]:
        """The query parameters that ask for this language (none for Dutch)."""
        if self.is_dutch:
            return []
        return [("taal", self.code), *([("tweetalig", "1")] if self.bilingual else [])]

    @classmethod
    def from_query(cls, query: QueryDict, known_themes: frozenset[str] = frozenset()) -> SheetLanguage:
        """For the page cache (`partners.public.cache.parsed`): the language a query asks for."""
        return sheet_language(query)

    def querystring(self) -> str:
        """The canonical ?taal=…&tweetalig=1 of this language (empty for Dutch)."""
        return urlencode(self.params())

    def key(self) -> str:
        """A stable text for cache keys."""
        return self.code + ("+nl" if self.shows_dutch_too else "")


def sheet_languages() -> list[SheetLanguage]:
    return [SheetLanguage(code, name) for code, name in settings.SHEET_LANGUAGES]


def sheet_language(query: QueryDict) -> SheetLanguage:
    """The language asked for with ?taal=; Dutch when none or an unknown one is asked for."""
    asked = (query.get("taal") or "").strip().lower()
    names = dict(settings.SHEET_LANGUAGES)
    code = asked if asked in names else DUTCH
    bilingual = code != DUTCH and (query.get("tweetalig") or "").strip() in {"1", "ja", "true", "on"}
    return SheetLanguage(code, names[code], bilingual)


# -- the sheet's texts in a language -------------------------------------------------------


@dataclass
class Text:
    """A text as shown: in the reader's language, with its Dutch original."""

    shown: str
    dutch: str
    missing: bool = False  # no translation: `shown` is the Dutch text

    @property
    def differs(self) -> bool:
        return self.shown != self.dutch

    def __str__(self) -> str:
        return self.shown


class Translator:
    """Reads the texts of records in one language, and remembers what it had to show in Dutch."""

    def __init__(self, language: SheetLanguage):
        self.language = language
        self.unchecked: dict[tuple[str, int], object] = {}  # records whose translation shown no fluent reader checked
        self.missing = 0  # texts shown in Dutch for want of a translation

    def text(self, obj, name: str, *, counts: bool = True) -> Text:
        """The field `name` of `obj`; `counts=False` for names, which need no translation."""
        dutch = getattr(obj, column(name, DUTCH), None) or ""
        if self.language.is_dutch or not dutch:
            return Text(dutch, dutch)
        translated = getattr(obj, column(name, self.language.code), None) or ""
        if not translated:
            self.missing += counts
            return Text(dutch, dutch, missing=counts)
        if not getattr(obj, column("translation_checked", self.language.code), False):
            self.unchecked[(obj._meta.label, obj.pk)] = obj
        return Text(translated, dutch)


@dataclass
class SheetPhone:
    phone: object  # partners.models.Phone
    label: Text


@dataclass
class SheetEntry:
    """A line of the contactfiche in the reader's language."""

    item: CardEntry
    title: Text
    description: Text
    availability: Text
    application_process: Text
    phones: list[SheetPhone]
    speaks_language: bool  # the service helps in the reader's language (HSDS languages)
    children: list[SheetEntry] = field(default_factory=list)

    @property
    def service(self):
        return self.item.contact.service if self.item.contact else None

    @property
    def missing(self) -> bool:
        texts = [self.title, self.description, self.availability, self.application_process, *(p.label for p in self.phones)]
        return any(t.missing for t in texts)


@dataclass
class SheetSection:
    section: object  # partners.models.Section
    title: Text
    intro: Text
    entries: list[SheetEntry]


@dataclass
class Sheet:
    language: SheetLanguage
    sections: list[SheetSection]
    unchecked_records: list  # the sheet says, in its language, that a fluent reader has not yet checked it
    missing_texts: int = 0

    @property
    def unchecked(self) -> bool:
        return bool(self.unchecked_records)

    @property
    def missing(self) -> bool:
        return any(e.missing or any(c.missing for c in e.children) for s in self.sections for e in s.entries)


def _entry(item: CardEntry, tr: Translator) -> SheetEntry:
    entry, contact = item.entry, item.contact
    service = contact.service if contact else None
    empty = Text("", "")
    if service is None:
        title, description = tr.text(entry, "title"), tr.text(entry, "description")
    else:
        # A line's own title is usually a short name ("CAW onthaal"): shown as written when untranslated.
        title = tr.text(entry, "title", counts=False) if entry.title else Text(service.name, service.name)
        description = tr.text(entry, "description") if entry.description else tr.text(service, "description")
    return SheetEntry(
        item=item,
        title=title,
        description=description,
        availability=tr.text(service, "availability") if service else empty,
        application_process=tr.text(service, "application_process") if service else empty,
        phones=[SheetPhone(phone, tr.text(phone, "label")) for phone in service.phones.all()] if service else [],
        speaks_language=bool(service and not tr.language.is_dutch and tr.language.iso in service.language_codes),
        children=[_entry(child, tr) for child in item.children],
    )


def build_sheet(sections: list[CardSection], language: SheetLanguage) -> Sheet:
    """The (filtered) contactfiche in `language`; what has no translation stays Dutch, marked."""
    tr = Translator(language)
    result = [
        SheetSection(s.section, tr.text(s.section, "title"), tr.text(s.section, "intro"), [_entry(e, tr) for e in s.entries])
        for s in sections
    ]
    return Sheet(language, result, list(tr.unchecked.values()), tr.missing)
