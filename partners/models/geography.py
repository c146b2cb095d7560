"""The map: provinces, regions (ELZ), municipalities, postcodes, localities and the 60 zones."""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partners.lib.text import validate_one_script, validate_single_line
from partners.models.fields import CheckedQuerySet, URLField, hsds_id_field, postcode_validator


def _model(name: str) -> type[models.Model]:
    """A model of this app defined in a module that imports this one (no import cycle)."""
    return apps.get_model("partners", name)


class Province(models.TextChoices):
    ANTWERPEN = "antwerpen", "Antwerpen"
    LIMBURG = "limburg", "Limburg"
    OOST_VLAANDEREN = "oost-vlaanderen", "Oost-Vlaanderen"
    VLAAMS_BRABANT = "vlaams-brabant", "Vlaams-Brabant"
    WEST_VLAANDEREN = "west-vlaanderen", "West-Vlaanderen"
    BRUSSEL = "brussel", "Brussel"


class RegionQuerySet(CheckedQuerySet):
    def showing(self, service_ids: Iterable[int]) -> RegionQuerySet:
        """The regions that show any of these services: the inverse of `Service.objects.shown_in`.

        (A region that excluded a service is included: for "which regions must refresh", more is harmless.)
        """
        service_ids = list(service_ids)
        areas = list(_model("Service").objects.filter(id__in=service_ids).values_list("coverage", "province").distinct())
        if any(coverage == Coverage.FLANDERS for coverage, _province in areas):
            return self.all()
        q = (
            Q(pk__in=_model("Service").regions.through.objects.filter(service_id__in=service_ids).values("region_id"))
            | Q(pk__in=_model("Entry").objects.filter(service_id__in=service_ids).values("section__region_id"))
            | Q(pk__in=_model("TierContact").objects.filter(service_id__in=service_ids).values("tier__region_id"))
            | Q(pk__in=_model("ConsultContact").objects.filter(service_id__in=service_ids).values("topic__region_id"))
        )
        provinces = [province for coverage, province in areas if coverage == Coverage.PROVINCE]
        if provinces:
            q |= Q(province__in=provinces)
        return self.filter(q)


class Region(models.Model):
    """An eerstelijnszone (ELZ): the unit that owns a wegwijzer."""

    name = models.CharField(_("naam"), max_length=120, unique=True, validators=[validate_single_line, validate_one_script])
    slug = models.SlugField(_("slug"), unique=True, help_text=_("Deel van het webadres: /leuven/"))
    province = models.CharField(_("provincie"), max_length=20, choices=Province.choices)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    website = URLField(_("website"), blank=True)
    intro = models.TextField(_("introtekst"), blank=True)
    zone = models.OneToOneField(
        "Zone",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="region",
        verbose_name=_("zone"),
        help_text=_("De eerstelijnszone van de Vlaamse overheid die deze wegwijzer bedient; de gemeenten volgen daaruit."),
    )
    has_own_map = models.BooleanField(
        _("eigen partnerkaart"),
        default=True,
        help_text=_("Uit: de zone toont het sjabloon met alleen de Vlaamse en provinciale diensten."),
    )
    template_fingerprint = models.CharField(
        max_length=64, blank=True, editable=False, help_text="Of the template last written here."
    )
    excluded_services = models.ManyToManyField(
        "Service",
        blank=True,
        related_name="excluded_by",
        verbose_name=_("gedeelde diensten die deze ELZ niet toont"),
        help_text=_("Een Vlaamse of provinciale dienst die hier niet past, verdwijnt zo uit alle kaarten van deze ELZ."),
    )
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)
    content_changed_at = models.DateTimeField(
        _("inhoud laatst gewijzigd"),
        default=timezone.now,
        editable=False,
        help_text=_("Verandert bij elke wijziging van iets dat deze ELZ toont; dient als versie van de kaarten."),
    )
    uuid = hsds_id_field()

    objects = RegionQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["content_changed_at", "template_fingerprint"])

    class Meta:
        ordering = ["name"]
        verbose_name = _("eerstelijnszone")
        verbose_name_plural = _("eerstelijnszones")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("region_home", args=[self.slug])


class Gewest(models.TextChoices):
    FLANDERS = "vlaanderen", _("Vlaanderen")
    BRUSSELS = "brussel", _("Brussel")
    WALLONIA = "wallonie", _("Wallonië")


class Municipality(models.Model):
    """A Belgian municipality (Statbel, after the mergers of 2025). Reference data, not edited in the admin."""

    refnis = models.CharField(_("NIS-code"), max_length=5, unique=True)
    name_nl = models.CharField(_("naam"), max_length=80)
    name_fr = models.CharField(_("Franse naam"), max_length=80)
    gewest = models.CharField(_("gewest"), max_length=12, choices=Gewest.choices)
    province = models.CharField(
        _("provincie"), max_length=20, choices=Province.choices, blank=True, help_text=_("Leeg in Wallonië.")
    )
    search = models.CharField(
        max_length=200, editable=False, db_index=True, help_text="Folded names, ' name | name ', to find it."
    )

    objects = CheckedQuerySet.as_manager()

    class Meta:
        ordering = ["name_nl"]
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")

    def __str__(self) -> str:
        if self.name_fr and self.name_fr != self.name_nl:
            return f"{self.name_nl} / {self.name_fr}"
        return self.name_nl


class Postcode(models.Model):
    """One row of Statbel's postcode → municipality table: a postcode can serve more than one municipality."""

    code = models.CharField(_("postcode"), max_length=4, db_index=True, validators=[postcode_validator])
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="postcodes", verbose_name=_("gemeente"))

    objects = CheckedQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("postcode")
        verbose_name_plural = _("postcodes")
        constraints = [models.UniqueConstraint(fields=["code", "municipality"], name="unique_postcode_municipality")]

    def __str__(self) -> str:
        return f"{self.code} {self.municipality.name_nl}"


class Locality(models.Model):
    """A deelgemeente (Kessel-Lo, Deurne, Sint-Amandsberg…), so that people find their ELZ by the name they use.

    The deelgemeenten of Flanders and Brussels come from fixtures/geo/deelgemeenten-2024.tsv (`code`
    is Statbel's); a content file (`gemeenten:`) adds the postcode of one (Kessel-Lo 3010) or a
    name of its own (Wijgmaal, no code). Reference data, not edited in the admin.
    """

    code = models.CharField(
        _("code"),
        max_length=20,
        blank=True,
        editable=False,
        help_text="Statbel's deelgemeente code (11002R); empty for a name from a content file.",
    )
    name = models.CharField(_("naam"), max_length=80)
    postcode = models.CharField(_("postcode"), max_length=4, blank=True, validators=[postcode_validator])
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="localities", verbose_name=_("gemeente")
    )
    zones = models.ManyToManyField(
        "Zone",
        blank=True,
        related_name="+",
        verbose_name=_("zones"),
        help_text=_("Alleen in een gemeente die over meer zones verdeeld is (Antwerpen): de zone(s) van deze deelgemeente."),
    )
    search = models.CharField(max_length=200, editable=False, db_index=True)

    objects = CheckedQuerySet.as_manager()

    class Meta:
        ordering = ["name", "postcode"]
        verbose_name = _("deelgemeente")
        verbose_name_plural = _("deelgemeenten")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="unique_locality_name"),
            models.UniqueConstraint(fields=["code"], condition=~Q(code=""), name="unique_locality_code"),
        ]

    def __str__(self) -> str:
        return f"{self.postcode} {self.name}" if self.postcode else self.name


class Zone(models.Model):
    """One of the 60 eerstelijnszones as the Flemish government draws them (reference data).

    Its wegwijzer is a Region (`zone.region`). A municipality belongs to one zone, except
    Antwerpen, which the four Antwerp zones share (they are drawn by statistical sector).
    """

    code = models.CharField(_("code"), max_length=12, unique=True, help_text="elz31, or elz2-1 for the Antwerp zones")
    name = models.CharField(_("naam"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), unique=True)
    province = models.CharField(_("provincie"), max_length=20, choices=Province.choices)
    municipalities = models.ManyToManyField(Municipality, related_name="zones", verbose_name=_("gemeenten"))

    objects = CheckedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("zone (referentie)")
        verbose_name_plural = _("zones (referentie)")

    def __str__(self) -> str:
        return self.name


class Coverage(models.TextChoices):
    REGIONS = "regions", _("Bepaalde eerstelijnszones")
    PROVINCE = "province", _("Een provincie")
    FLANDERS = "flanders", _("Heel Vlaanderen en Brussel")
