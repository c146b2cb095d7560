"""The contactfiche for residents in their language: which language a request asks for, and the sheet's texts in it.

The site itself is Dutch. `?taal=<code>` on the contactfiche (page and PDF) picks one of
`settings.SHEET_LANGUAGES`; anything else is Dutch. `&tweetalig=1` shows every text in that
language and in Dutch, so a family and a Dutch-speaking helper read the same sheet.

Translated texts are per-language columns (partners/translation.py). A text without a
translation shows in Dutch and is marked as such; `translation_checked_<code>` says whether a
fluent reader checked a record's translation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.http import QueryDict
from django.utils.formats import date_format
from django.utils.translation import get_language, get_language_bidi, get_language_info, pgettext
from django.utils.translation import gettext as _

from partners.lib.catalogue import fingerprint, interface_texts
from partners.lib.languages import translated_column
from partners.lib.text import truthy
from partners.public.selectors import CardEntry, CardSection

DUTCH = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


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
    def list_separator(self) -> str:
        """Between the items of a list ("bellen, mailen"): Arabic script has its own comma (U+060C)."""
        return "\u060c " if self.rtl else ", "

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
    bilingual = code != DUTCH and truthy(query.get("tweetalig"))
    return SheetLanguage(code, names[code], bilingual)


# -- the sheet's texts in a language -------------------------------------------------------


# A run of Latin-script words inside a right-to-left sentence: a Dutch name or street ("’t Lampeke",
# "Sint-Maartensdal", "Hal 5"). Starts with a letter (or an apostrophe and a letter); a full stop only
# inside a word ("Backup.app"), never the sentence's own.
_LATIN = "A-Za-z\u00c0-\u024f"
_WORD = f"[’'‘]?[{_LATIN}0-9](?:[{_LATIN}0-9’'‘\\-]|\\.(?=[{_LATIN}0-9]))*"
LATIN_RUN = re.compile(
    f"(?<![{_LATIN}0-9’'‘])[’'‘]?[{_LATIN}](?:[{_LATIN}0-9’'‘\\-]|\\.(?=[{_LATIN}0-9]))*(?:[ \u00a0]+{_WORD})*"
)
LRI, PDI = "\u2066", "\u2069"  # left-to-right isolate … pop directional isolate


def isolate_latin(text: str) -> str:
    """Wrap each Latin run of a right-to-left text in LRI…PDI, so a Dutch name keeps its own order
    ("’t Lampeke", not "t Lampeke’") and a hyphen at a line break stays with its word, in Chromium
    and in WeasyPrint (Pango's bidi) alike."""
    return LATIN_RUN.sub(lambda m: LRI + m.group(0) + PDI, text)


@dataclass
class Text:
    """A text as shown: in the reader's language, with its Dutch original."""

    shown: str
    dutch: str
    missing: bool = False  # no translation: `shown` is the Dutch text
    rtl: bool = False  # shown in a right-to-left sheet
    translated_sheet: bool = False  # the sheet is not the Dutch one

    @property
    def differs(self) -> bool:
        return self.shown != self.dutch

    @property
    def as_dutch(self) -> bool:
        """On a translated sheet, a text left as in Dutch: a name ("Het Perron"), an address: shown isolated, marked Dutch."""
        return self.translated_sheet and not self.missing and bool(self.shown) and not self.differs

    @property
    def display(self) -> str:
        """The text to render: in a right-to-left sheet, its Dutch names isolated."""
        return isolate_latin(self.shown) if self.rtl else self.shown

    def __str__(self) -> str:
        return self.shown


class Translator:
    """Reads the texts of records in one language, and remembers what it had to show in Dutch."""

    def __init__(self, language: SheetLanguage):
        self.language = language
        self.unchecked: dict[tuple[str, int], object] = {}  # records whose translation shown no fluent reader checked
        self.missing = 0  # texts shown in Dutch for want of a translation

    def make(self, shown: str, dutch: str, missing: bool = False) -> Text:
        return Text(shown, dutch, missing, rtl=self.language.rtl, translated_sheet=not self.language.is_dutch)

    def text(self, obj, name: str, *, counts: bool = True) -> Text:
        """The field `name` of `obj`; `counts=False` for names, which need no translation."""
        dutch = getattr(obj, translated_column(name, DUTCH), None) or ""
        if self.language.is_dutch or not dutch:
            return self.make(dutch, dutch)
        translated = getattr(obj, translated_column(name, self.language.code), None) or ""
        if not translated:
            self.missing += counts
            return self.make(dutch, dutch, missing=counts)
        if not getattr(obj, translated_column("translation_checked", self.language.code), False):
            self.unchecked[(obj._meta.label, obj.pk)] = obj
        return self.make(translated, dutch)


# Languages whose month names start with a capital in running text; Django's "E" also capitalises
# French and Romanian months ("6 Décembre 2026"), which those languages write in lower case.
CAPITALISED_MONTHS = {"en", "tr"}


def sheet_date(value) -> str:
    """A date as the active language writes it in a sentence: "6 décembre 2026", "6 December 2026"."""
    text = date_format(value, "j E Y")
    return text if (get_language() or "").split("-")[0] in CAPITALISED_MONTHS else text.lower()


def residents_place(region) -> str:
    """ "Leuven en omgeving": the zone as a resident knows it; "ELZ" (eerstelijnszone) means nothing to a family."""
    place = region.name.removeprefix("ELZ ").strip() or region.name
    if get_language_bidi() and LATIN_RUN.search(place):
        place = LRI + place + PDI  # a Dutch name in an Arabic sentence keeps its own order
    return pgettext('de streek van een eerstelijnszone, na "inwoners van"', "%(place)s en omgeving") % {"place": place}


def language_endonym(code: str) -> str:
    """A language in its own name ("Türkçe", "فارسی"): what a reader recognises whatever the sheet's language."""
    names = dict(settings.SHEET_LANGUAGES)
    if code in names:
        return names[code]
    try:
        return str(get_language_info(code)["name_local"])
    except KeyError:
        return code


@dataclass(frozen=True)
class HelpLanguage:
    """A language a service helps in, named for the sheet's reader."""

    code: str
    name: str

    @property
    def rtl(self) -> bool:
        return self.code in settings.LANGUAGES_BIDI


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
    help_languages: list[HelpLanguage] = field(default_factory=list)  # "Helpt ook in: …"
    verified_on: str = ""  # the service's last check, as the reader's language writes a date

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
    sign_off: object = None  # partners.models.LanguageSignOff, when the language was signed off

    @property
    def unchecked(self) -> bool:
        return bool(self.unchecked_records) or (not self.language.is_dutch and self.signed_off is None)

    @property
    def signed_off(self):
        """The sign-off that still holds: every text shown is ticked, and the interface texts are those
        the reader read (a text changed or added since brings back the "not yet checked" line)."""
        sign_off = self.sign_off
        if sign_off is None or self.language.is_dutch or self.unchecked_records:
            return None
        code = self.language.code
        if not (sign_off.signed_on and sign_off.reader) or sign_off.interface_fingerprint != fingerprint(code):
            return None
        if not {text.key for text in interface_texts(code) if text.translation} <= set(sign_off.checked_strings or ()):
            return None  # an interface text un-ticked since
        return sign_off

    @property
    def signed_off_text(self) -> str:
        """ "nagekeken door een Arabisch sprekende vrijwilliger op 12 december 2026", in the sheet's language."""
        sign_off = self.signed_off
        if sign_off is None:
            return ""
        reader = LRI + sign_off.reader + PDI if self.language.rtl and LATIN_RUN.search(sign_off.reader) else sign_off.reader
        return _("Deze vertaling is nagekeken door %(name)s op %(date)s.") % {
            "name": reader,
            "date": sheet_date(sign_off.signed_on),
        }

    @property
    def missing(self) -> bool:
        return any(e.missing or any(c.missing for c in e.children) for s in self.sections for e in s.entries)


def _entry(item: CardEntry, tr: Translator) -> SheetEntry:
    entry, contact = item.entry, item.contact
    service = contact.service if contact else None
    empty = tr.make("", "")
    if service is None:
        title, description = tr.text(entry, "title"), tr.text(entry, "description")
    else:
        # A line's own title is usually a short name ("CAW onthaal"): shown as written when untranslated.
        title = tr.text(entry, "title", counts=False) if entry.title else tr.make(service.name, service.name)
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
        # "Helpt ook in" only where a source says the list is complete: an incomplete one reads as "not in your language".
        help_languages=_help_languages(service, tr.language) if service and service.languages_complete else [],
        verified_on=sheet_date(service.assured_date) if service and service.assured_date else "",
    )


def _help_languages(service, language: SheetLanguage) -> list[HelpLanguage]:
    """The Dutch sheet names the languages in Dutch ("Turks"); a translated one in their own names
    ("Türkçe, فارسی"), which needs no grammatical case after "Помогает также на языках:"."""
    from partners.lib.languages import language_name

    name = language_name if language.is_dutch else language_endonym
    return [HelpLanguage(code, name(code)) for code in service.language_codes]


def build_sheet(sections: list[CardSection], language: SheetLanguage, sign_off=None) -> Sheet:
    """The (filtered) contactfiche in `language`; what has no translation stays Dutch, marked.
    `sign_off`: the region's `LanguageSignOff` for the language, if any (`RegionContent.sign_offs`)."""
    tr = Translator(language)
    result = [
        SheetSection(s.section, tr.text(s.section, "title"), tr.text(s.section, "intro"), [_entry(e, tr) for e in s.entries])
        for s in sections
    ]
    return Sheet(language, result, list(tr.unchecked.values()), tr.missing, sign_off)
