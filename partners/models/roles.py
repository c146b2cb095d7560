"""The essential roles every wegwijzer must answer (VK, OCJ, CAW, CLB…), as data.

A service says which roles it fills (`Service.roles`). A zone *has* a role when a service it shows
fills it (`RegionContent.roles`). `places` says where the public pages send a professional to the
role, so that a page can say honestly, in one line, that this zone has no contact for it yet and
where to find one. The list lives in `fixtures/roles.yaml`; the redactie Vlaanderen edits it in the admin.
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partners.models.fields import CheckedQuerySet, URLField

# Where a page sends a professional to a role: the not-acknowledged family, a tier, a consult
# topic (by theme slug) or a partnerkaart section (by slug).
PLACE_NOT_ACKNOWLEDGED = "erkenning-nee"
places_validator = RegexValidator(
    r"^([a-z0-9-]+(:[a-z0-9-]+)?)( [a-z0-9-]+(:[a-z0-9-]+)?)*$",
    _("Plaatsen met een spatie ertussen, bv. erkenning-nee acuut consult:kindermishandeling kaart:gezinnen."),
)


def consult_place(theme_slug: str) -> str:
    return f"consult:{theme_slug}"


def section_place(section_slug: str) -> str:
    return f"kaart:{section_slug}"


class Role(models.Model):
    """A role every wegwijzer must answer, e.g. the Vertrouwenscentrum Kindermishandeling."""

    key = models.SlugField(_("sleutel"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=120)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    find_url = URLField(
        _("waar je het vindt"),
        blank=True,
        help_text=_(
            "Een eigen site die per regio de juiste dienst toont, bv. die van de vertrouwenscentra. Leeg: De Sociale Kaart."
        ),
    )
    find_label = models.CharField(_("naam van die site"), max_length=120, blank=True)
    source = models.CharField(_("bron"), max_length=250, blank=True, help_text=_("Waar het webadres vandaan komt."))
    places = models.CharField(
        _("waar de wegwijzer naar deze rol verwijst"),
        max_length=400,
        blank=True,
        validators=[places_validator],
        help_text=_(
            "erkenning-nee (het gezin erkent de zorg niet), een urgentie (acuut, ondersteuning), "
            "consult:<thema> of kaart:<rubriek>, met een spatie ertussen."
        ),
    )

    objects = CheckedQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("essentiële rol")
        verbose_name_plural = _("essentiële rollen")

    def __str__(self) -> str:
        return self.name

    @property
    def place_list(self) -> list[str]:
        return self.places.split()
