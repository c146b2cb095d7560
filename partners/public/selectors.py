"""Reads of a region's content, each in a fixed number of queries whatever the data size.

`RegionContent` loads what a page asks for, once per request, and joins it in Python: a region
has a few hundred records at most, and this keeps every public page at a constant query count.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.shortcuts import get_object_or_404

from partners.models import (
    Card,
    ConsultContact,
    ConsultTopic,
    Entry,
    FactorList,
    LanguageSignOff,
    Region,
    Resource,
    ResourceKind,
    Role,
    Section,
    Service,
    Step,
    Theme,
    TierContact,
    UrgencyTier,
)


@dataclass
class Contact:
    """A service as shown on a card: with the name and purpose line this place gives it."""

    service: Service
    title: str = ""
    note: str = ""
    theme: str = ""  # a tier's contact for one theme only (its slug); empty: for every situation

    @property
    def display_title(self) -> str:
        return self.title or self.service.name

    @property
    def display_note(self) -> str:
        return self.note or self.service.description


@dataclass
class CardEntry:
    """A line of the partnerkaart or contactfiche, with its sub-entries."""

    entry: Entry
    contact: Contact | None
    children: list[CardEntry] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.contact.display_title if self.contact else self.entry.title

    @property
    def description(self) -> str:
        return self.contact.display_note if self.contact else self.entry.description


@dataclass
class CardSection:
    section: Section
    entries: list[CardEntry]


@dataclass
class Topic:
    topic: ConsultTopic
    contacts: list[Contact]


@dataclass
class Tier:
    """A tier with its contact lines in the ELZ's order; `lines` includes those for one theme only."""

    tier: UrgencyTier
    lines: list[Contact]

    @property
    def contacts(self) -> list[Contact]:
        """The contacts for every situation (without those for one theme)."""
        return [c for c in self.lines if not c.theme]


def get_region(slug: str) -> Region:
    return get_object_or_404(Region, slug=slug)


class RegionContent:
    """Everything a public page of one region may show, loaded lazily, a constant number of queries each."""

    def __init__(self, region: Region):
        self.region = region

    def load_all(self) -> RegionContent:
        """Load every part now (for the shared cache): afterwards nothing here touches the database."""
        parts = ("themes", "roles", "services", "steps", "tiers", "consult_topics", "resources", "factor_lists", "_sections")
        for part in (*parts, "sign_offs"):
            getattr(self, part)
        return self

    @cached_property
    def themes(self) -> dict[str, Theme]:
        return {theme.slug: theme for theme in Theme.objects.all()}

    @cached_property
    def services(self) -> dict[int, Service]:
        """Services this region shows: those covering it, and any its own cards and lists point to."""
        ids = Service.objects.shown_in(self.region).values("id")
        queryset = (
            Service.objects.filter(id__in=ids)
            .select_related("organization")
            .prefetch_related("phones", "emails", "themes", "roles", "schedules", "closures")
        )
        return {service.id: service for service in queryset}

    @cached_property
    def roles(self) -> list[Role]:
        """The essential roles (fixtures/roles.yaml), each with `filled`: a service this region shows takes it on."""
        filled = {role.pk for service in self.services.values() for role in service.roles.all()}
        roles = list(Role.objects.all())
        for role in roles:
            role.filled = role.pk in filled
        return roles

    def missing_roles(self, *places: str) -> list[Role]:
        """The roles a page sends a professional to at any of `places` that no service of this region
        takes on, each once."""
        return [role for role in self.roles if not role.filled and any(place in role.place_list for place in places)]

    @cached_property
    def sign_offs(self) -> dict[str, LanguageSignOff]:
        """The languages of the contactfiche a fluent reader signed off, by code (`LanguageSignOff`)."""
        signed = LanguageSignOff.objects.filter(region=self.region, signed_on__isnull=False).exclude(reader="")
        return {sign_off.language: sign_off for sign_off in signed}

    def _contact(self, service_id: int | None, title: str = "", note: str = "") -> Contact | None:
        service = self.services.get(service_id) if service_id else None
        return Contact(service, title, note) if service else None

    @cached_property
    def steps(self) -> dict[str, Step]:
        return {step.key: step for step in Step.objects.filter(region=self.region)}

    @cached_property
    def tiers(self) -> dict[str, Tier]:
        tiers = list(UrgencyTier.objects.filter(region=self.region).order_by("order"))
        lines = defaultdict(list)
        for line in TierContact.objects.filter(tier__region=self.region).select_related("theme").order_by("order", "id"):
            contact = self._contact(line.service_id, note=line.note)
            if contact:
                contact.theme = line.theme.slug if line.theme_id else ""
                lines[line.tier_id].append(contact)
        return {tier.slug: Tier(tier, lines[tier.id]) for tier in tiers}

    @cached_property
    def consult_topics(self) -> list[Topic]:
        topics = list(ConsultTopic.objects.filter(region=self.region).select_related("theme").order_by("order"))
        lines = defaultdict(list)
        for line in ConsultContact.objects.filter(topic__region=self.region).order_by("order", "id"):
            contact = self._contact(line.service_id, note=line.note)
            if contact:
                lines[line.topic_id].append(contact)
        return [Topic(topic, lines[topic.id]) for topic in topics]

    def consult_topics_for(self, themes: tuple[str, ...]) -> list[Topic]:
        if not themes:
            return self.consult_topics
        return [topic for topic in self.consult_topics if topic.topic.theme.slug in themes]

    @cached_property
    def resources(self) -> list[Resource]:
        """The region's resources; each carries `sub`, the resources listed under it."""
        resources = list(Resource.objects.filter(region=self.region).prefetch_related("themes").order_by("order"))
        for resource in resources:
            resource.sub = [r for r in resources if r.parent_id == resource.id]
        return resources

    def resources_of(self, kind: str, themes: tuple[str, ...] = ()) -> list[Resource]:
        """Top-level resources of a kind; with themes, those that fit (and untagged ones never hide)."""
        chosen = set(themes)
        result = []
        for resource in self.resources:
            if resource.kind != kind or resource.parent_id:
                continue
            tags = {t.slug for r in [resource, *resource.sub] for t in r.themes.all()}
            if chosen and tags and not (tags & chosen):
                continue
            result.append(resource)
        return result

    @property
    def directories(self) -> list[Resource]:
        """The social maps and search guides a card points to when it does not have the answer."""
        return [r for r in self.resources if r.kind == ResourceKind.DIRECTORY]

    @cached_property
    def factor_lists(self) -> dict[str, FactorList]:
        return {fl.key: fl for fl in FactorList.objects.filter(region=self.region).prefetch_related("factors")}

    @cached_property
    def _sections(self) -> list[CardSection]:
        sections = list(Section.objects.filter(region=self.region).order_by("card", "order"))
        entries = list(Entry.objects.filter(section__region=self.region).order_by("order", "id"))
        by_id = {}
        top: dict[int, list[CardEntry]] = defaultdict(list)
        for entry in entries:
            contact = self._contact(entry.service_id, entry.title, entry.description)
            if entry.service_id and contact is None:
                continue  # a shared service this region chose not to show
            by_id[entry.id] = CardEntry(entry, contact)
        for entry in entries:
            card_entry = by_id.get(entry.id)
            if card_entry is None:
                continue
            if entry.parent_id and entry.parent_id in by_id:
                by_id[entry.parent_id].children.append(card_entry)
            else:
                top[entry.section_id].append(card_entry)
        return [CardSection(section, top[section.id]) for section in sections]

    def card(self, card: str) -> list[CardSection]:
        return [s for s in self._sections if s.section.card == card]

    @property
    def partnerkaart(self) -> list[CardSection]:
        return self.card(Card.PARTNERKAART)

    @property
    def contactfiche(self) -> list[CardSection]:
        return self.card(Card.CONTACTFICHE)

    def section(self, card: str, slug: str) -> CardSection | None:
        return next((s for s in self.card(card) if s.section.slug == slug), None)
