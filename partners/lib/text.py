"""Text helpers: accent folding for search, and reading a yes/no from a setting or a query string."""

import re
import unicodedata


def fold(text: str) -> str:
    """Lowercase, without accents, words separated by single spaces ("Kessel-Lo" → "kessel lo").

    Shared by the card search (SQLite) and the region finder on the landing page.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.split(r"[^0-9a-z@.]+", plain)).strip()


TRUTHY = frozenset({"1", "true", "yes", "on", "ja"})


def truthy(value: str | None) -> bool:
    """Whether a flag from the environment, a URL or a query string says yes ("1", "true", "yes", "on", "ja")."""
    return (value or "").strip().lower() in TRUTHY


# -- names: one line, one script ----------------------------------------------------------------

# C0 and C1 control characters (line breaks, tabs, NUL, escape) and the Unicode line and paragraph
# separators: none belongs in a name, and a line break in a mail's subject stops the mail.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """`text` with control characters (line breaks included) and runs of spaces as one space."""
    return " ".join(CONTROL.sub(" ", text).split())


def validate_single_line(value: str) -> None:
    """A name on one line, without control characters (model validation: forms, imports, proposals)."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    if isinstance(value, str) and CONTROL.search(value):
        raise ValidationError(_("Een naam staat op één regel, zonder regeleinde, tab of ander stuurteken."), code="single_line")


def scripts(text: str) -> set[str]:
    """The writing systems of the letters in `text` ("LATIN", "CYRILLIC", "GREEK", …), from their Unicode names."""
    found = set()
    for char in text:
        if char.isalpha():
            name = unicodedata.name(char, "")
            found.add(name.split(" ")[0] if name else "UNKNOWN")
    return found


def validate_one_script(value: str) -> None:
    """Letters of one writing system: "Leuven" with a Cyrillic "е" looks the same and is refused."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    if isinstance(value, str) and len(scripts(value)) > 1:
        raise ValidationError(
            _("Gebruik letters van één schrift: deze naam mengt %(scripts)s (bv. een Cyrillische ‘е’ die op een Latijnse lijkt).")
            % {"scripts": ", ".join(sorted(s.capitalize() for s in scripts(value)))},
            code="mixed_script",
        )
