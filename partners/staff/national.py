"""The national view for the redactie Vlaanderen: every zone against the essential roles.

Per zone: for each role whether a service the zone shows takes it on, and whether that service
was verified in the last 12 months; the share of the zone's services verified in that time; the
open reports. A fixed number of queries for all 60 zones: the services, their links and the
regions are read once and joined here (the same rules as `Service.objects.shown_in`).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count
from django.http import HttpResponse
from django.utils.translation import gettext as _

from partners.models import (
    ConsultContact,
    Coverage,
    Entry,
    Region,
    Report,
    ReportStatus,
    Role,
    Service,
    TierContact,
    stale_before,
)

JUDGED_MONTHS = 12

FILLED_VERIFIED = "nagekeken"
FILLED = "gevuld"
MISSING = "ontbreekt"


@dataclass
class ZoneRow:
    region: Region
    cells: list[tuple[Role, str]] = field(default_factory=list)
    services: int = 0
    verified: int = 0
    open_reports: int = 0

    @property
    def verified_share(self) -> int | None:
        return round(100 * self.verified / self.services) if self.services else None

    @property
    def missing(self) -> int:
        return sum(1 for _role, state in self.cells if state == MISSING)


def _shown(regions: list[Region]) -> dict[int, set[int]]:
    """region id -> ids of the services it shows (werkgebied, own links, minus exclusions)."""
    services = list(Service.objects.values_list("id", "coverage", "province"))
    linked = defaultdict(set)
    for service_id, region_id in Service.regions.through.objects.values_list("service_id", "region_id"):
        linked[region_id].add(service_id)
    for rows in (
        Entry.objects.filter(service__isnull=False).values_list("service_id", "section__region_id"),
        TierContact.objects.values_list("service_id", "tier__region_id"),
        ConsultContact.objects.values_list("service_id", "topic__region_id"),
    ):
        for service_id, region_id in rows:
            linked[region_id].add(service_id)
    excluded = defaultdict(set)
    for region_id, service_id in Region.excluded_services.through.objects.values_list("region_id", "service_id"):
        excluded[region_id].add(service_id)
    result = {}
    for region in regions:
        area = {
            sid
            for sid, coverage, province in services
            if coverage == Coverage.FLANDERS or (coverage == Coverage.PROVINCE and province == region.province)
        }
        result[region.pk] = (area | linked[region.pk]) - excluded[region.pk]
    return result


def national_overview(today: date | None = None) -> tuple[list[Role], list[ZoneRow]]:
    roles = list(Role.objects.all())
    regions = list(Region.objects.filter(zone__isnull=False).order_by("province", "name"))
    shown = _shown(regions)
    since = stale_before(today, months=JUDGED_MONTHS)
    fresh = set(Service.objects.filter(assured_date__gte=since).values_list("id", flat=True))
    fillers = defaultdict(set)  # role id -> service ids
    for service_id, role_id in Service.roles.through.objects.values_list("service_id", "role_id"):
        fillers[role_id].add(service_id)
    reports = dict(
        Report.objects.filter(status=ReportStatus.OPEN)
        .values_list("region_id")
        .annotate(n=Count("id"))
        .values_list("region_id", "n")
    )
    rows = []
    for region in regions:
        ids = shown[region.pk]
        row = ZoneRow(region, services=len(ids), verified=len(ids & fresh), open_reports=reports.get(region.pk, 0))
        for role in roles:
            filling = ids & fillers[role.pk]
            state = MISSING if not filling else FILLED_VERIFIED if filling & fresh else FILLED
            row.cells.append((role, state))
        rows.append(row)
    return roles, rows


def national_csv(roles: list[Role], rows: list[ZoneRow]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="wegwijzer-zones-rollen.csv"'
    response.write("\ufeff")  # so that a spreadsheet opens it as UTF-8
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [_("zone"), _("slug"), _("provincie"), _("eigen partnerkaart"), *[role.key for role in roles], _("ontbreekt"),
         _("nagekeken laatste 12 maanden (%)"), _("diensten"), _("open meldingen")]
    )  # fmt: skip
    for row in rows:
        share = row.verified_share
        writer.writerow(
            [
                row.region.name,
                row.region.slug,
                row.region.get_province_display(),
                _("ja") if row.region.has_own_map else _("nee"),
                *[state for _role, state in row.cells],
                row.missing,
                "" if share is None else share,
                row.services,
                row.open_reports,
            ]
        )
    return response
