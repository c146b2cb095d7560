"""Matching a situation to contacts: the heart of step 4 ("Ik onderneem gepaste actie")."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from partners.lib.ages import age_bounds
from partners.models import Service, TierSlug
from partners.public.selectors import CardEntry, Contact, RegionContent, Tier, Topic

from .situation import Situation

ADULT_MONTHS = 216
INFORMAL_NETWORK_SECTION = "informeel-netwerk"
MANDATED_THEMES = ("kindermishandeling", "verontrusting")


@dataclass
class ContactGroup:
    title: str
    intro: str = ""
    contacts: list[Contact] = field(default_factory=list)
    entries: list[CardEntry] = field(default_factory=list)
    compact: bool = False  # a long list of less specific partners: one line each


@dataclass
class ActionResult:
    """What step 4 shows for a situation. `needs` names a missing choice (urgency or acknowledgement)."""

    situation: Situation
    tier: Tier | None = None
    groups: list[ContactGroup] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    needs: str | None = None

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
    return situation.age is None or situation.age.overlaps(service.age_min_months, service.age_max_months)


def _is_for_adults(service: Service) -> bool:
    return service.age_min_months is not None and service.age_min_months >= ADULT_MONTHS


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

    if situation.acknowledged is None:
        result.needs = "erkenning"
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
                contacts=[c for topic in mandated for c in topic.contacts],
            )
        )
        result.topics = [t for t in content.consult_topics_for(situation.themes) if t.topic.theme.slug not in MANDATED_THEMES]
        if not situation.themes:
            result.topics = []
        return result

    result.groups = _support_groups(content, situation)
    return result


def _support_groups(content: RegionContent, situation: Situation) -> list[ContactGroup]:
    themes = situation.themes
    on_card = partner_contacts(content)
    on_card_ids = {c.service.id for c in on_card}
    # Helplines and regional services that cover the region without a place on the partnerkaart
    # still belong in the answer when they fit the worry.
    extra = [Contact(s) for s in content.services.values() if s.id not in on_card_ids and themes and _theme_score(s, themes)]
    order = {c.service.id: i for i, c in enumerate(on_card + extra)}

    best, for_parent, also = [], [], []
    for contact in on_card + extra:
        service = contact.service
        score = _theme_score(service, themes)
        if _age_fits(service, situation):
            if themes and score:
                best.append(contact)
            elif contact.service.id in on_card_ids:
                also.append(contact)
        elif score and _is_for_adults(service):
            for_parent.append(contact)

    def rank(contact: Contact):
        service = contact.service
        return (-_theme_score(service, themes), _age_span(service), order[service.id])

    best.sort(key=rank)
    for_parent.sort(key=rank)
    groups = []
    if best:
        groups.append(ContactGroup(_("Past het best bij wat je ziet"), contacts=best))
    if for_parent:
        groups.append(
            ContactGroup(
                _("Hulp voor de ouder"), _("Soms helpt het kind het meest als een ouder zelf hulp krijgt."), contacts=for_parent
            )
        )
    if also:
        title = _("Ook mogelijk voor deze leeftijd") if (best or for_parent) else _("Partners die je kan betrekken")
        groups.append(ContactGroup(title, contacts=also, compact=bool(best or for_parent)))
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
