"""The ELZ dashboard in the admin: what an ELZ should look at to keep its wegwijzer current."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from partners.content.checks import Problem, find_problems
from partners.content.hours import unparsed
from partners.models import (
    Card,
    Email,
    Entry,
    MailLog,
    Organization,
    Phone,
    Proposal,
    ProposalStatus,
    Region,
    Report,
    ReportStatus,
    Section,
    Service,
    TierSlug,
    stale_before,
)
from partners.public.languages import SheetLanguage, build_sheet, sheet_languages
from partners.public.selectors import RegionContent
from partners.staff import history
from partners.staff.scope import shared_services_covering


def admin_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


@dataclass
class RegionOverview:
    region: Region
    counts: dict[str, int] = field(default_factory=dict)
    stale: list[Service] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    without_contact: list[Entry] = field(default_factory=list)
    changes: list[history.Change] = field(default_factory=list)
    verified_share: int | None = None  # percent of own services verified in the last 12 months
    proposals: list[Proposal] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)
    to_phone: list[Service] = field(default_factory=list)
    mail_problems: list[MailLog] = field(default_factory=list)
    translations: list[TranslationStatus] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    unparsed_hours: list[Service] = field(default_factory=list)  # hours only as text we cannot read

    @property
    def stale_before(self):
        return stale_before()


def entries_without_contact(region: Region) -> list[Entry]:
    """Lines of the region's cards that give no phone, e-mail, website or address (headings aside)."""
    entries = (
        Entry.objects.filter(section__region=region)
        .select_related("section", "service")
        .annotate(
            has_children=Exists(Entry.objects.filter(parent=OuterRef("pk"))),
            has_phone=Exists(Phone.objects.filter(service=OuterRef("service_id"))),
            has_email=Exists(Email.objects.filter(service=OuterRef("service_id"))),
        )
        .order_by("section__card", "section__order", "order", "id")
    )
    result = []
    for entry in entries:
        if entry.has_children or entry.has_phone or entry.has_email:
            continue
        if entry.service_id and (entry.service.url or entry.service.street):
            continue
        entry.admin_url = admin_url(entry)
        result.append(entry)
    return result


@dataclass
class Gap:
    """Something a professional looks for in this zone and does not find: a role, or an empty list."""

    what: str
    detail: str = ""
    url: str | None = None


# A tier whose purpose is "no action": it lists no contacts by design.
TIERS_WITHOUT_CONTACTS = {TierSlug.GEEN_ACTIE}


def region_gaps(region: Region) -> list[Gap]:
    """The real gaps of a zone: essential roles no service it shows takes on, tiers, consult topics
    and partnerkaart sections with nothing in them (what the public pages then say honestly)."""
    content = RegionContent(region)
    gaps = [
        Gap(_("Geen %(role)s") % {"role": role.name}, _("Geen dienst in deze zone neemt deze rol op."))
        for role in content.roles
        if not role.filled
    ]
    for tier in content.tiers.values():
        if not tier.contacts and tier.tier.slug not in TIERS_WITHOUT_CONTACTS:
            gaps.append(Gap(_("Urgentie ‘%(name)s’ heeft geen contacten") % {"name": tier.tier.name}, url=admin_url(tier.tier)))
    for topic in content.consult_topics:
        if not topic.contacts:
            gaps.append(
                Gap(_("Consult ‘%(title)s’ heeft geen contacten") % {"title": topic.topic.title}, url=admin_url(topic.topic))
            )
    for section in content.partnerkaart:
        if not section.entries:
            gaps.append(
                Gap(
                    _("Rubriek ‘%(title)s’ van de partnerkaart is leeg") % {"title": section.section.title},
                    url=admin_url(section.section),
                )
            )
    return gaps


@dataclass
class TranslationStatus:
    """The contactfiche in one language: records whose translation no fluent reader checked yet."""

    language: SheetLanguage
    unchecked: list = field(default_factory=list)  # records, each with .admin_url
    missing: int = 0  # texts that still show in Dutch


def translation_status(region: Region) -> list[TranslationStatus]:
    """Per language of the contactfiche: what is translated but not checked, and what is not translated."""
    sections = RegionContent(region).card(Card.CONTACTFICHE)
    result = []
    for language in sheet_languages():
        if language.is_dutch:
            continue
        sheet = build_sheet(sections, language)
        for record in sheet.unchecked_records:
            record.admin_url = admin_url(record)
            record.kind = record._meta.verbose_name
        result.append(TranslationStatus(language, sheet.unchecked_records, sheet.missing_texts))
    return result


def region_overview(region: Region) -> RegionOverview:
    own = Service.objects.filter(organization__region=region)
    overview = RegionOverview(region)
    overview.counts = {
        "services": own.count(),
        "stale": own.stale().count(),
        "shared": Service.objects.filter(shared_services_covering([region.pk])).distinct().count(),
        "organizations": Organization.objects.filter(region=region).count(),
        "sections": Section.objects.filter(region=region).count(),
        "partnerkaart": Entry.objects.filter(section__region=region, section__card=Card.PARTNERKAART).count(),
        "contactfiche": Entry.objects.filter(section__region=region, section__card=Card.CONTACTFICHE).count(),
    }
    overview.stale = list(own.stale().select_related("organization").order_by("assured_date", "name")[:25])
    for service in overview.stale:
        service.admin_url = admin_url(service)
    overview.problems = find_problems(region)
    for problem in overview.problems:
        problem.obj.admin_url = admin_url(problem.obj)
    overview.without_contact = entries_without_contact(region)
    overview.counts["problems"] = len(overview.problems)
    overview.counts["without_contact"] = len(overview.without_contact)
    overview.changes = history.recent_changes([region.pk])
    add_feedback(overview, own)
    overview.translations = translation_status(region)
    overview.gaps = region_gaps(region)
    overview.counts["gaps"] = len(overview.gaps)
    overview.unparsed_hours = unparsed(Service.objects.shown_in(region).select_related("organization"))
    for service in overview.unparsed_hours:
        service.admin_url = admin_url(service)
    overview.counts["unparsed_hours"] = len(overview.unparsed_hours)
    return overview


# What the ELZ is judged on: the share of its own services verified in the last 12 months.
JUDGED_MONTHS = 12
MAIL_PROBLEM_DAYS = 365


def add_feedback(overview: RegionOverview, own) -> None:
    """The loop that keeps the map true: verified share, open proposals and reports, services to
    phone (stale, without e-mail, so the yearly mail cannot reach them) and mails that failed."""
    region = overview.region
    total = overview.counts["services"]
    verified = own.filter(assured_date__gte=stale_before(months=JUDGED_MONTHS)).count()
    overview.counts["verified"] = verified
    overview.verified_share = round(100 * verified / total) if total else None
    proposals = Proposal.objects.filter(region=region, status=ProposalStatus.OPEN).select_related("service")
    reports = Report.objects.filter(region=region, status=ReportStatus.OPEN).select_related("service")
    to_phone = own.stale().filter(emails__isnull=True).prefetch_related("phones").order_by("name")
    mails = MailLog.objects.filter(
        region=region,
        status__in=[MailLog.Status.FAILED, MailLog.Status.BOUNCED],
        created_at__gte=timezone.now() - timedelta(days=MAIL_PROBLEM_DAYS),
    ).select_related("service")
    overview.counts.update(
        proposals=proposals.count(), reports=reports.count(), to_phone=to_phone.count(), mail_problems=mails.count()
    )
    overview.proposals = list(proposals[:10])
    overview.reports = list(reports[:10])
    overview.to_phone = list(to_phone[:25])
    overview.mail_problems = list(mails[:10])
    for obj in [*overview.proposals, *overview.reports, *overview.to_phone]:
        obj.admin_url = admin_url(obj)
