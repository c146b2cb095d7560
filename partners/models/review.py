"""Keeping the map true: partners confirm (verification requests, mails), professionals report, staff decide (proposals)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partners.lib import hours, phones
from partners.models.directory import Service
from partners.models.fields import CheckedQuerySet
from partners.models.geography import Region

# -- keeping the map true: partners confirm, professionals report, staff decide ---------------

# The fields of a service a partner may propose to change, in the order the forms show them.
# Phones and e-mails are lists of values (stored numbers, lower-case addresses); the hours are the
# service's own weekly rows (not a phone number's) as the text of the import column `uren`
# ("ma 09:00-17:00; di 10:00-12:00", `partners.lib.hours.format_rows`).
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
    "hours": _("openingsuren"),
    "availability": _("bereikbaarheid"),
    "sociale_kaart_id": _("id op De Sociale Kaart"),  # proposed by the import of De Sociale Kaart
}
LIST_FIELDS = ("phones", "emails")
HOURS_FIELD = "hours"
# The fields that are not an attribute of the service itself: rows of their own, replaced on accept.
RELATED_FIELDS = (*LIST_FIELDS, HOURS_FIELD)


def weekly_rows(service: Service) -> list[tuple]:
    """The service's own weekly rows (day, from, until): those of a phone number are not its hours."""
    return [(row.weekday, row.opens_at, row.closes_at) for row in service.schedules.all() if row.phone_id is None]


def service_values(service: Service) -> dict[str, object]:
    """The current value of every proposable field of a service (phones and e-mails as lists, the
    hours as the text of the column `uren`)."""
    values: dict[str, object] = {name: getattr(service, name) for name in PROPOSAL_FIELDS if name not in RELATED_FIELDS}
    values["phones"] = [phone.number for phone in service.phones.all()]
    values["emails"] = [email.address for email in service.emails.all()]
    values[HOURS_FIELD] = hours.format_rows(weekly_rows(service))
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
    Opening, accepting and rejecting are `partners.content.review`; a decision is final.
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

    objects = CheckedQuerySet.as_manager()

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
            if name == HOURS_FIELD:  # one row per line, as the partner typed them
                now, proposed = _split_rows(now), _split_rows(proposed)
            rows.append(
                {
                    "name": name,
                    "label": label,
                    "current": now,
                    "proposed": proposed,
                    "is_list": name in RELATED_FIELDS,
                    "accepted": name in self.accepted_fields,
                }
            )
        return rows


def _split_rows(text) -> list[str]:
    return [part.strip() for part in str(text or "").split(";") if part.strip()]


class ReportKind(models.TextChoices):
    PHONE = "phone", _("het telefoonnummer")
    EMAIL = "email", _("het e-mailadres")
    WEBSITE = "website", _("de website")
    ADDRESS = "address", _("het adres")
    GONE = "gone", _("de dienst bestaat niet meer")
    OTHER = "other", _("iets anders")
    MISSING = "missing", _("een dienst ontbreekt")  # "Mis je een dienst?": a report without a service


class ReportStatus(models.TextChoices):
    OPEN = "open", _("open")
    RESOLVED = "resolved", _("opgelost")
    DISMISSED = "dismissed", _("niets aan te doen")


class Report(models.Model):
    """ "Klopt er iets niet?": a professional says what is wrong with a contact, or ("Mis je een
    dienst?") names a service the map lacks. Nothing about the reporter, nor about a family, is
    asked or stored.

    `region` is whose editors decide on it: the region that owns the service, or, for a shared
    service and for a missing one, the zone it was sent from (`sent_from`), so that the people who
    know that zone see it. The redactie Vlaanderen sees every report; those about shared services
    are listed on its admin home.
    """

    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("eerstelijnszone"),
        help_text=_(
            "Wiens redactie het nakijkt: de eigenaar van de dienst, of bij een gedeelde dienst de zone waar de melding "
            "vandaan kwam (de redactie Vlaanderen ziet ze ook)."
        ),
    )
    sent_from = models.ForeignKey(
        Region,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gemeld vanuit"),
        help_text=_("De eerstelijnszone op wiens pagina de melder de dienst zag."),
    )
    service = models.ForeignKey(
        Service,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("dienst"),
        help_text=_("Leeg: een melding over een dienst die ontbreekt."),
    )
    kind = models.CharField(_("wat klopt niet"), max_length=10, choices=ReportKind.choices)
    value = models.CharField(_("juiste gegevens (volgens de melder)"), max_length=200, blank=True)
    missing_name = models.CharField(_("naam van de dienst die ontbreekt"), max_length=200, blank=True)
    missing_details = models.TextField(_("wat de dienst doet en waar (volgens de melder)"), blank=True)
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

    objects = CheckedQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        indexes = [models.Index(fields=["region", "status"])]

    def __str__(self) -> str:
        if self.service_id is None:
            return str(_("Ontbreekt: %(name)s") % {"name": self.missing_name})
        return str(_("%(service)s: %(kind)s") % {"service": self.service.name, "kind": self.get_kind_display()})

    @property
    def is_about_shared_service(self) -> bool:
        return self.service_id is not None and self.service.organization.region_id is None


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
