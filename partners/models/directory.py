"""The directory: themes, organisations, services and their phones and e-mails."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date
from urllib.parse import quote

from django.apps import apps
from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partners.lib import emails, phones
from partners.lib.ages import YOUNGEST_MONTHS
from partners.lib.languages import language_name
from partners.lib.text import validate_single_line
from partners.models.fields import CheckedQuerySet, DerivedUUIDField, PhoneField, URLField, hsds_id_field, postcode_validator
from partners.models.geography import Coverage, Province, Region


def _model(name: str) -> type[models.Model]:
    """A model of this app defined in a module that imports this one (no import cycle)."""
    return apps.get_model("partners", name)


class Theme(models.Model):
    """What a worry can be about. The slug is part of the public URLs."""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("naam"), max_length=100)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    uuid = hsds_id_field()

    objects = CheckedQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")

    def __str__(self) -> str:
        return self.name


class Organization(models.Model):
    """An organisation that offers one or more services (HSDS organization)."""

    name = models.CharField(_("naam"), max_length=200, validators=[validate_single_line])
    description = models.TextField(_("omschrijving"), blank=True)
    website = URLField(_("website"), blank=True)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
        verbose_name=_("beheerd door ELZ"),
        help_text=_("Leeg voor gedeelde organisaties (Vlaams, provinciaal), beheerd door de redactie Vlaanderen."),
    )
    uuid = hsds_id_field()

    objects = CheckedQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        constraints = [models.UniqueConstraint(fields=["name", "region"], name="unique_organization_per_region")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str | None:
        return reverse("partnerkaart", args=[self.region.slug]) if self.region_id else None


def stale_before(today: date | None = None, months: int | None = None) -> date:
    """Services last verified before this date are stale: WEGWIJZER_STALE_AFTER_MONTHS (or `months`) ago."""
    today = today or timezone.localdate()
    months = settings.WEGWIJZER_STALE_AFTER_MONTHS if months is None else months
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    month += 1
    return date(year, month, min(today.day, calendar.monthrange(year, month)[1]))


def _area(region_ids: Iterable[int], provinces: Iterable[str]) -> Q:
    """Q on Service: its werkgebied (coverage) includes one of these regions or provinces."""
    region_ids = region_ids if isinstance(region_ids, models.QuerySet) else list(region_ids)
    provinces = provinces if isinstance(provinces, models.QuerySet) else list(provinces)
    linked = Service.regions.through.objects.filter(region_id__in=region_ids).values("service_id")
    return (
        Q(coverage=Coverage.FLANDERS)
        | Q(coverage=Coverage.PROVINCE, province__in=provinces)
        | Q(coverage=Coverage.REGIONS, id__in=linked)
    )


class ServiceQuerySet(CheckedQuerySet):
    def stale(self) -> ServiceQuerySet:
        """Never verified, or not within WEGWIJZER_STALE_AFTER_MONTHS."""
        return self.filter(Q(assured_date__isnull=True) | Q(assured_date__lt=stale_before()))

    def fresh(self) -> ServiceQuerySet:
        return self.filter(assured_date__gte=stale_before())

    def shared(self) -> ServiceQuerySet:
        """Services of no region: national or provincial, kept by the redactie Vlaanderen."""
        return self.filter(organization__region__isnull=True)

    def in_area(self, *, region_ids: Iterable[int] = (), provinces: Iterable[str] = ()) -> ServiceQuerySet:
        """Services whose werkgebied includes one of these regions or provinces (Flemish ones always)."""
        return self.filter(_area(region_ids, provinces))

    def shown_in(self, region: Region) -> ServiceQuerySet:
        """The services a region shows: those whose werkgebied includes it, and any its own cards and
        lists point to, minus the shared ones it chose not to show (`Region.excluded_services`).

        One indexed subquery per kind of link: joining the link tables and OR-ing across the joins
        made PostgreSQL and SQLite scan every service times every entry.
        """
        referenced = (
            Q(id__in=_model("Entry").objects.filter(section__region=region).values("service_id"))
            | Q(id__in=_model("TierContact").objects.filter(tier__region=region).values("service_id"))
            | Q(id__in=_model("ConsultContact").objects.filter(topic__region=region).values("service_id"))
        )
        return self.filter(_area([region.pk], [region.province]) | referenced).exclude(excluded_by=region)

    def shown_anywhere(self) -> ServiceQuerySet:
        """The services some region shows: `shown_in(region)` for at least one region, its exclusions
        respected (a shared service that every region covering it left out is shown nowhere).

        Each way a region can show a service is an uncorrelated `id IN (...)` that PostgreSQL
        hashes once; correlated subqueries per service row made it estimate a cost high enough to
        JIT-compile the query, which alone took seconds at the 60-zone scale.
        """
        excluded = Region.excluded_services.through.objects

        def excluded_there(region: str, service: str = "service_id") -> Exists:
            """The region at `region` of the surrounding row has excluded the service at `service`."""
            return Exists(excluded.filter(region_id=OuterRef(region), service_id=OuterRef(service)))

        def linked(model: type[models.Model], region: str) -> Q:
            """A row of `model` links the service to a region that did not exclude it."""
            return Q(id__in=model.objects.exclude(excluded_there(region)).values("service_id"))

        def covering(coverage: str, **where) -> Q:
            """A service of this coverage with a region matching `where` that did not exclude it."""
            regions = Region.objects.filter(**where).exclude(excluded_services=OuterRef("pk"))
            return Q(id__in=Service.objects.filter(coverage=coverage).filter(Exists(regions)).values("id"))

        return self.filter(
            covering(Coverage.FLANDERS)
            | covering(Coverage.PROVINCE, province=OuterRef("province"))
            | (Q(coverage=Coverage.REGIONS) & linked(Service.regions.through, "region_id"))
            | linked(_model("Entry"), "section__region_id")
            | linked(_model("TierContact"), "tier__region_id")
            | linked(_model("ConsultContact"), "topic__region_id")
        )


class Service(models.Model):
    """What a partner offers to whom (HSDS service)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="services", verbose_name=_("organisatie")
    )
    key = models.SlugField(
        _("sleutel"), max_length=80, unique=True, help_text=_("Vaste naam voor import en export, bv. caw-onthaal.")
    )
    name = models.CharField(_("naam"), max_length=200, validators=[validate_single_line])
    description = models.TextField(_("wat biedt het, voor wie"), blank=True)
    application_process = models.TextField(_("hoe aanmelden"), blank=True)
    availability = models.CharField(_("bereikbaarheid"), max_length=200, blank=True, help_text=_("bv. 24/7, of di en do 10–12u"))
    is_free = models.BooleanField(_("gratis"), default=False)
    is_anonymous = models.BooleanField(_("anoniem"), default=False)
    is_always_open = models.BooleanField(_("24/7"), default=False)
    channel_phone = models.BooleanField(_("bellen"), default=False)
    channel_chat = models.BooleanField(_("chatten"), default=False)
    channel_email = models.BooleanField(_("mailen"), default=False)
    channel_visit = models.BooleanField(_("langskomen"), default=False)
    age_min_months = models.IntegerField(
        _("leeftijd vanaf (maanden)"),
        null=True,
        blank=True,
        help_text=_("Negatief is voor de geboorte: -9 is begin zwangerschap."),
    )
    age_max_months = models.IntegerField(
        _("leeftijd tot en met (maanden)"), null=True, blank=True, help_text=_("bv. 216 voor 18 jaar, 311 voor ‘tot 25 jaar’.")
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="services", verbose_name=_("thema's"))
    url = URLField(_("website"), blank=True)
    street = models.CharField(_("straat en nummer"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=4, blank=True, validators=[postcode_validator])
    city = models.CharField(_("gemeente"), max_length=80, blank=True)
    coverage = models.CharField(_("werkgebied"), max_length=10, choices=Coverage.choices, default=Coverage.REGIONS)
    province = models.CharField(_("provincie"), max_length=20, choices=Province.choices, blank=True)
    regions = models.ManyToManyField(Region, blank=True, related_name="covered_services", verbose_name=_("eerstelijnszones"))
    roles = models.ManyToManyField(
        "Role",
        blank=True,
        related_name="services",
        verbose_name=_("essentiële rollen"),
        help_text=_("Welke rol(len) deze dienst opneemt in elke zone die hij dekt, bv. VK of CLB."),
    )
    assured_date = models.DateField(_("laatst nagekeken op"), null=True, blank=True)
    assured_by = models.CharField(_("nagekeken door"), max_length=120, blank=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)
    sociale_kaart_id = models.CharField(
        _("id op De Sociale Kaart"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_("Het id van dit aanbod op desocialekaart.be; de kaart linkt dan naar ‘Meer op De Sociale Kaart’."),
    )
    uuid = hsds_id_field()
    # The id of its service_at_location in the API (only a service with an address has one there).
    service_at_location_uuid = DerivedUUIDField(_("HSDS-id van de dienst op zijn adres"), what="service_at_location", unique=True)

    languages = models.CharField(
        _("talen waarin de dienst helpt"),
        max_length=100,
        blank=True,
        validators=[RegexValidator(r"^[a-z]{2,3}( [a-z]{2,3})*$", _("Taalcodes met een spatie ertussen, bv. nl fr en."))],
        help_text=_("ISO 639-1-codes, bv. nl fr en ar. Vul alleen in wat de dienst zelf zegt (bron in de inhoudsbestanden)."),
    )
    languages_complete = models.BooleanField(
        _("talenlijst volledig"),
        default=False,
        help_text=_(
            "Vink aan als een bron zegt dat dit alle talen zijn. Alleen dan toont de contactfiche ‘Helpt ook in’; "
            "anders staat er op de partnerkaart ‘Helpt onder meer in’."
        ),
    )
    translation_checked = models.BooleanField(
        _("vertaling nagekeken"), default=False, help_text=_("Een vlotte lezer van deze taal heeft de vertaling nagekeken.")
    )

    objects = ServiceQuerySet.as_manager()

    # history: registered in partners/translation.py, after its translated fields exist

    class Meta:
        ordering = ["name"]
        verbose_name = _("dienst")
        verbose_name_plural = _("diensten")
        indexes = [models.Index(fields=["coverage", "province"])]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors = {}
        if self.coverage == Coverage.PROVINCE and not self.province:
            errors["province"] = _("Kies de provincie waarin deze dienst werkt.")
        if self.age_min_months is not None and self.age_max_months is not None and self.age_min_months > self.age_max_months:
            errors["age_max_months"] = _("De maximumleeftijd is kleiner dan de minimumleeftijd.")
        if self.age_min_months is not None and self.age_min_months < YOUNGEST_MONTHS:
            errors["age_min_months"] = _("Een zwangerschap begint op -9 maanden; kleiner kan niet.")
        if self.assured_date is not None and self.assured_date > timezone.localdate():
            errors["assured_date"] = _("‘Laatst nagekeken op’ kan niet in de toekomst liggen.")
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str | None:
        """Where the service shows: the first card entry that lists it, else its region's partnerkaart."""
        entry = self.entries.select_related("section__region").order_by("section__region__name", "section__order").first()
        if entry is not None:
            return entry.section.get_absolute_url()
        region = self.organization.region
        return reverse("partnerkaart", args=[region.slug]) if region else None

    @property
    def sociale_kaart_url(self) -> str:
        """This offer on De Sociale Kaart (SOCIALE_KAART_OFFER_URL, with {id}), or "" without an id."""
        if not self.sociale_kaart_id:
            return ""
        return settings.SOCIALE_KAART_OFFER_URL.replace("{id}", quote(self.sociale_kaart_id, safe=""))

    @property
    def is_stale(self) -> bool:
        return self.assured_date is None or self.assured_date < stale_before()

    @property
    def verified_label(self) -> str:
        """ "laatst nagekeken op 3 maart 2025 door An", or "nooit nagekeken"."""
        from django.utils.formats import date_format

        if not self.assured_date:
            return str(_("nooit nagekeken"))
        label = _("laatst nagekeken op %(date)s") % {"date": date_format(self.assured_date, "j F Y")}
        if self.assured_by:
            label += " " + _("door %(name)s") % {"name": self.assured_by}
        return label

    @property
    def address(self) -> str:
        place = " ".join(part for part in (self.postcode, self.city) if part)
        return ", ".join(part for part in (self.street, place) if part)

    @property
    def language_codes(self) -> list[str]:
        """The languages this service helps in (HSDS `languages`), as ISO 639-1 codes."""
        return self.languages.split()

    @property
    def language_names(self) -> list[str]:
        """The languages this service helps in, named in the active language ("Turks", "Farsi")."""
        return [language_name(code) for code in self.language_codes]

    @property
    def channels(self) -> list[str]:
        pairs = [
            (self.channel_phone, _("bellen")),
            (self.channel_chat, _("chatten")),
            (self.channel_email, _("mailen")),
            (self.channel_visit, _("langskomen")),
        ]
        return [label for on, label in pairs if on]


class Phone(models.Model):
    """A phone number of a service (HSDS phone)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="phones", verbose_name=_("dienst"))
    number = PhoneField(_("nummer"))
    label = models.CharField(_("waarvoor"), max_length=120, blank=True, help_text=_("bv. dringende vragen"))
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    uuid = hsds_id_field()

    translation_checked = models.BooleanField(
        _("vertaling nagekeken"), default=False, help_text=_("Een vlotte lezer van deze taal heeft de vertaling nagekeken.")
    )

    # history: registered in partners/translation.py, after its translated fields exist

    objects = CheckedQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("telefoonnummer")
        verbose_name_plural = _("telefoonnummers")

    def __str__(self) -> str:
        return self.display

    def get_absolute_url(self) -> str | None:
        return self.service.get_absolute_url()

    @property
    def display(self) -> str:
        return phones.display(self.number)

    @property
    def href(self) -> str:
        return phones.tel_href(self.number)


class Email(models.Model):
    """An e-mail address of a service."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="emails", verbose_name=_("dienst"))
    address = models.EmailField(_("e-mailadres"))
    label = models.CharField(_("waarvoor"), max_length=120, blank=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    uuid = hsds_id_field()

    objects = CheckedQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("e-mailadres")
        verbose_name_plural = _("e-mailadressen")

    def __str__(self) -> str:
        return self.address

    def get_absolute_url(self) -> str | None:
        return self.service.get_absolute_url()

    def save(self, *args, **kwargs):
        self.address = emails.normalize(self.address)
        super().save(*args, **kwargs)
