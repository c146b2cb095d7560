"""The admin home: a coordinator starts with their zone, not with 18 tables.

An ELZ-redacteur sees, per zone: a few numbers that ask for action, "Begin hier" (what is missing
on the zone dashboard, "Een partner toevoegen", the zone's public pages) and, for a zone that
shows the template, the request for an own partner map. The redactie Vlaanderen sees the open
requests (and decides them here), the reports on shared services and the services people miss.
The tables follow, grouped by what a coordinator does.

Starting an own map stays the redactie Vlaanderen's call (`Region.has_own_map` is a field only it
changes, `partners.staff.guard`): an editor asks in one click, a `MapRequest` records it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partners.content.loader import ContentError
from partners.content.new_region import start_own_map
from partners.models import (
    Closure,
    ConsultContact,
    ConsultTopic,
    Editor,
    Email,
    Entry,
    Factor,
    FactorList,
    LanguageSignOff,
    MapRequest,
    Organization,
    Phone,
    Proposal,
    ProposalStatus,
    Region,
    Report,
    ReportStatus,
    Resource,
    Role,
    Schedule,
    Section,
    Service,
    Step,
    TierContact,
    UrgencyTier,
)
from partners.staff import scope

# The tables of the admin, by what a coordinator does with them (anything else comes last).
GROUPS: list[tuple[str, object, list]] = [
    ("partners", gettext_lazy("Partners en hun gegevens"), [Organization, Service, Phone, Email, Schedule, Closure]),
    (
        "kaarten",
        gettext_lazy("Waar professionals ze vinden: kaarten, urgentie en consult"),
        [Section, Entry, UrgencyTier, TierContact, ConsultTopic, ConsultContact],
    ),
    ("meldingen", gettext_lazy("Meldingen en voorstellen"), [Report, Proposal]),
    (
        "teksten",
        gettext_lazy("Teksten en hulpmiddelen van de wegwijzer"),
        [Step, Resource, FactorList, Factor, Role, LanguageSignOff],
    ),
    ("zone", gettext_lazy("Je eerstelijnszone en je team"), [Region, Editor]),
]


@dataclass
class ZoneHome:
    region: Region
    services: int
    stale: int
    reports: int
    proposals: int
    open_request: MapRequest | None

    @property
    def is_template(self) -> bool:
        return bool(self.region.zone_id) and not self.region.has_own_map


def zone_homes(user) -> list[ZoneHome]:
    """The editor's zones with what asks for action; a handful of queries per zone (1–3 zones)."""
    homes = []
    for region in Region.objects.filter(pk__in=scope.region_ids(user)).order_by("name"):
        own = Service.objects.filter(organization__region=region)
        homes.append(
            ZoneHome(
                region=region,
                services=own.count(),
                stale=own.stale().count(),
                reports=Report.objects.filter(region=region, status=ReportStatus.OPEN).count(),
                proposals=Proposal.objects.filter(region=region, status=ProposalStatus.OPEN).count(),
                open_request=region.map_requests.filter(status=MapRequest.Status.OPEN).first(),
            )
        )
    return homes


def grouped_tables(app_list: list[dict]) -> list[dict]:
    """Django's app list regrouped by GROUPS (in their order); what is left over comes last."""
    by_model = {entry["model"]: entry for app in app_list for entry in app["models"]}
    groups = []
    for slug, name, models in GROUPS:
        entries = [by_model.pop(model) for model in models if model in by_model]
        if entries:
            groups.append({"slug": slug, "name": name, "models": entries})
    if by_model:
        rest = sorted(by_model.values(), key=lambda entry: str(entry["name"]))
        groups.append({"slug": "overige", "name": gettext_lazy("Referentie en beheer"), "models": rest})
    return groups


def home_context(request: HttpRequest, app_list: list[dict]) -> dict:
    user = request.user
    context: dict = {"groups": grouped_tables(app_list), "zones": zone_homes(user)}
    if scope.edits_everything(user):
        open_reports = Report.objects.filter(status=ReportStatus.OPEN)
        context.update(
            national=True,
            map_requests=list(
                MapRequest.objects.filter(status=MapRequest.Status.OPEN).select_related("region", "requested_by")[:50]
            ),
            shared_reports=open_reports.filter(service__isnull=False, service__organization__region__isnull=True).count(),
            missing_reports=open_reports.filter(service__isnull=True).count(),
        )
    return context


def ask_own_map_view(site, request: HttpRequest) -> HttpResponse:
    """An editor of a zone that shows the template asks the redactie Vlaanderen for its own map."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    slug = request.POST.get("region", "")
    region = Region.objects.filter(slug=slug, pk__in=scope.region_ids(request.user)).first() if len(slug) <= 50 else None
    if region is None:
        raise PermissionDenied
    if region.has_own_map:
        messages.info(request, _("%(name)s heeft al een eigen partnerkaart.") % {"name": region.name})
    elif region.map_requests.filter(status=MapRequest.Status.OPEN).exists():
        messages.info(request, _("Je vraag voor %(name)s staat al bij de redactie Vlaanderen.") % {"name": region.name})
    else:
        MapRequest.objects.create(region=region, requested_by=request.user)
        messages.success(
            request,
            _(
                "Je vraag voor een eigen partnerkaart van %(name)s staat bij de redactie Vlaanderen. Zij beslist. "
                "Intussen kan je al partners toevoegen."
            )
            % {"name": region.name},
        )
    return HttpResponseRedirect(reverse("admin:index"))


def decide_own_map_view(site, request: HttpRequest, pk: int) -> HttpResponse:
    """The redactie Vlaanderen starts the zone's own map (as `manage.py new_elz`) or says "niet nu"."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not scope.edits_everything(request.user):
        raise PermissionDenied
    found = MapRequest.objects.select_related("region__zone").filter(pk=pk, status=MapRequest.Status.OPEN).first()
    if found is None:
        raise Http404
    region = found.region
    if "_start" in request.POST:
        if not region.has_own_map:
            if region.zone_id is None:
                messages.error(
                    request, _("%(name)s hoort bij geen zone; start de kaart via ‘Nieuwe ELZ’.") % {"name": region.name}
                )
                return HttpResponseRedirect(reverse("admin:index"))
            try:
                start_own_map(zone=region.zone.slug)
            except ContentError as exc:
                messages.error(request, str(exc))
                return HttpResponseRedirect(reverse("admin:index"))
        found.status = MapRequest.Status.STARTED
        messages.success(request, _("%(name)s heeft nu een eigen partnerkaart.") % {"name": region.name})
    elif "_decline" in request.POST:
        found.status = MapRequest.Status.DECLINED
        messages.success(request, _("De vraag van %(name)s staat op ‘niet nu’.") % {"name": region.name})
    else:
        return HttpResponseRedirect(reverse("admin:index"))
    found.decided_by, found.decided_at = request.user, timezone.now()
    found.save()
    return HttpResponseRedirect(reverse("admin:index"))
