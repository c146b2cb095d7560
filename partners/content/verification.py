"""Partners confirm their own entry: who is due for a mail, the mail itself, and a log of every send.

`request_verifications()` (the `request_verifications` command, run daily by a timer) mails every
service that is stale (not verified within WEGWIJZER_STALE_AFTER_MONTHS) and has an e-mail
address. Each mail carries one signed link per service (`VerificationRequest.token`), valid
WEGWIJZER_VERIFY_LINK_DAYS days and usable once. An unused link is mailed again after
WEGWIJZER_VERIFY_REMINDER_DAYS, and no address gets more than WEGWIJZER_VERIFY_MAILS_PER_YEAR of
these mails in 365 days. Every attempt is a `MailLog` row, so a failed send shows on the dashboard.

No record can stop the run: a subject is always one line (a name with a line break, written around
the model's validation, would make the mail library refuse the header), and whatever goes wrong
with one service's mail (rendering, the address, the server) is logged as failed for that service
while the run goes on with the next one and reports what was sent and what failed.
"""

from __future__ import annotations

import logging
import secrets
import smtplib
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Count, Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from partners.lib.text import one_line
from partners.models import Email, MailLog, Service, VerificationRequest, region_id_of

logger = logging.getLogger(__name__)


def send_logged(
    *, subject: str, body: str, to: str, kind: str, service: Service | None = None, now: datetime | None = None
) -> MailLog:
    """Send one plain-text mail through Django's mail API and record what happened.

    A recipient the server refuses counts as bounced; any other failure (server down, timeout,
    authentication) as failed. Neither raises: the caller goes on with the next mail.
    """
    subject = one_line(subject)
    log = MailLog(to=to[:254], subject=subject[:200], kind=kind, service=service, created_at=now or timezone.now())
    if service is not None:
        log.region_id = region_id_of(service)
    try:
        EmailMessage(subject=subject, body=body, to=[to]).send()
    except smtplib.SMTPRecipientsRefused as exc:
        log.status, log.error = MailLog.Status.BOUNCED, _describe(exc)
    except Exception as exc:  # noqa: BLE001 - server down, a refused header, a bad address: logged, the run goes on
        log.status, log.error = MailLog.Status.FAILED, _describe(exc)
    else:
        log.status = MailLog.Status.SENT
    if log.status != MailLog.Status.SENT:
        logger.warning("Mail %s to service %s not delivered: %s", kind, service.pk if service else "-", log.error)
    log.save()
    return log


def _describe(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "; ".join(f"{code} {message.decode(errors='replace')}" for code, message in exc.recipients.values())[:1000]
    return f"{type(exc).__name__}: {exc}"[:1000]


@dataclass
class Summary:
    sent: list[str] = field(default_factory=list)
    reminded: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    over_limit: list[str] = field(default_factory=list)
    without_email: int = 0


def due_services():
    """Stale services with at least one e-mail address, with their addresses loaded."""
    return (
        Service.objects.stale()
        .filter(emails__isnull=False)
        .distinct()
        .select_related("organization__region")
        .prefetch_related("phones", Prefetch("emails", queryset=Email.objects.order_by("order", "id")))
        .order_by("pk")
    )


def verification_url(request: VerificationRequest) -> str:
    return settings.SITE_URL + request.get_absolute_url()


def render_mail(request: VerificationRequest, *, reminder: bool) -> tuple[str, str]:
    service = request.service
    context = {
        "service": service,
        "phones": list(service.phones.all()),
        "emails": list(service.emails.all()),
        "url": verification_url(request),
        "expires_at": request.expires_at,
        "reminder": reminder,
        "region": service.organization.region,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = (_("Herinnering: ") if reminder else "") + _("Kloppen uw gegevens in de wegwijzer nog? (%(name)s)") % {
            "name": one_line(service.name)
        }
        body = render_to_string("partners/mail/verification.txt", context)
    return subject, body


def request_verifications(*, now: datetime | None = None, region_slug: str | None = None) -> Summary:
    """Mail every due service its link (or a reminder); see the module docstring for the rules."""
    now = now or timezone.now()
    summary = Summary()
    link_days = timedelta(days=settings.WEGWIJZER_VERIFY_LINK_DAYS)
    reminder_after = timedelta(days=settings.WEGWIJZER_VERIFY_REMINDER_DAYS)
    year_ago = now - timedelta(days=365)
    services = due_services()
    stale = Service.objects.stale().filter(emails__isnull=True)
    if region_slug:
        services = services.filter(organization__region__slug=region_slug)
        stale = stale.filter(organization__region__slug=region_slug)
    summary.without_email = stale.count()
    services = list(services)
    addresses = {service.emails.all()[0].address for service in services}
    sent_this_year = dict(
        MailLog.objects.filter(
            to__in=addresses, kind__startswith="verification", created_at__gte=year_ago, status=MailLog.Status.SENT
        )
        .values_list("to")
        .annotate(n=Count("id"))
    )
    open_requests = {
        r.service_id: r
        for r in VerificationRequest.objects.filter(service__in=services, used_at__isnull=True, expires_at__gt=now).order_by(
            "created_at"
        )
    }
    for service in services:
        try:
            with transaction.atomic():
                _mail_one(service, now, link_days, reminder_after, open_requests, sent_this_year, summary)
        except Exception as exc:  # noqa: BLE001 - one broken record must not stop the mails of the others
            logger.exception("Verification mail for service %s failed", service.pk)
            summary.failed.append(service.name)
            MailLog.objects.create(
                to=service.emails.all()[0].address[:254],
                subject=one_line(service.name)[:200],
                kind="verification",
                status=MailLog.Status.FAILED,
                error=_describe(exc),
                service=service,
                region_id=region_id_of(service),
                created_at=now,
            )
    return summary


def _mail_one(service, now, link_days, reminder_after, open_requests, sent_this_year, summary) -> None:
    """Mail one due service its link or a reminder, or nothing when it is not its turn."""
    address = service.emails.all()[0].address
    request = open_requests.get(service.pk)
    reminder = request is not None and request.mails_sent > 0
    if reminder and request.last_sent_at and now - request.last_sent_at < reminder_after:
        return  # a link is on its way; give the partner time
    if sent_this_year.get(address, 0) >= settings.WEGWIJZER_VERIFY_MAILS_PER_YEAR:
        summary.over_limit.append(service.name)
        return
    if request is None:
        request = VerificationRequest.objects.create(
            service=service, email=address, nonce=secrets.token_hex(16), created_at=now, expires_at=now + link_days
        )
    request.service = service
    subject, body = render_mail(request, reminder=reminder)
    log = send_logged(
        subject=subject,
        body=body,
        to=address,
        kind="verification-reminder" if reminder else "verification",
        service=service,
        now=now,
    )
    if log.status == MailLog.Status.SENT:
        request.last_sent_at = now
        request.mails_sent += 1
        request.save(update_fields=["last_sent_at", "mails_sent"])
        sent_this_year[address] = sent_this_year.get(address, 0) + 1
        (summary.reminded if reminder else summary.sent).append(service.name)
    else:
        summary.failed.append(service.name)
