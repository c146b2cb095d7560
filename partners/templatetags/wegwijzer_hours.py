"""Opening hours on a card: in words for everyone, and as data for static/js/hours.js.

`{% service_hours service as hours %}` gives `hours.words` ("di en do 10u–12u en 14u–16u", in the
active language), `hours.note` (the free text, when it says more than the rows), `hours.data` (the
JSON the card carries in `data-hours`) and `hours.phones` (words per phone number with its own
hours). `{% hours_page_data %}` is the one JSON element a page carries for every card: the Belgian
public holidays of this year and the next and the labels of the active language. Nothing here
depends on the clock but the holiday years; the status "nu bereikbaar" is worked out in the
browser, so a cached page stays one page.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django import template
from django.utils import timezone
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.html import json_script
from django.utils.translation import gettext as _

from partners.lib import hours

register = template.Library()


def labels() -> hours.Labels:
    return hours.Labels(
        short_days=tuple(str(WEEKDAYS_ABBR[i]) for i in range(7)),
        # Translators: an hour on the clock, "10u"; in English "10:00", in French "10h".
        hour=_("%(hour)su"),
        # Translators: an hour and minutes on the clock, "8u30"; in English "8:30", in French "8h30".
        hour_minute=_("%(hour)su%(minute)s"),
        # Translators: the last two items of a list, "di en do", "10u–12u en 14u–16u".
        last_and=_("%(items)s en %(last)s"),
    )


@dataclass
class CardHours:
    words: str = ""
    note: str = ""
    data: str = ""
    always: bool = False
    phones: dict[int, str] = field(default_factory=dict)


def _rows(schedules) -> list[tuple]:
    return [(s.weekday, s.opens_at, s.closes_at) for s in schedules]


def card_hours(service, note: str | None = None) -> CardHours:
    """The hours of one service for its card (its schedules and closures prefetched: no query)."""
    result = CardHours(always=service.is_always_open)
    text = service.availability if note is None else note
    schedules = list(service.schedules.all())
    own = [s for s in schedules if s.phone_id is None]
    parsed = hours.parse_free_text(service.availability)
    if service.is_always_open:
        result.note = "" if parsed is not None and parsed.always else text
        return result
    if not own:
        result.note = text
    else:
        rows = _rows(own)
        result.words = hours.words(rows, labels())
        same = parsed is not None and not parsed.always and sorted(parsed.rows) == sorted(rows)
        result.note = "" if same else text
        closures = [(c.starts_on, c.ends_on) for c in service.closures.all()]
        data = hours.card_data(False, [(s.weekday, s.opens_at, s.closes_at, s.valid_from, s.valid_to) for s in own], closures)
        result.data = json.dumps(data, separators=(",", ":"))
    for phone_id in {s.phone_id for s in schedules if s.phone_id}:
        result.phones[phone_id] = hours.words(_rows(s for s in schedules if s.phone_id == phone_id), labels())
    return result


@register.simple_tag
def service_hours(service, note=None) -> CardHours:
    return card_hours(service, note)


@register.simple_tag
def phone_hours(card: CardHours, phone) -> str:
    return card.phones.get(phone.pk, "")


def page_data() -> dict:
    """The holidays and words every card's status needs (the active language)."""
    years = hours.holiday_years(timezone.localdate())
    days = [day.isoformat() for year in years for day, _name in hours.belgian_holidays(year)]
    names = labels()
    return {
        "years": list(years),
        "holidays": days,
        "labels": {
            "days": [str(WEEKDAYS[i]) for i in range(7)],
            "hour": names.hour,
            "hourMinute": names.hour_minute,
            "today": _("vandaag"),
            "tomorrow": _("morgen"),
            # Translators: %(time)s is an hour ("16u").
            "open": _("Nu bereikbaar tot %(time)s"),
            # Translators: %(day)s is "vandaag", "morgen" or a day ("dinsdag"); %(time)s an hour ("10u").
            "closedNext": _("Nu gesloten — opent %(day)s om %(time)s"),
            "closed": _("Nu gesloten"),
            # Translators: the start of the box under the first contacts when one of them is closed now.
            "closedNow": _("Nu gesloten: %(names)s —"),
        },
    }


@register.simple_tag
def hours_page_data():
    return json_script(page_data(), "hours-data")
