"""The map stays true: a partner's signed link ("Alles klopt" / "Iets klopt niet") and the
"Klopt er iets niet?" report on every contact card, and "Mis je een dienst?" on the partnerkaart
and the result pages.

Nothing here publishes anything: a confirmation only dates the entry, a correction becomes a
`Proposal` and a report a `Report`, both waiting for the region's staff. These pages are never
page-cached (they carry a CSRF token and answer POSTs) and are sent with Cache-Control: no-store.
"""

from __future__ import annotations

from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from partners.content import review
from partners.lib import acting
from partners.lib.budgets import REPORTS
from partners.models import (
    ProposalSource,
    Report,
    ReportKind,
    Service,
    VerificationRequest,
    region_id_of,
)
from partners.public.cache import region_content
from partners.public.forms import MissingServiceForm, ReportForm, ServiceCorrectionForm
from partners.public.selectors import Contact

# -- the partner's link ------------------------------------------------------------------------


def _request_or_error_page(request: HttpRequest, token: str) -> tuple[VerificationRequest | None, HttpResponse | None]:
    """The usable request behind a link, or a clear page saying why the link does not work."""
    found = VerificationRequest.from_token(token)
    if found is None:
        reason, status = "invalid", 404
    elif found.used_at is not None:
        reason, status = "used", 410
    elif found.expires_at <= timezone.now():
        reason, status = "expired", 410
    else:
        return found, None
    region = found.service.organization.region if found else None
    context = {"reason": reason, "verification": found, "region": region}
    return None, render(request, "partners/verify_invalid.html", context, status=status)


def _verify_context(verification: VerificationRequest, **extra) -> dict:
    service = verification.service
    return {
        "verification": verification,
        "service": service,
        "contact": Contact(service),
        "region": service.organization.region,
        **extra,
    }


def _mark_used(verification: VerificationRequest, outcome: str) -> bool:
    """Use the link once: False when another request used it first."""
    used = VerificationRequest.objects.filter(pk=verification.pk, used_at__isnull=True).update(
        used_at=timezone.now(), outcome=outcome
    )
    return used == 1


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest, token: str) -> HttpResponse:
    """The entry as the public sees it, with "Alles klopt" (POST) and a link to "Iets klopt niet"."""
    verification, error = _request_or_error_page(request, token)
    if error:
        return error
    if request.method == "POST":
        with transaction.atomic():
            if not _mark_used(verification, VerificationRequest.Outcome.CONFIRMED):
                return _request_or_error_page(request, token)[1]
            review.confirm_entry(verification)
        return render(request, "partners/verify_done.html", _verify_context(verification, outcome="confirmed"))
    return render(request, "partners/verify.html", _verify_context(verification))


@never_cache
@require_http_methods(["GET", "POST"])
def verify_change(request: HttpRequest, token: str) -> HttpResponse:
    """ "Iets klopt niet": the entry's fields, prefilled; the changes become a proposal for staff."""
    verification, error = _request_or_error_page(request, token)
    if error:
        return error
    service = Service.objects.prefetch_related("phones", "emails", "schedules", "closures").get(pk=verification.service_id)
    form = ServiceCorrectionForm(request.POST or None, service=service)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if not _mark_used(verification, VerificationRequest.Outcome.PROPOSAL):
                return _request_or_error_page(request, token)[1]
            review.open_proposal(
                region_id=region_id_of(service), service=service, source=ProposalSource.PARTNER, changes=form.changes()
            )
        return render(request, "partners/verify_done.html", _verify_context(verification, outcome="proposal"))
    return render(request, "partners/verify_change.html", _verify_context(verification, form=form))


# -- "Klopt er iets niet?" ----------------------------------------------------------------------


def _shown_service(region: str, key: str) -> tuple:
    content = region_content(region)
    service = next((s for s in content.services.values() if s.key == key), None)
    if service is None:
        raise Http404
    return content, service


def _file_report(request: HttpRequest, form, fields) -> bool:
    """File a report when the address has budget left and the form is valid (the report form and
    "Mis je een dienst?" alike); `fields(cleaned_data)` gives the report's fields. True when filed."""
    if REPORTS.spent(request):
        form.is_valid()
        form.add_error(
            None, _("U hebt al veel meldingen gestuurd. Probeer het over een uur opnieuw, of mail de eerstelijnszone.")
        )
        return False
    if not form.is_valid():
        return False
    with acting.submitting(Report):
        Report.objects.create(**fields(form.cleaned_data))
    REPORTS.spend(request)
    return True


@never_cache
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def report(request: HttpRequest, region: str, key: str) -> HttpResponse:
    """A professional says what is wrong with a contact shown in this region. With HTMX the form
    opens in place of the link on the card, and the thanks replace the form."""
    content, service = _shown_service(region, key)
    form = ReportForm(request.POST or None)
    done = False
    if request.method == "POST":
        done = _file_report(
            request,
            form,
            lambda data: {
                # The owner's editors decide; for a shared service, the editors of the zone it was
                # seen in (the redactie Vlaanderen sees every report).
                "region_id": region_id_of(service) or content.region.pk,
                "sent_from_id": content.region.pk,
                "service_id": service.pk,
                "kind": data["kind"],
                "value": data["value"],
            },
        )
    context = {"region": content.region, "service": service, "contact": Contact(service), "form": form, "done": done}
    template = "partners/report.html"
    if request.htmx:
        template += "#report"
    status = 400 if request.method == "POST" and not done else 200
    if request.htmx and status == 400:
        status = 200  # htmx swaps only successful responses; the errors are in the fragment
    return render(request, template, context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def missing_service(request: HttpRequest, region: str) -> HttpResponse:
    """ "Mis je een dienst?": a professional names a service this zone's map lacks. It becomes a
    report without a service in the zone's queue, with the same budget and checks as a report."""
    content = region_content(region)
    form = MissingServiceForm(request.POST or None)
    done = False
    if request.method == "POST":
        done = _file_report(
            request,
            form,
            lambda data: {
                "region_id": content.region.pk,
                "sent_from_id": content.region.pk,
                "kind": ReportKind.MISSING,
                "missing_name": data["name"],
                "missing_details": data["details"],
            },
        )
    status = 400 if request.method == "POST" and not done else 200
    return render(request, "partners/missing_service.html", {"region": content.region, "form": form, "done": done}, status=status)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A refused POST (no or an old CSRF cookie): a Dutch page with what to do, not Django's English one."""
    return render(request, "partners/csrf_failure.html", {"back": request.path}, status=403)
