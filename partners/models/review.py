"""Keeping the map true: partners confirm (verification requests, mails), professionals report, staff decide (proposals)."""

from __future__ import annotations

from contextlib import nullcontext

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partners.lib import phones
from partners.lib.acting import on_behalf_of
from partners.models.cards import Card, Entry, Section
from partners.models.directory import Coverage, Email, Organization, Phone, Service
from partners.models.geography import Region

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
