"""What a Belgian postcode says by itself, without the geography tables (bpost's ranges)."""

from __future__ import annotations

from partners.models import Province

# Belgian postcodes by first digits; Wallonia (1300–1499, 4000–7999) has no ELZ.
POSTCODE_PROVINCES = [
    (1000, 1299, Province.BRUSSEL),
    (1500, 1999, Province.VLAAMS_BRABANT),
    (2000, 2999, Province.ANTWERPEN),
    (3000, 3499, Province.VLAAMS_BRABANT),
    (3500, 3999, Province.LIMBURG),
    (8000, 8999, Province.WEST_VLAANDEREN),
    (9000, 9999, Province.OOST_VLAANDEREN),
]


def province_for_postcode(postcode: str) -> str | None:
    """The province of a Flemish or Brussels postcode; None for Wallonia or anything else."""
    if not (postcode.isdigit() and len(postcode) == 4):
        return None
    number = int(postcode)
    return next((province for low, high, province in POSTCODE_PROVINCES if low <= number <= high), None)
