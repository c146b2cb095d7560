"""Matching a situation to contacts: the heart of step 4 ("Ik onderneem gepaste actie")."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from partners.lib.ages import age_bounds
from partners.lib.text import fold
from partners.models import Service, TierSlug
from partners.public.selectors import CardEntry, Contact, RegionContent, Tier, Topic
from partners.public.situation import Situation

ADULT_MONTHS = 216
INFORMAL_NETWORK_SECTION = "informeel-netwerk"
MANDATED_THEMES = ("kindermishandeling", "verontrusting")
MAX_BEST = 8  # a worried person reads a handful of cards, not thirty; the rest is one link away
MAX_FOR_PARENT = 4


@dataclass
class ContactGroup:
    title: str
    intro: str = ""
    contacts: list[Contact] = field(default_factory=list)
    entries: list[CardEntry] = field(default_factory=list)


@dataclass
class ActionResult:
    """What step 4 shows for a situation. `needs` names a missing choice (urgency or acknowledgement)."""

    situation: Situation
    tier: Tier | None = None
    groups: list[ContactGroup] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    needs: str | None = None

    @property
    def asks_acknowledgement(self) -> bool:
        """Support without "erkenning" yet: the contacts come with the question beside them."""
        return self.situation.urgency == TierSlug.ONDERSTEUNING and self.situation.acknowledged is None

    @property
    def contacts(self) -> list[Contact]:
        """Every contact shown, in order, once: for the printable summary."""
        seen, result = set(), []
        lists = [self.tier.contacts if self.tier else []] + [g.contacts for g in self.groups]
        lists += [[e.contact for e in g.entries if e.contact] for g in self.groups]
        lists += [t.contacts for t in self.topics]
        for contacts in lists:
            for contact in contacts:
                if contact.service.id not in seen:
                    seen.add(contact.service.id)
                    result.append(contact)
        return result


def _theme_score(service: Service, themes: tuple[str, ...]) -> int:
    return len({t.slug for t in service.themes.all()} & set(themes))


def _age_fits(service: Service, situation: Situation) -> bool:
    """The service is for the person the worry is about. A service for adults never fits a child:
    the 12–18 band reaches 18 (the paper card's sections overlap), an adults' service does not
    become a teenager's by that one year; it is help for the parent instead."""
    band = situation.age
    if band is None:
        return True
    if _is_for_adults(service) and band.low < ADULT_MONTHS:
        return False
    return band.overlaps(service.age_min_months, service.age_max_months)


def _is_for_adults(service: Service) -> bool:
    return service.age_min_months is not None and service.age_min_months >= ADULT_MONTHS


def _has_age_range(service: Service) -> bool:
    return service.age_min_months is not None or service.age_max_months is not None


def _age_span(service: Service) -> int:
    low, high = age_bounds(service.age_min_months, service.age_max_months)
    return high - low


def partner_contacts(content: RegionContent) -> list[Contact]:
    """The services of the partnerkaart (sub-entries included), once each, in card order."""
    seen, contacts = set(), []
    for section in content.partnerkaart:
        if section.section.slug == INFORMAL_NETWORK_SECTION:
            continue
        for entry in section.entries:
            for item in [entry, *entry.children]:
                if item.contact and item.contact.service.id not in seen:
                    seen.add(item.contact.service.id)
                    contacts.append(item.contact)
    return contacts


def services_for_situation(content: RegionContent, situation: Situation) -> ActionResult:
    """The contacts for a situation, best fit first. Reads only what `content` has loaded."""
    result = ActionResult(situation)
    if situation.urgency is None:
        result.needs = "urgentie"
        return result
    result.tier = content.tiers.get(situation.urgency)

    if situation.urgency == TierSlug.ACUUT:
        return result

    if situation.urgency == TierSlug.GEEN_ACTIE:
        result.topics = content.consult_topics_for(situation.themes)
        return result

    if situation.acknowledged is False:
        mandated = [t for t in content.consult_topics if t.topic.theme.slug in MANDATED_THEMES]
        result.groups.append(
            ContactGroup(
                _("Overleg anoniem met een gemandateerde voorziening"),
                _(
                    "Erkent het gezin de zorg (nog) niet? Dan kan je anoniem overleggen met het Vertrouwenscentrum "
                    "Kindermishandeling of het Ondersteuningscentrum Jeugdzorg. Zij denken met je mee en beslissen "
                    "of de overheid moet tussenkomen. Jij blijft verantwoordelijk voor de volgende stap."
                ),
                contacts=_once([c for topic in mandated for c in topic.contacts], content),
            )
        )
        result.topics = [t for t in content.consult_topics_for(situation.themes) if t.topic.theme.slug not in MANDATED_THEMES]
        if not situation.themes:
            result.topics = []
        return result

    # Acknowledged, or not said yet: the support contacts. The page asks about acknowledgement
    # beside them instead of before them, so the contacts stay three choices from the ELZ home.
    result.groups = _support_groups(content, situation)
    return result


# -- dedupe: each service, and each number, shown once --------------------------------------------


def _name_key(name: str, place_words: set[str]) -> str:
    """A name without the ELZ's own place words: "Kind en Gezin Leuven" and "Kind en Gezin" are one."""
    return " ".join(word for word in fold(name).split() if word not in place_words)


def _place_words(content: RegionContent) -> set[str]:
    return set(fold(content.region.name).split()) | set(fold(content.region.slug).split()) | {"elz"}


class _Seen:
    """What a page already shows: services, names and phone numbers."""

    def __init__(self, content: RegionContent):
        self.place_words = _place_words(content)
        self.services: set[int] = set()
        self.names: set[str] = set()
        self.phones: set[str] = set()

    def is_new(self, contact: Contact) -> bool:
        service = contact.service
        phones = {str(p.number) for p in service.phones.all()}
        names = {_name_key(n, self.place_words) for n in (service.name, contact.display_title)} - {""}
        if service.id in self.services or names & self.names or (phones and phones <= self.phones):
            return False
        self.services.add(service.id)
        self.names |= names
        self.phones |= phones
        return True


def _once(contacts: list[Contact], content: RegionContent, seen: _Seen | None = None, limit: int = 1000) -> list[Contact]:
    """The contacts not shown yet, in order, at most `limit` (those beyond it stay unseen)."""
    seen = seen or _Seen(content)
    result = []
    for contact in contacts:
        if len(result) >= limit:
            break
        if seen.is_new(contact):
            result.append(contact)
    return result


# -- support: best fit first, a short page, the rest on the partnerkaart -----------------------------


def _support_groups(content: RegionContent, situation: Situation) -> list[ContactGroup]:
    """The support answer: at most MAX_BEST best fits, help for the parent, the ELZ's entry points.

    Partners that merely do not exclude the age (the long tail) are not listed: the page links to
    the partnerkaart filtered on the same age and themes instead.
    """
    themes = situation.themes
    on_card = partner_contacts(content)
    on_card_ids = {c.service.id for c in on_card}
    # Helplines and regional services that cover the region without a place on the partnerkaart
    # still belong in the answer when they fit the worry.
    extra = [Contact(s) for s in content.services.values() if s.id not in on_card_ids and themes and _theme_score(s, themes)]
    order = {c.service.id: i for i, c in enumerate(on_card + extra)}

    def rank(contact: Contact):
        # Most matching themes first; then those you can call (the page exists to give a number);
        # then the most specific age range; then card order.
        service = contact.service
        return (-_theme_score(service, themes), not service.phones.all(), _age_span(service), order[service.id])

    best, for_parent = [], []
    for contact in on_card + extra:
        service = contact.service
        score = _theme_score(service, themes)
        if _age_fits(service, situation):
            if (themes and score) or (not themes and situation.age and _has_age_range(service)):
                best.append(contact)
        elif score and _is_for_adults(service):
            for_parent.append(contact)

    seen = _Seen(content)
    tier = content.tiers.get(TierSlug.ONDERSTEUNING)
    # The tier's own contacts (the ELZ's general entry points) are always there; shown first when
    # nothing narrower fits, after the best fits otherwise.
    entry_points = [c for c in tier.contacts if _age_fits(c.service, situation)] if tier else []
    shown_best = _once(sorted(best, key=rank), content, seen, MAX_BEST)
    for_parent = _once(sorted(for_parent, key=rank), content, seen, MAX_FOR_PARENT)
    entry_points = _once(entry_points, content, seen)

    groups = []
    if shown_best:
        title = _("Past het best bij wat je ziet") if themes else _("Voor deze leeftijd")
        groups.append(ContactGroup(title, contacts=shown_best))
    if for_parent:
        groups.append(
            ContactGroup(
                _("Hulp voor de ouder"), _("Soms helpt het kind het meest als een ouder zelf hulp krijgt."), contacts=for_parent
            )
        )
    if entry_points:
        groups.append(
            ContactGroup(
                _("Hier kan je altijd terecht") if shown_best or for_parent else _("Begin hier"),
                _("Zij helpen je verder of zoeken mee naar de juiste partner."),
                contacts=entry_points,
            )
        )
    informal = content.section("partnerkaart", INFORMAL_NETWORK_SECTION)
    if informal and informal.entries:
        groups.append(
            ContactGroup(
                _("Betrek het informele netwerk"),
                _("Familie, vrienden, buren of vrijwilligers kunnen het gezin mee dragen."),
                entries=informal.entries,
            )
        )
    return groups
