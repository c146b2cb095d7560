"""The directory: regions (ELZ), organisations, services and the cards and lists built from them.

Names follow Open Referral HSDS where they fit (organization, service, phone, email,
application_process, assured_date), so that an export to HSDS stays a mapping, not a rewrite.
Every record knows its region: directly (`region`), through its section, tier or topic, or through
its organisation (`Organization.region`; empty for shared national or provincial records).
"""

from __future__ import annotations

import calendar
import uuid
from collections.abc import Iterable
from contextlib import nullcontext
from datetime import date
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partners.lib import phones
from partners.lib.acting import on_behalf_of
from partners.lib.ages import YOUNGEST_MONTHS
from partners.lib.languages import language_name


def hsds_id_field() -> models.UUIDField:
    """The stable Open Referral HSDS id of a record: made once, never derived from a key that can change."""
    return models.UUIDField(_("HSDS-id"), default=uuid.uuid4, unique=True, editable=False)


postcode_validator = RegexValidator(r"^[1-9][0-9]{3}$", _("Een postcode heeft vier cijfers, bv. 3000."))


class URLField(models.URLField):
    """A URL field whose form assumes https:// when people type "www.example.be".

    Only http and https: the value becomes a link on public pages and in PDFs, so `javascript:`,
    `file:`, `data:` and the like are refused by the model (forms, imports and the loader).
    """

    default_validators = [
        URLValidator(schemes=["http", "https"], message=_("Geef een webadres dat begint met http:// of https://."))
    ]

    def formfield(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        return super().formfield(**kwargs)


class Province(models.TextChoices):
    ANTWERPEN = "antwerpen", "Antwerpen"
    LIMBURG = "limburg", "Limburg"
    OOST_VLAANDEREN = "oost-vlaanderen", "Oost-Vlaanderen"
    VLAAMS_BRABANT = "vlaams-brabant", "Vlaams-Brabant"
    WEST_VLAANDEREN = "west-vlaanderen", "West-Vlaanderen"
    BRUSSEL = "brussel", "Brussel"


class Theme(models.Model):
    """What a worry can be about. The slug is part of the public URLs."""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("naam"), max_length=100)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    uuid = hsds_id_field()

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")

    def __str__(self) -> str:
        return self.name


class RegionQuerySet(models.QuerySet):
    def showing(self, service_ids: Iterable[int]) -> RegionQuerySet:
        """The regions that show any of these services: the inverse of `Service.objects.shown_in`.

        (A region that excluded a service is included: for "which regions must refresh", more is harmless.)
        """
        service_ids = list(service_ids)
        areas = list(Service.objects.filter(id__in=service_ids).values_list("coverage", "province").distinct())
        if any(coverage == Coverage.FLANDERS for coverage, _province in areas):
            return self.all()
        q = (
            Q(pk__in=Service.regions.through.objects.filter(service_id__in=service_ids).values("region_id"))
            | Q(pk__in=Entry.objects.filter(service_id__in=service_ids).values("section__region_id"))
            | Q(pk__in=TierContact.objects.filter(service_id__in=service_ids).values("tier__region_id"))
            | Q(pk__in=ConsultContact.objects.filter(service_id__in=service_ids).values("topic__region_id"))
        )
        provinces = [province for coverage, province in areas if coverage == Coverage.PROVINCE]
        if provinces:
            q |= Q(province__in=provinces)
        return self.filter(q)


class Region(models.Model):
    """An eerstelijnszone (ELZ): the unit that owns a wegwijzer."""

    name = models.CharField(_("naam"), max_length=120, unique=True)
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

    class Meta:
        ordering = ["code"]
        verbose_name = _("postcode")
        verbose_name_plural = _("postcodes")
        constraints = [models.UniqueConstraint(fields=["code", "municipality"], name="unique_postcode_municipality")]

    def __str__(self) -> str:
        return f"{self.code} {self.municipality.name_nl}"


class Locality(models.Model):
    """A deelgemeente (Kessel-Lo, Heverlee…) with its postcode, so that people find their ELZ by that name too."""

    name = models.CharField(_("naam"), max_length=80)
    postcode = models.CharField(_("postcode"), max_length=4, validators=[postcode_validator])
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="localities", verbose_name=_("gemeente")
    )
    zone = models.ForeignKey(
        "Zone",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("zone"),
        help_text=_("Alleen in een gemeente die over meer zones verdeeld is (Antwerpen): de zone van deze deelgemeente."),
    )
    search = models.CharField(max_length=200, editable=False, db_index=True)

    class Meta:
        ordering = ["postcode", "name"]
        verbose_name = _("deelgemeente")
        verbose_name_plural = _("deelgemeenten")
        constraints = [models.UniqueConstraint(fields=["name", "postcode"], name="unique_locality_postcode")]

    def __str__(self) -> str:
        return f"{self.postcode} {self.name}"


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

    class Meta:
        ordering = ["name"]
        verbose_name = _("zone (referentie)")
        verbose_name_plural = _("zones (referentie)")

    def __str__(self) -> str:
        return self.name


class Organization(models.Model):
    """An organisation that offers one or more services (HSDS organization)."""

    name = models.CharField(_("naam"), max_length=200)
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


class Coverage(models.TextChoices):
    REGIONS = "regions", _("Bepaalde eerstelijnszones")
    PROVINCE = "province", _("Een provincie")
    FLANDERS = "flanders", _("Heel Vlaanderen en Brussel")


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


class ServiceQuerySet(models.QuerySet):
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
            Q(id__in=Entry.objects.filter(section__region=region).values("service_id"))
            | Q(id__in=TierContact.objects.filter(tier__region=region).values("service_id"))
            | Q(id__in=ConsultContact.objects.filter(topic__region=region).values("service_id"))
        )
        return self.filter(_area([region.pk], [region.province]) | referenced).exclude(excluded_by=region)


class Service(models.Model):
    """What a partner offers to whom (HSDS service)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="services", verbose_name=_("organisatie")
    )
    key = models.SlugField(
        _("sleutel"), max_length=80, unique=True, help_text=_("Vaste naam voor import en export, bv. caw-onthaal.")
    )
    name = models.CharField(_("naam"), max_length=200)
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

    languages = models.CharField(
        _("talen waarin de dienst helpt"),
        max_length=100,
        blank=True,
        validators=[RegexValidator(r"^[a-z]{2,3}( [a-z]{2,3})*$", _("Taalcodes met een spatie ertussen, bv. nl fr en."))],
        help_text=_("ISO 639-1-codes, bv. nl fr en ar. Vul alleen in wat de dienst zelf zegt (bron in de inhoudsbestanden)."),
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


class PhoneField(models.CharField):
    """A Belgian phone number: whatever people type, stored as E.164 (or the digits of a short number)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in (None, ""):
            return value
        return phones.normalize(value)

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if value:
            value = phones.normalize(value)
            setattr(model_instance, self.attname, value)
        return value


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
        self.address = self.address.strip().lower()
        super().save(*args, **kwargs)


class Card(models.TextChoices):
    PARTNERKAART = "partnerkaart", _("Partnerkaart")
    CONTACTFICHE = "contactfiche", _("Contactfiche voor inwoners")


class Section(models.Model):
    """A section of a region's partnerkaart or contactfiche."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="sections", verbose_name=_("eerstelijnszone"))
    card = models.CharField(_("kaart"), max_length=20, choices=Card.choices)
    slug = models.SlugField(_("slug"))
    title = models.CharField(_("titel"), max_length=200)
    intro = models.TextField(_("introtekst"), blank=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    translation_checked = models.BooleanField(
        _("vertaling nagekeken"), default=False, help_text=_("Een vlotte lezer van deze taal heeft de vertaling nagekeken.")
    )

    # history: registered in partners/translation.py, after its translated fields exist

    class Meta:
        ordering = ["region", "card", "order"]
        verbose_name = _("rubriek")
        verbose_name_plural = _("rubrieken")
        constraints = [models.UniqueConstraint(fields=["region", "card", "slug"], name="unique_section_slug")]

    def __str__(self) -> str:
        return f"{self.get_card_display()}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse(self.card, args=[self.region.slug]) + f"#{self.slug}"


class Entry(models.Model):
    """A line on a card: a service, a heading that groups sub-entries, or a text without contact."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="entries", verbose_name=_("rubriek"))
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children", verbose_name=_("onder")
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, null=True, blank=True, related_name="entries", verbose_name=_("dienst")
    )
    title = models.CharField(_("titel"), max_length=200, blank=True, help_text=_("Leeg: de naam van de dienst."))
    description = models.TextField(
        _("omschrijving op deze kaart"), blank=True, help_text=_("Leeg: de omschrijving van de dienst.")
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    translation_checked = models.BooleanField(
        _("vertaling nagekeken"), default=False, help_text=_("Een vlotte lezer van deze taal heeft de vertaling nagekeken.")
    )

    # history: registered in partners/translation.py, after its translated fields exist

    class Meta:
        ordering = ["section", "order", "id"]
        verbose_name = _("regel")
        verbose_name_plural = _("regels")

    def __str__(self) -> str:
        return self.display_title

    def get_absolute_url(self) -> str:
        return self.section.get_absolute_url()

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if not self.service_id and not self.title:
            raise ValidationError(_("Kies een dienst of vul een titel in."))
        if self.parent_id and self.parent.parent_id:
            raise ValidationError({"parent": _("Een regel kan maar één niveau diep onder een andere staan.")})
        if self.parent_id and self.parent.section_id != self.section_id:
            raise ValidationError({"parent": _("De bovenliggende regel staat in een andere rubriek.")})

    @property
    def display_title(self) -> str:
        return self.title or (self.service.name if self.service_id else "")

    @property
    def display_description(self) -> str:
        if self.description:
            return self.description
        return self.service.description if self.service_id else ""


class TierSlug(models.TextChoices):
    ACUUT = "acuut", _("Acuut")
    ONDERSTEUNING = "ondersteuning", _("Nood aan ondersteuning")
    GEEN_ACTIE = "geen-actie", _("Geen actie nodig")


class UrgencyTier(models.Model):
    """One of the three urgency tiers of step 3, with its criteria and ordered contacts."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="tiers", verbose_name=_("eerstelijnszone"))
    slug = models.CharField(_("soort"), max_length=20, choices=TierSlug.choices)
    name = models.CharField(_("naam"), max_length=120)
    criteria = models.TextField(_("wanneer"))
    guidance = models.TextField(_("wat doe je"), blank=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["region", "order"]
        verbose_name = _("urgentieniveau")
        verbose_name_plural = _("urgentieniveaus")
        constraints = [models.UniqueConstraint(fields=["region", "slug"], name="unique_tier_per_region")]

    def __str__(self) -> str:
        return f"{self.region}: {self.name}"

    def get_absolute_url(self) -> str:
        if self.slug == TierSlug.ACUUT:
            return reverse("acute", args=[self.region.slug])
        return reverse("step", args=[self.region.slug, StepKey.ACTIE]) + "?" + urlencode({"urgentie": self.slug})


class ContactLine(models.Model):
    """A service listed under a tier or a consult topic, with an optional note on what for."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, verbose_name=_("dienst"))
    note = models.CharField(_("waarvoor"), max_length=250, blank=True, help_text=_("Leeg: de omschrijving van de dienst."))
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return str(self.service)


class TierContact(ContactLine):
    tier = models.ForeignKey(UrgencyTier, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("urgentieniveau"))

    history = HistoricalRecords()

    class Meta(ContactLine.Meta):
        verbose_name = _("contact bij urgentie")
        verbose_name_plural = _("contacten bij urgentie")

    def get_absolute_url(self) -> str:
        return self.tier.get_absolute_url()


class ConsultTopic(models.Model):
    """ "Consulteer over …": a theme and the consult desks for it."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="consult_topics", verbose_name=_("eerstelijnszone"))
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, verbose_name=_("thema"))
    title = models.CharField(_("titel"), max_length=200)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["region", "order"]
        verbose_name = _("consultonderwerp")
        verbose_name_plural = _("consultonderwerpen")
        constraints = [models.UniqueConstraint(fields=["region", "theme"], name="unique_consult_topic_theme")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("step", args=[self.region.slug, StepKey.BESPREEK]) + "?" + urlencode({"thema": self.theme.slug})


class ConsultContact(ContactLine):
    topic = models.ForeignKey(ConsultTopic, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("consultonderwerp"))

    history = HistoricalRecords()

    class Meta(ContactLine.Meta):
        verbose_name = _("consultcontact")
        verbose_name_plural = _("consultcontacten")

    def get_absolute_url(self) -> str:
        return self.topic.get_absolute_url()


class ResourceKind(models.TextChoices):
    TIP = "tip", _("Gesprekstips en achtergrond")
    SIGNAL_LIST = "signal_list", _("Signalenlijst")
    METHOD = "method", _("Methodiek")
    REGISTRATION = "registration", _("Registratie en afstemming")
    DIRECTORY = "directory", _("Sociale kaart of zoekwijzer")


class Resource(models.Model):
    """A tool a professional can open: a signal list, conversation tips, a method, a directory."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="resources", verbose_name=_("eerstelijnszone"))
    key = models.SlugField(_("sleutel"), max_length=80)
    kind = models.CharField(_("soort"), max_length=20, choices=ResourceKind.choices)
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    url = URLField(_("webadres"), blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="resources", verbose_name=_("thema's"))
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children", verbose_name=_("onderdeel van")
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    history = HistoricalRecords(m2m_fields=[themes])

    class Meta:
        ordering = ["region", "kind", "order"]
        verbose_name = _("hulpmiddel")
        verbose_name_plural = _("hulpmiddelen")
        constraints = [models.UniqueConstraint(fields=["region", "key"], name="unique_resource_key")]

    def __str__(self) -> str:
        return self.title


class FactorList(models.Model):
    """A reference list of factors: ingrijpende jeugdervaringen (ACEs) or beschermende factoren (PACEs)."""

    class Key(models.TextChoices):
        ACES = "aces", _("Ingrijpende jeugdervaringen (ACE's)")
        PACES = "paces", _("Beschermende factoren (PACE's)")

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="factor_lists", verbose_name=_("eerstelijnszone"))
    key = models.CharField(_("soort"), max_length=10, choices=Key.choices)
    title = models.CharField(_("titel"), max_length=200)
    intro = models.TextField(_("introtekst"), blank=True)
    url = URLField(_("meer info"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["region", "key"]
        verbose_name = _("lijst met factoren")
        verbose_name_plural = _("lijsten met factoren")
        constraints = [models.UniqueConstraint(fields=["region", "key"], name="unique_factor_list")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("step_start", args=[self.region.slug])


class Factor(models.Model):
    factor_list = models.ForeignKey(FactorList, on_delete=models.CASCADE, related_name="factors", verbose_name=_("lijst"))
    text = models.CharField(_("tekst"), max_length=250)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("factor")
        verbose_name_plural = _("factoren")

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        return self.factor_list.get_absolute_url()


class StepKey(models.TextChoices):
    OBSERVEER = "observeer", _("Ik observeer")
    BESPREEK = "bespreek", _("Bespreek en schat in")
    URGENTIE = "urgentie", _("Hoe dringend?")
    ACTIE = "actie", _("Gepaste actie")
    REGISTREER = "registreer", _("Ik registreer")


class Step(models.Model):
    """The texts of one step of the step plan, per region."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="steps", verbose_name=_("eerstelijnszone"))
    key = models.CharField(_("stap"), max_length=20, choices=StepKey.choices)
    title = models.CharField(_("titel"), max_length=200)
    intro = models.TextField(_("introtekst"), blank=True)
    body = models.TextField(_("tekst"), blank=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["region", "order"]
        verbose_name = _("stap")
        verbose_name_plural = _("stappen")
        constraints = [models.UniqueConstraint(fields=["region", "key"], name="unique_step_per_region")]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("step", args=[self.region.slug, self.key])


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


# -- keeping the map true: partners confirm, professionals report, staff decide ---------------

# The fields of a service a partner may propose to change, in the order the forms show them.
# Phones and e-mails are lists of values (stored numbers, lower-case addresses).
PROPOSAL_FIELDS: dict[str, str] = {
    "name": _("naam"),
    "description": _("wat biedt het, voor wie"),
    "phones": _("telefoonnummers"),
    "emails": _("e-mailadressen"),
    "url": _("website"),
    "street": _("straat en nummer"),
    "postcode": _("postcode"),
    "city": _("gemeente"),
    "application_process": _("hoe aanmelden"),
    "availability": _("bereikbaarheid"),
    "sociale_kaart_id": _("id op De Sociale Kaart"),  # proposed by the import of De Sociale Kaart
}
LIST_FIELDS = ("phones", "emails")


def service_values(service: Service) -> dict[str, object]:
    """The current value of every proposable field of a service (phones and e-mails as lists)."""
    values: dict[str, object] = {name: getattr(service, name) for name in PROPOSAL_FIELDS if name not in LIST_FIELDS}
    values["phones"] = [phone.number for phone in service.phones.all()]
    values["emails"] = [email.address for email in service.emails.all()]
    return values


class ProposalSource(models.TextChoices):
    PARTNER = "partner", _("de partner zelf (via de link)")
    SOCIALE_KAART = "sociale_kaart", _("De Sociale Kaart")


class ProposalStatus(models.TextChoices):
    OPEN = "open", _("te beoordelen")
    ACCEPTED = "accepted", _("aanvaard")
    PARTLY = "partly", _("deels aanvaard")
    REJECTED = "rejected", _("afgewezen")


class Proposal(models.Model):
    """A proposed change to a service (or a proposed new service), waiting for the region's staff.

    Nothing in a proposal is shown publicly until staff accept it: accepting writes the chosen
    fields to the service through its normal save, so the service's history records the change.
    """

    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("eerstelijnszone"),
        help_text=_("Wiens redactie beslist; leeg voor een gedeelde dienst (redactie Vlaanderen)."),
    )
    service = models.ForeignKey(
        Service,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("dienst"),
        help_text=_("Leeg: een voorstel voor een nieuwe dienst."),
    )
    source = models.CharField(_("bron"), max_length=20, choices=ProposalSource.choices)
    changes = models.JSONField(_("voorgestelde waarden"), default=dict)
    status = models.CharField(_("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.OPEN)
    accepted_fields = models.JSONField(_("overgenomen velden"), default=list, blank=True)
    note = models.TextField(
        _("opmerking van de import"),
        blank=True,
        help_text=_("Wat de import zag: waaraan de dienst herkend is, wat niet te lezen was."),
    )
    created_at = models.DateTimeField(_("ingediend op"), default=timezone.now)
    decided_at = models.DateTimeField(_("beslist op"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beslist door"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("voorstel tot wijziging")
        verbose_name_plural = _("voorstellen tot wijziging")
        indexes = [models.Index(fields=["region", "status"])]

    def __str__(self) -> str:
        what = self.service.name if self.service_id else self.changes.get("name", _("nieuwe dienst"))
        return str(_("Voorstel voor %(what)s") % {"what": what})

    @property
    def is_open(self) -> bool:
        return self.status == ProposalStatus.OPEN

    def rows(self) -> list[dict]:
        """Field by field: label, current value, proposed value (lists shown one per line)."""
        current = service_values(self.service) if self.service_id else {}
        rows = []
        for name, label in PROPOSAL_FIELDS.items():
            if name not in self.changes:
                continue
            now, proposed = current.get(name, ""), self.changes[name]
            if name == "phones":
                now, proposed = [phones.display(n) for n in now or []], [phones.display(n) for n in proposed]
            rows.append(
                {
                    "name": name,
                    "label": label,
                    "current": now,
                    "proposed": proposed,
                    "is_list": name in LIST_FIELDS,
                    "accepted": name in self.accepted_fields,
                }
            )
        return rows

    def accept(self, fields: list[str] | None, user, *, section: Section | None = None) -> Service:
        """Write the chosen fields (all when None) to the service, or make the new service, and close
        the proposal. The one accept path: the review screen calls it for partners' proposals and
        De Sociale Kaart's alike.

        Every write is a model save, so simple-history records it (with `user` and a reason) and
        the staff write guard (`partners.staff.guard`, on every save) checks it for the user of
        the request. A new service belongs to the proposal's region, covers only that region and
        goes on `section` of its partnerkaart when given. Raises ValidationError (nothing is
        written) when a value is no longer valid, and ValueError for a proposal that is not open.
        """
        from django.core.exceptions import ValidationError
        from django.db import transaction

        if not self.is_open:
            raise ValueError("This proposal was already decided.")
        chosen = [name for name in PROPOSAL_FIELDS if name in self.changes and (fields is None or name in fields)]
        if not chosen:
            raise ValidationError(_("Kies minstens één veld om over te nemen, of wijs het voorstel af."))
        if section is not None and (section.region_id != self.region_id or section.card != Card.PARTNERKAART):
            raise ValidationError(_("Die rubriek hoort niet bij de partnerkaart van deze eerstelijnszone."))
        reason = str(_("Voorstel van %(source)s aanvaard") % {"source": self.get_source_display()})
        with transaction.atomic():
            if self.service_id:
                service = Service.objects.select_for_update().get(pk=self.service_id)
            else:
                service = self._new_service(chosen, user, reason)
            for name in chosen:
                if name not in LIST_FIELDS:
                    setattr(service, name, self.changes[name])
            if self.source == ProposalSource.PARTNER:
                service.assured_date = timezone.localdate()
                service.assured_by = str(_("de partner"))
            if service.sociale_kaart_id and "sociale_kaart_id" in chosen:
                if Service.objects.filter(sociale_kaart_id=service.sociale_kaart_id).exclude(pk=service.pk).exists():
                    raise ValidationError(_("Dit aanbod van De Sociale Kaart staat al bij een andere dienst."))
            service.full_clean(exclude=["organization", "regions", "themes"])
            # A partner verified its own entry: the write guard lets an editor set the verification
            # only to "today, by me", so this one save is the partner's. Which proposals an editor
            # may accept is the admin's scope (the proposal's region).
            with on_behalf_of("partner") if self.source == ProposalSource.PARTNER else nullcontext():
                _save_with_history(service, user, reason)
            if self.service_id is None:
                service.regions.add(self.region)
            try:
                if "phones" in chosen:
                    numbers = [phones.normalize(n) for n in self.changes["phones"]]
                    _replace_lines(service.phones.all(), Phone, service, "number", numbers, user, reason)
                if "emails" in chosen:
                    addresses = [a.strip().lower() for a in self.changes["emails"]]
                    _replace_lines(service.emails.all(), Email, service, "address", addresses, user, reason)
            except (TypeError, AttributeError):
                raise ValidationError(_("Het voorstel is beschadigd: een lijst met tekst verwacht.")) from None
            if section is not None and not section.entries.filter(service=service).exists():
                last = section.entries.order_by("-order").values_list("order", flat=True).first() or 0
                _save_with_history(Entry(section=section, service=service, order=last + 1), user, reason)
            if self.service_id is None:
                self.service = service
            all_fields = set(chosen) == {name for name in self.changes if name in PROPOSAL_FIELDS}
            self.status = ProposalStatus.ACCEPTED if all_fields else ProposalStatus.PARTLY
            self.accepted_fields = chosen
            self.decided_at, self.decided_by = timezone.now(), user
            self.save()
        return service

    def _new_service(self, chosen: list[str], user, reason: str) -> Service:
        """The organisation (found or made, in the proposal's region) and an unsaved service for a new one."""
        from django.core.exceptions import ValidationError
        from django.utils.text import slugify

        name = self.changes.get("name")
        if "name" not in chosen or not isinstance(name, str) or not name.strip():
            raise ValidationError(_("Een nieuwe dienst heeft een naam nodig: neem de naam over."))
        if self.region_id is None:
            raise ValidationError(_("Een nieuwe gedeelde dienst maakt de redactie Vlaanderen via ‘Dienst toevoegen’."))
        name = name.strip()
        organization = Organization.objects.filter(name=name, region=self.region).first()
        if organization is None:
            organization = Organization(name=name, region=self.region)
            organization.full_clean(validate_unique=False)
            _save_with_history(organization, user, reason)
        base = slugify(f"{self.region.slug}-{name}")[:70] or "dienst"
        key, n = base, 1
        while Service.objects.filter(key=key).exists():
            n += 1
            key = f"{base}-{n}"
        return Service(organization=organization, key=key, coverage=Coverage.REGIONS)

    def reject(self, user) -> None:
        if not self.is_open:
            raise ValueError("This proposal was already decided.")
        self.status = ProposalStatus.REJECTED
        self.decided_at, self.decided_by = timezone.now(), user
        self.save()


def _save_with_history(obj: models.Model, user, reason: str) -> None:
    """Save with `user` and `reason` in the history record (in a request, simple-history would
    take the request's user; outside one, e.g. a test or a command, this names the reviewer)."""
    if user is not None:
        obj._history_user = user
    obj._change_reason = reason
    obj.save()


def _replace_lines(current, model, service: Service, attribute: str, wanted: list[str], user=None, reason: str = "") -> None:
    """Make a service's phones (or e-mails) the `wanted` values, in order, keeping the labels of
    those that stay. One save or delete per line, so each keeps its own history."""
    existing = {getattr(line, attribute): line for line in current}
    for line in existing.values():
        if getattr(line, attribute) not in wanted:
            line._change_reason = reason
            line.delete()
    for order, value in enumerate(dict.fromkeys(wanted), start=1):
        line = existing.get(value) or model(service=service, **{attribute: value})
        if line.pk is None or line.order != order:
            line.order = order
            line.full_clean(exclude=["service"])
            _save_with_history(line, user, reason)


class ReportKind(models.TextChoices):
    PHONE = "phone", _("het telefoonnummer")
    EMAIL = "email", _("het e-mailadres")
    WEBSITE = "website", _("de website")
    ADDRESS = "address", _("het adres")
    GONE = "gone", _("de dienst bestaat niet meer")
    OTHER = "other", _("iets anders")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("open")
    RESOLVED = "resolved", _("opgelost")
    DISMISSED = "dismissed", _("niets aan te doen")


class Report(models.Model):
    """ "Klopt er iets niet?": a professional says what is wrong with a contact. Nothing about
    the reporter, nor about a family, is asked or stored."""

    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("eerstelijnszone"),
        help_text=_("Wiens redactie het nakijkt; leeg voor een gedeelde dienst (redactie Vlaanderen)."),
    )
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="reports", verbose_name=_("dienst"))
    kind = models.CharField(_("wat klopt niet"), max_length=10, choices=ReportKind.choices)
    value = models.CharField(_("juiste gegevens (volgens de melder)"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("gemeld op"), default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN)
    fixed_by = models.ForeignKey(
        "partners.HistoricalService",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_constraint=False,  # history may be pruned; the report stays
        related_name="+",
        verbose_name=_("opgelost met de wijziging"),
    )
    resolved_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("afgehandeld door"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        indexes = [models.Index(fields=["region", "status"])]

    def __str__(self) -> str:
        return str(_("%(service)s: %(kind)s") % {"service": self.service.name, "kind": self.get_kind_display()})


class VerificationRequest(models.Model):
    """One signed link sent to a service to confirm or correct its entry; usable once, until it expires."""

    class Outcome(models.TextChoices):
        CONFIRMED = "confirmed", _("alles klopt")
        PROPOSAL = "proposal", _("voorstel tot wijziging")

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="verification_requests")
    email = models.EmailField(_("gestuurd naar"))
    nonce = models.CharField(max_length=32)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("geldig tot"))
    last_sent_at = models.DateTimeField(null=True, blank=True)
    mails_sent = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(_("gebruikt op"), null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)

    class Meta:
        verbose_name = _("vraag om na te kijken")
        verbose_name_plural = _("vragen om na te kijken")
        indexes = [models.Index(fields=["service", "used_at"])]

    SALT = "wegwijzer.verification"

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.expires_at > timezone.now()

    @property
    def token(self) -> str:
        """The signed part of the link: which request, and its secret nonce."""
        from django.core import signing

        return signing.dumps([self.pk, self.nonce], salt=self.SALT, compress=False)

    @classmethod
    def from_token(cls, token: str) -> VerificationRequest | None:
        """The request a link stands for, or None when the link was altered or never existed."""
        from django.core import signing

        try:
            pk, nonce = signing.loads(token, salt=cls.SALT)
        except (signing.BadSignature, ValueError, TypeError):
            return None
        if not isinstance(pk, int) or not isinstance(nonce, str):
            return None
        return cls.objects.select_related("service__organization__region").filter(pk=pk, nonce=nonce).first()

    def get_absolute_url(self) -> str:
        return reverse("verify", args=[self.token])


class MailLog(models.Model):
    """Every mail the app tried to send, with what happened, so staff see what bounced or failed."""

    class Status(models.TextChoices):
        SENT = "sent", _("verstuurd")
        FAILED = "failed", _("niet verstuurd")
        BOUNCED = "bounced", _("geweigerd door de ontvanger")

    to = models.EmailField(_("aan"))
    subject = models.CharField(_("onderwerp"), max_length=200)
    kind = models.CharField(_("soort"), max_length=30)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    error = models.TextField(_("fout"), blank=True)
    service = models.ForeignKey(Service, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("op"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("verstuurde mail")
        verbose_name_plural = _("verstuurde mails")
        indexes = [models.Index(fields=["to", "created_at"])]


# -- who owns a record -----------------------------------------------------------------------

# model -> lookup from a record to the region that owns it ("" for a region itself).
REGION_PATHS: dict[type[models.Model], str] = {
    Region: "",
    Organization: "region",
    Service: "organization__region",
    Phone: "service__organization__region",
    Email: "service__organization__region",
    Section: "region",
    Entry: "section__region",
    UrgencyTier: "region",
    TierContact: "tier__region",
    ConsultTopic: "region",
    ConsultContact: "topic__region",
    Resource: "region",
    FactorList: "region",
    Factor: "factor_list__region",
    Step: "region",
    Proposal: "region",
    Report: "region",
}


def _follow(obj: models.Model, name: str) -> models.Model | None:
    """obj.<name>, also when the related record was deleted since (then from its history)."""
    try:
        return getattr(obj, name)
    except ObjectDoesNotExist:
        field = obj._meta.get_field(name)
        pk = getattr(obj, field.attname)
        history = getattr(field.related_model, "history", None)
        if history is None:
            return None
        record = history.filter(**{field.related_model._meta.pk.attname: pk}).order_by("-history_date").first()
        return record.instance if record else None


def region_id_of(obj: models.Model) -> int | None:
    """The id of the region that owns `obj`, or None for a shared record.

    Works on unsaved records (the region they would get) and on records rebuilt from history.
    """
    path = REGION_PATHS.get(type(obj))
    if path is None:
        return None
    if path == "":
        return obj.pk
    *steps, last = path.split("__")
    for step in steps:
        if getattr(obj, obj._meta.get_field(step).attname) is None:
            return None
        obj = _follow(obj, step)
        if obj is None:
            return None
    return getattr(obj, obj._meta.get_field(last).attname)
