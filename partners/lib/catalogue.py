"""The interface texts of the contactfiche in one language, as the catalogue in the repository has them.

`locale/<code>/LC_MESSAGES/django.po` holds only the strings of the residents' sheet (README,
"The contactfiche in other languages"). The page "Vertaling nakijken" lists them beside the Dutch
for a fluent reader to tick, and a sign-off remembers which texts were read: each text by a short
fingerprint of its context, Dutch and translation (`InterfaceText.key`), the whole catalogue by
one (`fingerprint`). A text changed since is no longer ticked, and a sign-off of a catalogue that
changed since no longer shows on the sheet.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polib
from django.conf import settings


@dataclass(frozen=True)
class InterfaceText:
    context: str
    dutch: str
    translation: str

    @property
    def key(self) -> str:
        whole = "\x04".join([self.context, self.dutch, self.translation])
        return "ui:" + hashlib.sha256(whole.encode()).hexdigest()[:16]


def catalogue_path(code: str) -> Path:
    return Path(settings.LOCALE_PATHS[0]) / code / "LC_MESSAGES" / "django.po"


@cache
def interface_texts(code: str) -> tuple[InterfaceText, ...]:
    """The translated interface texts of the sheet in `code` (empty for Dutch or a language without a catalogue)."""
    if code == settings.MODELTRANSLATION_DEFAULT_LANGUAGE:
        return ()
    path = catalogue_path(code)
    if not path.exists():
        return ()
    texts = []
    for entry in polib.pofile(str(path)):
        if entry.obsolete or not entry.msgid:
            continue
        translation = entry.msgstr or (entry.msgstr_plural.get(0, "") if entry.msgstr_plural else "")
        texts.append(InterfaceText(entry.msgctxt or "", entry.msgid, translation))
    return tuple(texts)


@cache
def fingerprint(code: str) -> str:
    """One fingerprint of every interface text of the sheet in `code`: changes with any of them."""
    keys = sorted(text.key for text in interface_texts(code))
    return hashlib.sha256("\n".join(keys).encode()).hexdigest()
