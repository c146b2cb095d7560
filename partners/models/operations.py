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


class MapRequest(models.Model):
    """An editor of a zone that shows the template asks for the zone's own partner map.

    The redactie Vlaanderen decides (it starts the map, as `manage.py new_elz` does, or declines);
    the request and the decision keep their history.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("gevraagd")
        STARTED = "started", _("gestart")
        DECLINED = "declined", _("niet nu")

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="map_requests", verbose_name=_("eerstelijnszone"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("gevraagd door")
    )
    created_at = models.DateTimeField(_("gevraagd op"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beslist door"),
    )
    decided_at = models.DateTimeField(_("beslist op"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("vraag om een eigen partnerkaart")
        verbose_name_plural = _("vragen om een eigen partnerkaart")
        constraints = [
            models.UniqueConstraint(fields=["region"], condition=models.Q(status="open"), name="one_open_map_request_per_region")
        ]

    def __str__(self) -> str:
        return str(_("Eigen partnerkaart voor %(region)s") % {"region": self.region})


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
