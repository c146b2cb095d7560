"""What a region shows: the partnerkaart's sections and entries, the urgency tiers, the consult topics, resources, factor lists and the five steps."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partners.models.directory import Service, Theme
from partners.models.fields import CheckedQuerySet, URLField, template_hash_field
from partners.models.geography import Region


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
    template_hash = template_hash_field()

    translation_checked = models.BooleanField(
        _("vertaling nagekeken"), default=False, help_text=_("Een vlotte lezer van deze taal heeft de vertaling nagekeken.")
    )

    # history: registered in partners/translation.py, after its translated fields exist

    objects = CheckedQuerySet.as_manager()

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
    template_hash = template_hash_field()

    translation_checked = models.BooleanField(
        _("vertaling nagekeken"), default=False, help_text=_("Een vlotte lezer van deze taal heeft de vertaling nagekeken.")
    )

    # history: registered in partners/translation.py, after its translated fields exist

    objects = CheckedQuerySet.as_manager()

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
    template_hash = template_hash_field()

    objects = CheckedQuerySet.as_manager()

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
    template_hash = template_hash_field()

    objects = CheckedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return str(self.service)


class TierContact(ContactLine):
    """A contact of a tier; with a theme, only for a situation with that theme (e.g. Zelfmoordlijn 1813 when acute)."""

    tier = models.ForeignKey(UrgencyTier, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("urgentieniveau"))
    theme = models.ForeignKey(
        Theme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("alleen bij thema"),
        help_text=_("Leeg: bij elke situatie. Met een thema: alleen als de professional dat thema koos."),
    )

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
    template_hash = template_hash_field()

    objects = CheckedQuerySet.as_manager()

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
    template_hash = template_hash_field()

    objects = CheckedQuerySet.as_manager()

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
    template_hash = template_hash_field()

    objects = CheckedQuerySet.as_manager()

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
    template_hash = template_hash_field()

    objects = CheckedQuerySet.as_manager()

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
    template_hash = template_hash_field()

    objects = CheckedQuerySet.as_manager()

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
