"""Text helpers shared by the public side."""

import re
import unicodedata


def fold(text: str) -> str:
    """Lowercase, without accents, words separated by single spaces ("Kessel-Lo" → "kessel lo").

    Shared by the card search (SQLite) and the region finder on the landing page.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.split(r"[^0-9a-z@.]+", plain)).strip()
