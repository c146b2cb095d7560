"""E-mail addresses as we store and compare them: one rule for the model, the loader, the import,
the partner's form, the review and the Sociale Kaart comparison."""

from __future__ import annotations


def normalize(address: str) -> str:
    """ "  Info@CAW.be " -> "info@caw.be": no surrounding space, lower case (what mail servers ignore
    in practice; it makes one address one row)."""
    return address.strip().lower()
