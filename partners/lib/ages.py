"""Age bands: how people describe whom a worry is about. Services store exact ages in months;
the bands are display groupings that overlap the way the paper partnerkaart's sections do."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class AgeBand:
    slug: str
    label: str
    low: int  # months, inclusive; negative is before birth
    high: int  # months, inclusive

    def overlaps(self, low: int | None, high: int | None) -> bool:
        low = -9 if low is None else low
        high = 10_000 if high is None else high
        return low <= self.high and self.low <= high


AGE_BANDS = {
    band.slug: band
    for band in [
        AgeBand("zwanger", _("Een ongeboren kind (zwangerschap)"), -9, -1),
        AgeBand("0-3", _("Een baby of peuter (0 tot 3 jaar)"), 0, 47),
        AgeBand("3-12", _("Een kind van 3 tot 12 jaar"), 36, 155),
        AgeBand("12-18", _("Een jongere van 12 tot 18 jaar"), 144, 227),
        AgeBand("18+", _("Een volwassene (18 jaar of ouder), bv. een ouder"), 216, 1200),
    ]
}
