"""What to do now, when a contact of the first group answers only at set hours (rules H1–H4).

The page is one cached page: whether a contact is closed is known only in the browser
(static/js/hours.js). This module decides, for the first group of contacts of a situation, which
way answers outside those hours; the page always says it ("Buiten de uren van … "), and the script
puts "Nu gesloten: …" in front of it when one of them is closed at the moment of viewing.

  H1  For each contact of the first group with opening hours (and not 24/7): the services this
      zone shows that take on one of its essential roles and answer 24/7 (`is_always_open`).
  H2  None for any of those roles, and a contact stands for a child's safety (the VK, the OCJ, a
      consult desk about kindermishandeling or verontrusting): the zone's 24/7 crisis line for
      minors (role `crisis-minderjarigen`), unless the worry is about an adult.
  H3  Always last: 112 and 1733 for acute danger (the acute numbers of every page, seed 000);
      in bold, as the answer, when the urgency is acute.
  H4  No 24/7 line known (none of the role, no crisis line): the page says so, and that the hours
      are on the card; never a number from memory.

docs/ranking.md has the same rules in words, beside the ranking rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from partners.models import TierSlug
from partners.public.selectors import Contact, RegionContent
from partners.public.situation import Situation

SAFETY_ROLES = ("vk", "ocj")
SAFETY_THEMES = ("kindermishandeling", "verontrusting")
CRISIS_ROLE = "crisis-minderjarigen"
ADULT_MONTHS = 216


@dataclass
class AnswersNow:
    """The contacts of the first group with set hours, and what answers outside them."""

    closed: list[Contact]  # contacts that may be closed at the moment of viewing
    lines: list[Contact] = field(default_factory=list)  # H1/H2: 24/7 services
    crisis: bool = False  # H2: the lines are the crisis line for minors, not the role's own line
    acute: bool = False  # H3

    @property
    def names(self) -> str:
        return ", ".join(contact.display_title for contact in self.closed)


def _has_hours(contact: Contact) -> bool:
    service = contact.service
    return not service.is_always_open and any(s.phone_id is None for s in service.schedules.all())


def answers_now(content: RegionContent, situation: Situation, contacts: list[Contact]) -> AnswersNow | None:
    """The way that answers when a contact in `contacts` (the first group) is closed; None when
    none of them has set hours."""
    closed = [contact for contact in contacts if _has_hours(contact)]
    if not closed:
        return None
    found = AnswersNow(closed=closed, acute=situation.urgency == TierSlug.ACUUT)
    shown = {contact.service.id for contact in contacts}
    always_open = [s for s in content.services.values() if s.is_always_open and s.phones.all()]
    roles = {role.key for contact in closed for role in contact.service.roles.all()}
    # H1: a 24/7 line of the same role.
    lines = [s for s in always_open if s.id not in shown and roles & {role.key for role in s.roles.all()}]
    about_adult = situation.age is not None and situation.age.low >= ADULT_MONTHS
    safety = roles & set(SAFETY_ROLES) or any(
        theme.slug in SAFETY_THEMES for contact in closed for theme in contact.service.themes.all()
    )
    if not lines and safety and not about_adult:
        # H2: the crisis line for minors.
        lines = [s for s in always_open if s.id not in shown and CRISIS_ROLE in {role.key for role in s.roles.all()}]
        found.crisis = bool(lines)
    found.lines = [Contact(service) for service in sorted(lines, key=lambda s: s.name)]
    return found
