"""The free text `availability` of services, read into opening hours where it is unambiguous.

`convert()` (the command `parse_hours`) turns a text that says 24/7 into the 24/7 flag and a text
such as "ma-vr 9u-17u" into schedule rows, for services that have neither yet. A text it cannot
read ("op afspraak", "ma-vr 9-17u behalve in de schoolvakanties") stays as it is and is listed:
by the command, and on the dashboard of the zone (`unparsed`). It never guesses; the text stays the
note shown next to the hours.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, QuerySet

from partners.lib import hours
from partners.models import Schedule, Service


@dataclass
class Conversion:
    always: list[Service] = field(default_factory=list)  # the 24/7 flag set
    rows: list[tuple[Service, list[hours.Row]]] = field(default_factory=list)  # schedule rows added
    unparsed: list[Service] = field(default_factory=list)  # the text says something we do not read


def without_hours(services: QuerySet) -> QuerySet:
    """Services with a free text, no 24/7 flag and no schedule rows: their hours are text only."""
    return (
        services.exclude(availability="")
        .filter(is_always_open=False)
        .exclude(Exists(Schedule.objects.filter(service=OuterRef("pk"))))
        .order_by("name")
    )


def unparsed(services: QuerySet) -> list[Service]:
    """Of `services`, those whose free text is their only hours and cannot be read as hours."""
    return [service for service in without_hours(services) if hours.parse_free_text(service.availability) is None]


def plan(services: QuerySet | None = None) -> Conversion:
    found = Conversion()
    for service in without_hours(services if services is not None else Service.objects.all()):
        parsed = hours.parse_free_text(service.availability)
        if parsed is None:
            found.unparsed.append(service)
        elif parsed.always:
            found.always.append(service)
        else:
            found.rows.append((service, list(parsed.rows)))
    return found


def convert(services: QuerySet | None = None, *, dry_run: bool = False) -> Conversion:
    """Read every free text that can be read; write the result unless `dry_run` (inside system_write())."""
    found = plan(services)
    if dry_run:
        return found
    for service in found.always:
        service.is_always_open = True
        service.save()
    for service, rows in found.rows:
        for day, opens, closes in rows:
            row = Schedule(service=service, weekday=day, opens_at=opens, closes_at=closes)
            row.full_clean()
            row.save()
    return found
