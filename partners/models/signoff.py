"""A fluent reader's sign-off of one language of a region's contactfiche for residents."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partners.lib.text import validate_single_line
from partners.models.fields import CheckedQuerySet
from partners.models.geography import Region

# The languages a sign-off can be for: every language of the sheet but Dutch, the source.
SIGN_OFF_LANGUAGES = [
    (code, name) for code, name in settings.SHEET_LANGUAGES if code != settings.MODELTRANSLATION_DEFAULT_LANGUAGE
]


class LanguageSignOff(models.Model):
    """One language of a region's contactfiche, read in one sitting by someone who reads it fluently.

    Staff tick each text on the page "Vertaling nakijken" (`partners.staff.sign_off`): for the
    content, the record's own `translation_checked_<code>`; for the interface texts of the sheet
    (`locale/<code>/LC_MESSAGES/django.po`, the same for every region) `checked_strings` here.
    When every text is ticked, the whole language is signed off: `reader` (as the reader wants to be
    named on the sheet) and `signed_on`. The sheet and its PDF then say "nagekeken door <reader> op
    <date>", as long as every text shown is still ticked and the interface texts are still those that
    were read (`interface_fingerprint`, `partners.lib.catalogue`); otherwise the "not yet checked"
    line stays.
    """

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="language_sign_offs", verbose_name=_("eerstelijnszone")
    )
    language = models.CharField(_("taal"), max_length=10, choices=SIGN_OFF_LANGUAGES)
    reader = models.CharField(
        _("nagekeken door"),
        max_length=120,
        blank=True,
        validators=[validate_single_line],
        help_text=_(
            "Zoals het op de fiche mag staan, in de taal van de fiche: een voornaam, of bv. ‘een Arabisch sprekende vrijwilliger’ in het Arabisch."
        ),
    )
    signed_on = models.DateField(_("afgetekend op"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("afgetekend in de beheeromgeving door"),
    )
    checked_strings = models.JSONField(
        _("nagekeken interfaceteksten"), default=list, blank=True, help_text=_("Vingerafdrukken van de nagekeken teksten.")
    )
    interface_fingerprint = models.CharField(_("interfaceteksten bij het aftekenen"), max_length=64, blank=True)

    objects = CheckedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["region__name", "language"]
        verbose_name = _("aftekening van een vertaling")
        verbose_name_plural = _("aftekeningen van vertalingen")
        constraints = [models.UniqueConstraint(fields=["region", "language"], name="one_sign_off_per_region_language")]

    def __str__(self) -> str:
        return f"{self.region} · {self.get_language_display()}"

    @property
    def is_signed(self) -> bool:
        return self.signed_on is not None and bool(self.reader)
