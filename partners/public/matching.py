"""Matching a situation to contacts: the heart of step 4 ("Ik onderneem gepaste actie").

The order of the contacts follows the rules below, all in this module, in the order they apply.
docs/ranking.md is the same table in words, for an ELZ that wonders why a partner comes where.

Acute (`urgentie=acuut`, also the page /<elz>/acuut/):
  A1  The acute tier's contacts in the ELZ's order; a contact with a theme ("alleen bij thema")
      only when that theme is chosen, in its place in that order (Zelfmoordlijn 1813 beside the
      crisis line for minors).
  A2  A service for adults (from 18) is "help for the parent", under its own heading, unless the
      worry is about an adult (18+); a service whose age range excludes the chosen age is left out.

Support, the family does not acknowledge (`erkenning=nee`):
  N1  The gemandateerde voorzieningen first: the VK (kindermishandeling) and the OCJ (verontrusting);
      the OCJ first when only verontrusting is chosen, the VK first otherwise.
  N2  Then the consult desks of the other chosen themes.

Support, acknowledged or not said (`erkenning=ja` or none), best fit first:
  S1  The consult desk of each chosen theme (safety themes first: SAFETY_THEMES, then the ELZ's
      order of consult topics). A zone without the role a desk stands for (fixtures/roles.yaml,
      `consult:<theme>`) says so under this heading, also when nothing else fits.
  S2  The first line for the chosen age: the support tier's contacts with an age range that fits
      it (E1): Kind en Gezin for 0–3, the CLB for school age.
  S3  Services that match a chosen theme: most matching themes, then those with a phone number,
      then the narrowest age range, then the partnerkaart's order. With an age but no theme:
      services with an age range that fits.
  S4  Help for the parent, under its own heading: services for adults that match a theme, in the
      order of the partnerkaart's Volwassenen section (there the seed puts the eerstelijnspsycholoog
      and the CGG before the mobile teams).
  S5  The support tier's contacts without an age range: the ELZ's entry points ("Begin hier" when
      nothing narrower fits). Then the informal network.

Everywhere:
  E1  A service fits an age when its age range covers at least a third of the chosen band (no
      chat for 12+ for a child of 3 to 12, no CLB for a baby); a service for adults never fits a
      child. A service counts as "for adults" when its age range starts at 18, or when the
      partnerkaart lists it only under Volwassenen. A service without an age range fits every age.
  E2  Outside the acute tier, a crisis service (one on the ELZ's acute list for every situation)
      is not offered as a fit or as help for the parent: the acute page is one click away. Consult
      desks and the gemandateerde voorzieningen stay (they advise without a crisis), and so do the
      acute list's lines for one theme (the Zelfmoordlijn 1813 also helps when it is not acute).
  E3  Each service is shown once per page; a service whose phone numbers were all shown already
      is left out (Huis van het Kind answers on Kind en Gezin's number). Services are never
      merged by name: "CGG VBO" for adults and "CGG VBO" for children are two services.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from partners.lib.ages import age_bounds
from partners.models import Service, TierSlug
from partners.public.answers_now import AnswersNow, answers_now
from partners.public.selectors import CardEntry, Contact, RegionContent, Tier, Topic
from partners.public.situation import Situation

ADULT_MONTHS = 216
ADULTS_SECTION = "volwassenen"
INFORMAL_NETWORK_SECTION = "informeel-netwerk"
MANDATED_THEMES = ("kindermishandeling", "verontrusting")
# Themes about a child's safety come first among the consult desks (S1).
SAFETY_THEMES = ("kindermishandeling", "verontrusting", "seksueel-geweld", "intrafamiliaal-geweld", "zelfmoord")
MAX_BEST = 8  # a worried person reads a handful of cards, not thirty; the rest is one link away
MAX_FOR_PARENT = 4


@dataclass
class ContactGroup:
    """A heading with its contacts. `role` names what the group stands for ("acuut", "gemandateerd"),
    so that a zone without a service for that role can say so in its place."""

    title: str
    intro: str = ""
    contacts: list[Contact] = field(default_factory=list)
    entries: list[CardEntry] = field(default_factory=list)
    role: str | tuple[str, ...] = ""  # or the places of fixtures/roles.yaml it stands for


@dataclass
class ActionResult:
    """What step 4 shows for a situation. `needs` names a missing choice (urgency or acknowledgement)."""

    situation: Situation
    tier: Tier | None = None
    groups: list[ContactGroup] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    needs: str | None = None
    answers_now: AnswersNow | None = None  # H1–H4 (partners/public/answers_now.py)

    @property
    def asks_acknowledgement(self) -> bool:
        """Support without "erkenning" yet: the contacts come with the question beside them."""
        return self.situation.urgency == TierSlug.ONDERSTEUNING and self.situation.acknowledged is None

    @property
    def contacts(self) -> list[Contact]:
        """Every contact shown, in order, once: for the printable summary."""
        seen, result = set(), []
        lists = [g.contacts for g in self.groups]
        lists += [[e.contact for e in g.entries if e.contact] for g in self.groups]
        lists += [t.contacts for t in self.topics]
        for contacts in lists:
            for contact in contacts:
                if contact.service.id not in seen:
                    seen.add(contact.service.id)
                    result.append(contact)
        return result

    @property
    def first_contacts(self) -> list[Contact]:
        """The first group's contacts: what must be on the first screen."""
        return self.groups[0].contacts if self.groups else []


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


class _Rules:
    """The facts the rules need about one region's content and one situation."""

    def __init__(self, content: RegionContent, situation: Situation):
        self.content = content
        self.situation = situation
        self.themes = situation.themes
        sections: dict[int, set[str]] = {}
        self.adults_section: list[Contact] = []
        for section in content.partnerkaart:
            for entry in section.entries:
                for item in [entry, *entry.children]:
                    if item.contact:
                        sections.setdefault(item.contact.service.id, set()).add(section.section.slug)
                        if section.section.slug == ADULTS_SECTION:
                            self.adults_section.append(item.contact)
        self.only_for_adults = {sid for sid, slugs in sections.items() if slugs == {ADULTS_SECTION}}
        acute = content.tiers.get(TierSlug.ACUUT)
        self.crisis = {c.service.id for c in acute.contacts} if acute else set()

    # E1
    def is_for_adults(self, service: Service) -> bool:
        return (
            service.age_min_months is not None and service.age_min_months >= ADULT_MONTHS
        ) or service.id in self.only_for_adults

    @property
    def about_an_adult(self) -> bool:
        return self.situation.age is not None and self.situation.age.low >= ADULT_MONTHS

    def fits_age(self, service: Service) -> bool:
        """E1: a service fits an age when its range covers at least a third of the chosen band: the
        bands overlap at their ends (3–12 reaches 12 years 11 months), and a chat for 12+ is no fit
        for "a child of 3 to 12", nor is the CLB (from 3) for "a baby or toddler"."""
        band = self.situation.age
        if self.is_for_adults(service) and not self.about_an_adult:
            return False
        if band is None:
            return True
        low, high = age_bounds(service.age_min_months, service.age_max_months)
        overlap = min(high, band.high) - max(low, band.low) + 1
        return overlap * 3 >= band.high - band.low + 1

    def theme_score(self, service: Service) -> int:
        return len({t.slug for t in service.themes.all()} & set(self.themes))

    def ordered_themes(self) -> list[str]:
        """S1: safety themes first, then the ELZ's order of consult topics."""
        topic_order = {t.topic.theme.slug: i for i, t in enumerate(self.content.consult_topics)}

        def key(slug: str):
            safety = SAFETY_THEMES.index(slug) if slug in SAFETY_THEMES else len(SAFETY_THEMES)
            return (safety, topic_order.get(slug, len(topic_order)), slug)

        return sorted(self.themes, key=key)

    def consult_desks(self, themes: list[str]) -> list[Contact]:
        by_theme = {t.topic.theme.slug: t for t in self.content.consult_topics}
        return [c for slug in themes if slug in by_theme for c in by_theme[slug].contacts]


class _Shown:
    """E3: what the page already shows, by service and by phone number (never by name)."""

    def __init__(self):
        self.services: set[int] = set()
        self.phones: set[str] = set()

    def take(self, contacts: list[Contact], limit: int = 1000) -> list[Contact]:
        result = []
        for contact in contacts:
            if len(result) >= limit:
                break
            service = contact.service
            phones = {str(p.number) for p in service.phones.all()}
            if service.id in self.services or (phones and phones <= self.phones):
                continue
            self.services.add(service.id)
            self.phones |= phones
            result.append(contact)
        return result


def services_for_situation(content: RegionContent, situation: Situation) -> ActionResult:
    """The contacts for a situation, best fit first. Reads only what `content` has loaded."""
    result = ActionResult(situation)
    if situation.urgency is None:
        result.needs = "urgentie"
        return result
    result.tier = content.tiers.get(situation.urgency)
    rules = _Rules(content, situation)

    if situation.urgency == TierSlug.ACUUT:
        result.groups = _acute_groups(rules, result.tier)
    elif situation.urgency == TierSlug.GEEN_ACTIE:
        result.topics = content.consult_topics_for(situation.themes)
    elif situation.acknowledged is False:
        result.groups, result.topics = _unacknowledged(rules)
    else:
        # Acknowledged, or not said yet: the support contacts. The page asks about acknowledgement
        # beside them instead of before them, so the contacts stay three choices from the ELZ home.
        result.groups = _support_groups(rules)
    if result.groups:
        first = result.groups[0]
        contacts = first.contacts + [e.contact for e in first.entries if e.contact]
        result.answers_now = answers_now(content, situation, contacts)
    return result


def acute_contacts(content: RegionContent, situation: Situation | None = None) -> list[ContactGroup]:
    """The acute answer for a situation (none: the page /<elz>/acuut/)."""
    situation = (situation or Situation()).choose(TierSlug.ACUUT)
    return _acute_groups(_Rules(content, situation), content.tiers.get(TierSlug.ACUUT))


def _acute_groups(rules: _Rules, tier: Tier | None) -> list[ContactGroup]:
    if tier is None:
        return []
    # A1: the ELZ's order; theme lines only for their theme.
    lines = [c for c in tier.lines if not c.theme or c.theme in rules.themes]
    now, for_parent = [], []
    for contact in lines:
        # A2: adults' services are help for the parent; what excludes the age is left out.
        if rules.is_for_adults(contact.service) and not rules.about_an_adult:
            for_parent.append(contact)
        elif rules.fits_age(contact.service):
            now.append(contact)
    shown = _Shown()
    groups = [ContactGroup(_("Wie bel je nu?"), contacts=shown.take(now), role="acuut")]
    parent = shown.take(for_parent)
    if parent:
        groups.append(ContactGroup(_("Hulp voor de ouder"), _("Is een ouder zelf in een psychische crisis?"), contacts=parent))
    return groups


def _unacknowledged(rules: _Rules) -> tuple[list[ContactGroup], list[Topic]]:
    content, themes = rules.content, rules.themes
    # N1: OCJ first when verontrusting is the only mandated theme chosen; the VK first otherwise.
    first = "verontrusting" if "verontrusting" in themes and "kindermishandeling" not in themes else "kindermishandeling"
    mandated = rules.consult_desks([first] + [t for t in MANDATED_THEMES if t != first])
    groups = [
        ContactGroup(
            _("Overleg anoniem met een gemandateerde voorziening"),
            _(
                "Erkent het gezin de zorg (nog) niet? Dan kan je anoniem overleggen met het Vertrouwenscentrum "
                "Kindermishandeling of het Ondersteuningscentrum Jeugdzorg. Zij denken met je mee en beslissen "
                "of de overheid moet tussenkomen. Jij blijft verantwoordelijk voor de volgende stap."
            ),
            contacts=_Shown().take(mandated),
            role="gemandateerd",
        )
    ]
    # N2
    others = set(themes) - set(MANDATED_THEMES)
    order = {slug: i for i, slug in enumerate(rules.ordered_themes())}
    topics = sorted((t for t in content.consult_topics if t.topic.theme.slug in others), key=lambda t: order[t.topic.theme.slug])
    return groups, topics


def _age_span(service: Service) -> int:
    low, high = age_bounds(service.age_min_months, service.age_max_months)
    return high - low


def _has_age_range(service: Service) -> bool:
    return service.age_min_months is not None or service.age_max_months is not None


def _support_groups(rules: _Rules) -> list[ContactGroup]:
    """The support answer: at most MAX_BEST best fits, help for the parent, the ELZ's entry points.

    Partners that merely do not exclude the age (the long tail) are not listed: the page links to
    the partnerkaart filtered on the same age and themes instead.
    """
    content, situation, themes = rules.content, rules.situation, rules.themes
    on_card = partner_contacts(content)
    on_card_ids = {c.service.id for c in on_card}
    # Helplines and regional services that cover the region without a place on the partnerkaart
    # still belong in the answer when they fit the worry.
    extra = [Contact(s) for s in content.services.values() if s.id not in on_card_ids and themes and rules.theme_score(s)]
    candidates = on_card + extra
    order = {c.service.id: i for i, c in enumerate(candidates)}
    not_crisis = [c for c in candidates if c.service.id not in rules.crisis]  # E2

    # S1: the consult desk of each chosen theme.
    desks = [c for c in rules.consult_desks(rules.ordered_themes()) if rules.fits_age(c.service)]
    # S2: the first line for the age.
    tier = content.tiers.get(TierSlug.ONDERSTEUNING)
    tier_contacts = tier.contacts if tier else []
    first_line = [c for c in tier_contacts if situation.age and _has_age_range(c.service) and rules.fits_age(c.service)]
    # S3: the services that fit the worry (or, without a theme, made for the age).
    if themes:
        fits = [c for c in not_crisis if rules.theme_score(c.service) and rules.fits_age(c.service)]
    elif situation.age:
        fits = [c for c in not_crisis if _has_age_range(c.service) and rules.fits_age(c.service)]
    else:
        fits = []
    fits.sort(
        key=lambda c: (
            -rules.theme_score(c.service),
            not c.service.phones.all(),
            _age_span(c.service),
            order[c.service.id],
        )
    )
    # S4: help for the parent, in the order of the partnerkaart's adults section.
    for_parent = []
    if themes and not rules.about_an_adult:
        adults_order = {c.service.id: i for i, c in enumerate(rules.adults_section)}
        for_parent = [
            c
            for c in not_crisis
            if rules.is_for_adults(c.service) and rules.theme_score(c.service) and c.service.id not in rules.crisis
        ]
        for_parent.sort(key=lambda c: (adults_order.get(c.service.id, len(adults_order)), order[c.service.id]))
    # S5: the entry points.
    entry_points = [c for c in tier_contacts if not _has_age_range(c.service) and rules.fits_age(c.service)]

    shown = _Shown()
    best = shown.take(desks + first_line + fits, MAX_BEST)
    for_parent = shown.take(for_parent, MAX_FOR_PARENT)
    entry_points = shown.take(entry_points)

    groups = []
    # A zone without the role a chosen theme's consult desk stands for says so here, first, also
    # when nothing else fits (a template zone: "… heeft hier nog geen contact voor: …").
    places = tuple(f"consult:{slug}" for slug in rules.ordered_themes())
    if best or (places and content.missing_roles(*places)):
        title = _("Past het best bij wat je ziet") if themes else _("Voor deze leeftijd")
        groups.append(ContactGroup(title, contacts=best, role=places))
    if for_parent:
        groups.append(
            ContactGroup(
                _("Hulp voor de ouder"), _("Soms helpt het kind het meest als een ouder zelf hulp krijgt."), contacts=for_parent
            )
        )
    if entry_points:
        groups.append(
            ContactGroup(
                _("Hier kan je altijd terecht") if best or for_parent else _("Begin hier"),
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
