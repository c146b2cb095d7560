"""Opening hours as data: weekly hours and announced closures of a service (HSDS `schedule`).

A `Schedule` row is one weekly interval in Europe/Brussels: a day (HSDS `byday`, MO..SU), an opening
and a closing time; a closing time at or before the opening time means the interval ends the next
day (22:00–02:00). Rows may be limited to a period (`valid_from`, `valid_to`) and may belong to one
phone number when that number's hours differ from the service's. A `Closure` is a period without
any hours (a holiday closure the partner announced). Belgian public holidays are not stored: they
come from the `holidays` library (`partners.lib.hours.belgian_holidays`).

`Service.is_always_open` is the 24/7 flag and wins over any row; `Service.availability` stays the
free-text note for what rows cannot say ("op afspraak").
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partners.lib.text import validate_single_line
from partners.models.directory import Phone, Service
from partners.models.fields import CheckedQuerySet, hsds_id_field


class Weekday(models.TextChoices):
    """HSDS `byday` (RFC 5545) codes, Monday first."""

    MO = "MO", _("maandag")
    TU = "TU", _("dinsdag")
    WE = "WE", _("woensdag")
    TH = "TH", _("donderdag")
    FR = "FR", _("vrijdag")
    SA = "SA", _("zaterdag")
    SU = "SU", _("zondag")


class Schedule(models.Model):
    """One weekly interval when a service (or one of its phone numbers) answers (HSDS schedule)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="schedules", verbose_name=_("dienst"))
    phone = models.ForeignKey(
        Phone,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="schedules",
        verbose_name=_("alleen voor nummer"),
        help_text=_("Leeg: de uren van de dienst. Kies een nummer alleen als dat nummer andere uren heeft."),
    )
    weekday = models.CharField(_("dag"), max_length=2, choices=Weekday.choices)
    # The day's position (MO = 0), stored so that rows sort Monday first everywhere.
    weekday_order = models.PositiveSmallIntegerField(editable=False, default=0)
    opens_at = models.TimeField(_("van"))
    closes_at = models.TimeField(_("tot"), help_text=_("Vroeger dan ‘van’ (bv. 22:00 tot 02:00): tot de volgende dag."))
    valid_from = models.DateField(_("geldig vanaf"), null=True, blank=True)
    valid_to = models.DateField(_("geldig tot en met"), null=True, blank=True)
    description = models.CharField(
        _("toelichting"), max_length=200, blank=True, validators=[validate_single_line], help_text=_("bv. telefonisch consult")
    )
    uuid = hsds_id_field()

    objects = CheckedQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["service", "phone", "weekday_order", "opens_at", "id"]
        verbose_name = _("openingsuur")
        verbose_name_plural = _("openingsuren")

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"

    def clean(self) -> None:
        errors = {}
        if self.opens_at is not None and self.opens_at == self.closes_at:
            errors["closes_at"] = _("‘Van’ en ‘tot’ zijn gelijk. Is de dienst de hele dag open? Zet dan ‘24/7’ aan.")
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = _("‘Geldig tot en met’ ligt voor ‘geldig vanaf’.")
        if self.phone_id and self.service_id and self.phone.service_id != self.service_id:
            errors["phone"] = _("Dit nummer hoort bij een andere dienst.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.weekday_order = list(Weekday.values).index(self.weekday) if self.weekday in Weekday.values else 0
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str | None:
        return self.service.get_absolute_url()


class Closure(models.Model):
    """A period in which a service does not answer at all (an announced closure)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="closures", verbose_name=_("dienst"))
    starts_on = models.DateField(_("gesloten vanaf"))
    ends_on = models.DateField(_("gesloten tot en met"))
    description = models.CharField(
        _("reden"), max_length=200, blank=True, validators=[validate_single_line], help_text=_("bv. zomersluiting")
    )

    objects = CheckedQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["service", "starts_on", "id"]
        verbose_name = _("sluiting")
        verbose_name_plural = _("sluitingen")

    def __str__(self) -> str:
        return f"{self.starts_on:%d/%m/%Y}–{self.ends_on:%d/%m/%Y}"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("‘Gesloten tot en met’ ligt voor ‘gesloten vanaf’.")})

    def get_absolute_url(self) -> str | None:
        return self.service.get_absolute_url()
