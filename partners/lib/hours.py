"""Opening hours: reading them from text, writing them as text, the Belgian public holidays.

Hours are rows `(day, opens, closes)`: an HSDS `byday` code (MO..SU) and two times in
Europe/Brussels; a closing time at or before the opening time ends the next day. Three text forms:

- the free text editors and seeds wrote ("dinsdag en donderdag van 10u - 12u en 14u - 16u",
  "ma-vr 9u-17u", "24/7"): `parse_free_text` reads it only when it is unambiguous and answers
  None otherwise (never a guess: "op afspraak", "behalve in de vakanties" are not hours);
- the import/export column `uren` ("ma 09:00-17:00; di 10:00-12:00"): `format_rows` and
  `parse_rows`, the latter with a Dutch message for what it cannot read; `parse_typed` reads a
  form field (the partner's link, the one-form partner): those rows, or an unambiguous free text;
- words for people ("di en do 10u–12u en 14u–16u"): `words`, with the day names and the time
  format of the active language.

The open/closed computation at a moment runs in the browser (static/js/hours.js) from the data
of `card_data` and `page_data`, so that a cached page stays one page; `status_at` is the same rule
in Python (the tests compare the two).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
BRUSSELS = ZoneInfo("Europe/Brussels")

Row = tuple[str, time, time]

# -- the free text --------------------------------------------------------------------------------

_DAY_WORDS = {
    "maandag": "MO", "ma": "MO", "maandagen": "MO",
    "dinsdag": "TU", "di": "TU", "dinsdagen": "TU",
    "woensdag": "WE", "wo": "WE", "woensdagen": "WE",
    "donderdag": "TH", "do": "TH", "donderdagen": "TH",
    "vrijdag": "FR", "vr": "FR", "vrijdagen": "FR",
    "zaterdag": "SA", "za": "SA", "zaterdagen": "SA",
    "zondag": "SU", "zo": "SU", "zondagen": "SU",
}  # fmt: skip
_WORKDAYS = ("werkdagen", "weekdagen", "op werkdagen", "elke werkdag")
_ALWAYS = re.compile(r"^(24 ?/ ?7|24 ?u ?/ ?7 ?d?|24 ?u ?op ?24,? ?7 ?d(agen)? ?op ?7|dag en nacht|altijd)$")
_TIME = r"(\d{1,2})(?:[:.hu](\d{2}))?\s*(u|uur|h)?"
_INTERVAL = re.compile(rf"^{_TIME}\s*(?:-|tot)\s*{_TIME}$")
_LEAD = re.compile(r"^(telkens|elke|iedere)?\s*(op)?\s*")


@dataclass(frozen=True)
class Parsed:
    """What a free text says: always open, or these weekly rows."""

    always: bool = False
    rows: tuple[Row, ...] = ()


def _normal(text: str) -> str:
    text = text.strip().lower().replace("–", "-").replace("—", "-").replace("\u00a0", " ")
    text = re.sub(r"\s+", " ", text).rstrip(".").strip()
    return re.sub(r"\s*-\s*", "-", text)


def _time(hour: str, minute: str | None) -> time | None:
    h, m = int(hour), int(minute or 0)
    if h == 24 and m == 0:
        return time(0, 0)
    if not (0 <= h <= 23 and 0 <= m <= 59):
        return None
    return time(h, m)


def _days(text: str) -> list[str] | None:
    text = _LEAD.sub("", text.strip()).strip()
    if text in _WORKDAYS or text.removeprefix("op ") in _WORKDAYS:
        return list(DAYS[:5])
    days: list[str] = []
    for part in re.split(r",| en | & ", text):
        part = part.strip()
        if not part:
            return None
        span = re.split(r"-| tot (?:en met )?", part)
        if len(span) == 2 and all(s.strip() in _DAY_WORDS for s in span):
            first, last = DAYS.index(_DAY_WORDS[span[0].strip()]), DAYS.index(_DAY_WORDS[span[1].strip()])
            if last <= first:
                return None
            days += DAYS[first : last + 1]
        elif part in _DAY_WORDS:
            days.append(_DAY_WORDS[part])
        else:
            return None
    return days if days and len(set(days)) == len(days) else None


def _intervals(text: str) -> list[tuple[time, time]] | None:
    found = []
    for part in re.split(r",| en ", text):
        match = _INTERVAL.match(part.strip())
        if not match:
            return None
        h1, m1, u1, h2, m2, u2 = match.groups()
        # Hours only when the text says so: a unit ("10u", "16 uur"), or minutes ("9:30").
        if not (u1 or u2 or m1 or m2):
            return None
        opens, closes = _time(h1, m1), _time(h2, m2)
        if opens is None or closes is None or opens == closes:
            return None
        found.append((opens, closes))
    return found or None


def parse_free_text(text: str) -> Parsed | None:
    """The hours a free text says, or None when it is empty or not unambiguous."""
    text = _normal(text or "")
    if not text:
        return None
    if _ALWAYS.match(text):
        return Parsed(always=True)
    rows: list[Row] = []
    for clause in text.split(";"):
        match = re.match(r"^(?P<days>[^\d]+?)\s*(?:van\s+|:\s*)?(?P<times>\d.*)$", clause.strip())
        if not match:
            return None
        days, intervals = _days(match["days"].rstrip(": ")), _intervals(match["times"])
        if days is None or intervals is None:
            return None
        rows += [(day, opens, closes) for day in days for opens, closes in intervals]
    if len(set(rows)) != len(rows):
        return None
    return Parsed(rows=tuple(sort_rows(rows)))


def sort_rows(rows) -> list[Row]:
    return sorted(rows, key=lambda row: (DAYS.index(row[0]), row[1], row[2]))


# -- the import/export column --------------------------------------------------------------------

_SHORT = ("ma", "di", "wo", "do", "vr", "za", "zo")
_ROW = re.compile(r"^([a-z]{2})\s+(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$")


def format_rows(rows) -> str:
    """ "ma 09:00-17:00; di 10:00-12:00" (the column `uren`)."""
    return "; ".join(f"{_SHORT[DAYS.index(day)]} {opens:%H:%M}-{closes:%H:%M}" for day, opens, closes in sort_rows(rows))


class RowsError(ValueError):
    """A Dutch message saying which part of the column could not be read."""


def parse_rows(text: str) -> list[Row]:
    """The rows of an `uren` cell; RowsError (in Dutch) for anything else."""
    rows: list[Row] = []
    for part in (text or "").split(";"):
        part = part.strip().lower()
        if not part:
            continue
        match = _ROW.match(part)
        if not match or match[1] not in _SHORT:
            raise RowsError(
                f"‘{part}’ kunnen we niet lezen als openingsuur. Schrijf een dag (ma, di, wo, do, vr, za, zo), "
                "een spatie en de uren, bv. ‘ma 09:00-17:00; di 10:00-12:00’."
            )
        opens, closes = _time(match[2], match[3]), _time(match[4], match[5])
        if opens is None or closes is None:
            raise RowsError(f"‘{part}’: een uur gaat van 00:00 tot 23:59.")
        if opens == closes:
            raise RowsError(f"‘{part}’: ‘van’ en ‘tot’ zijn gelijk. Is de dienst altijd open? Zet dan 24/7 op ja.")
        row = (DAYS[_SHORT.index(match[1])], opens, closes)
        if row in rows:
            raise RowsError(f"‘{part}’ staat er twee keer.")
        rows.append(row)
    return sort_rows(rows)


def parse_typed(text: str) -> Parsed:
    """The hours a person typed in a form: the column's rows, one per line or `;` between
    ("ma 09:00-17:00"), or else a free text that reads unambiguously ("ma-vr 9u-17u", "24/7").
    RowsError (the column's Dutch message) for anything else; empty text is no rows."""
    joined = ";".join(line.strip() for line in (text or "").splitlines() if line.strip())
    try:
        return Parsed(rows=tuple(parse_rows(joined)))
    except RowsError:
        parsed = parse_free_text(joined)
        if parsed is None:
            raise
        return parsed


# -- words ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Labels:
    """The words of one language (from gettext at the call site: lib imports no app module)."""

    short_days: tuple[str, ...]  # ma, di, ...
    hour: str  # "%(hour)su"
    hour_minute: str  # "%(hour)su%(minute)s"
    last_and: str  # "%(items)s en %(last)s"
    separator: str = ", "


def time_words(value: time, labels: Labels) -> str:
    if value.minute:
        return labels.hour_minute % {"hour": value.hour, "minute": f"{value.minute:02d}"}
    return labels.hour % {"hour": value.hour}


def _and(items: list[str], labels: Labels) -> str:
    if len(items) == 1:
        return items[0]
    return labels.last_and % {"items": labels.separator.join(items[:-1]), "last": items[-1]}


def words(rows, labels: Labels) -> str:
    """ "di en do 10u–12u en 14u–16u"; "ma–vr 9u–17u"; groups of days with the same hours, "; " between."""
    by_day: dict[str, list[tuple[time, time]]] = {}
    for day, opens, closes in sort_rows(rows):
        by_day.setdefault(day, []).append((opens, closes))
    groups: list[tuple[list[str], tuple]] = []
    for day in DAYS:
        if day not in by_day:
            continue
        hours = tuple(by_day[day])
        for group in groups:
            if group[1] == hours:
                group[0].append(day)
                break
        else:
            groups.append(([day], hours))
    parts = []
    for days, hours in groups:
        indexes = [DAYS.index(day) for day in days]
        if len(days) >= 3 and indexes == list(range(indexes[0], indexes[-1] + 1)):
            day_text = f"{labels.short_days[indexes[0]]}–{labels.short_days[indexes[-1]]}"
        else:
            day_text = _and([labels.short_days[i] for i in indexes], labels)
        spans = [f"{time_words(opens, labels)}–{time_words(closes, labels)}" for opens, closes in hours]
        parts.append(f"{day_text} {_and(spans, labels)}")
    return "; ".join(parts)


# -- holidays ---------------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def belgian_holidays(year: int) -> tuple[tuple[date, str], ...]:
    """The Belgian public holidays of a year (the `holidays` library), with their Dutch names."""
    import holidays

    found = holidays.country_holidays("BE", years=year, language="nl")
    return tuple(sorted(found.items()))


def holiday_years(today: date) -> tuple[int, int]:
    """The years whose holidays a page carries: this one and the next."""
    return (today.year, today.year + 1)


# -- the data a page carries, and the same rule in Python -----------------------------------------


def _minutes(value: time) -> int:
    return value.hour * 60 + value.minute


def card_data(always: bool, rows, closures) -> dict:
    """What one card carries (`data-hours`): the weekly rows as [day 0–6, from, until (minutes),
    valid from, valid to] and the closures as [first day, last day] (ISO dates)."""
    if always:
        return {"a": 1}
    return {
        "w": [
            [
                DAYS.index(day),
                _minutes(opens),
                _minutes(closes),
                start.isoformat() if start else "",
                end.isoformat() if end else "",
            ]
            for day, opens, closes, start, end in rows
        ],
        "c": [[first.isoformat(), last.isoformat()] for first, last in closures],
    }


@dataclass(frozen=True)
class Status:
    open: bool
    until: datetime | None = None  # open: when it closes (Brussels time)
    opens: datetime | None = None  # closed: when it opens next (within a week), or None


def _intervals_of(data: dict, day: date, holidays: set[date]) -> list[tuple[int, int]]:
    """The intervals (minutes from that day's midnight) that start on `day`."""
    key = day.isoformat()
    if day in holidays or any(first <= key <= last for first, last in data.get("c", [])):
        return []
    found = []
    for weekday, opens, closes, start, end in data.get("w", []):
        if weekday != day.weekday() or (start and key < start) or (end and key > end):
            continue
        found.append((opens, closes if closes > opens else closes + 1440))
    return sorted(found)


def status_at(data: dict, moment: datetime, holidays: set[date]) -> Status:
    """Open or closed at `moment` (any time zone), by the rule hours.js follows."""
    local = moment.astimezone(BRUSSELS)
    today = local.date()
    now = local.hour * 60 + local.minute
    spans = []  # (start, end) in minutes from today's midnight: from yesterday's to a week ahead
    for offset in range(-1, 8):
        day = today + timedelta(days=offset)
        spans += [(offset * 1440 + s, offset * 1440 + e) for s, e in _intervals_of(data, day, holidays)]
    spans.sort()

    def at(minutes: int) -> datetime:
        day = today + timedelta(days=minutes // 1440)
        return datetime.combine(day, time(minutes % 1440 // 60, minutes % 60), BRUSSELS)

    for start, end in spans:
        if start <= now < end:
            for other_start, other_end in spans:  # a next interval that starts when this one ends
                if other_start <= end < other_end or other_start == end:
                    end = max(end, other_end)
            return Status(True, until=at(end))
    # Within a week a day name says which day; later than that the status says only "gesloten".
    upcoming = [start for start, _end in spans if now < start < 7 * 1440]
    return Status(False, opens=at(min(upcoming)) if upcoming else None)
