"""Running the site: editors, uploaded imports and stored PDFs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partners.models.cards import Card
from partners.models.geography import Region


class Editor(models.Model):
    """An ELZ-redacteur: a staff account that keeps the wegwijzer of one or more regions current.

    What an editor may see and change follows from these regions (`partners.staff.scope`).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="editor", verbose_name=_("gebruiker")
    )
    regions = models.ManyToManyField(Region, blank=True, related_name="editors", verbose_name=_("eerstelijnszones"))

    history = HistoricalRecords(m2m_fields=[regions])

    class Meta:
        verbose_name = _("ELZ-redacteur")
        verbose_name_plural = _("ELZ-redacteurs")

    def __str__(self) -> str:
        return self.user.get_username()


class ImportUpload(models.Model):
    """An uploaded import file, kept between its preview and its confirmation.

    Stored in the database rather than on a local disk, so that the instance that confirms an
    import need not be the one that previewed it.
    """

    name = models.CharField(max_length=64, unique=True)
    data = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("geüpload importbestand")
        verbose_name_plural = _("geüploade importbestanden")


class RenderedPdf(models.Model):
    """A rendered PDF of a card, kept so that every app instance can serve it again without rendering.

    Valid while `version` equals the region's `content_changed_at`; an edit makes it stale.
    """

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="rendered_pdfs")
    card = models.CharField(max_length=20, choices=Card.choices)
    variant = models.CharField(max_length=300, help_text="Host and filters the PDF was made for.")
    version = models.DateTimeField()
    pdf = models.BinaryField()
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("gemaakte pdf")
        verbose_name_plural = _("gemaakte pdf's")
        constraints = [models.UniqueConstraint(fields=["region", "card", "variant"], name="unique_rendered_pdf")]
