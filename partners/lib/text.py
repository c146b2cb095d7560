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
