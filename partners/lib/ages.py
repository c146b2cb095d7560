"""Age bands: how people describe whom a worry is about. Services store exact ages in months;
the bands are display groupings that overlap the way the paper partnerkaart's sections do."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# Open-ended ages: a service without a lower bound starts at the beginning of pregnancy, one
# without an upper bound ends at 100 years (in months; negative is before birth).
YOUNGEST_MONTHS = -9
OLDEST_MONTHS = 1200


def age_bounds(low: int | None, high: int | None) -> tuple[int, int]:
    """A service's age range in months, with the open ends filled in."""
    return (YOUNGEST_MONTHS if low is None else low, OLDEST_MONTHS if high is None else high)


@dataclass(frozen=True)
class AgeBand:
    slug: str
    label: str
    low: int  # months, inclusive; negative is before birth
    high: int  # months, inclusive

    def overlaps(self, low: int | None, high: int | None) -> bool:
        low, high = age_bounds(low, high)
        return low <= self.high and self.low <= high


AGE_BANDS = {
    band.slug: band
    for band in [
        AgeBand("zwanger", _("Een ongeboren kind (zwangerschap)"), YOUNGEST_MONTHS, -1),
        AgeBand("0-3", _("Een baby of peuter (0 tot 3 jaar)"), 0, 47),
        AgeBand("3-12", _("Een kind van 3 tot 12 jaar"), 36, 155),
        AgeBand("12-18", _("Een jongere van 12 tot 18 jaar"), 144, 227),
        AgeBand("18+", _("Een volwassene (18 jaar of ouder), bv. een ouder"), 216, OLDEST_MONTHS),
    ]
}
