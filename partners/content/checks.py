"""Content checks for data that people edit by hand for years.

`find_problems()` is used by `manage.py check_content` (and later by the admin dashboard).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import models

from partners.lib import phones
from partners.models import Entry, Region, Service


@dataclass(frozen=True)
class Problem:
    record: str
    message: str
    obj: models.Model | None = field(default=None, compare=False, repr=False)

    def __str__(self) -> str:
        return f"{self.record}: {self.message}"


def _service_label(service: Service) -> str:
    return f"Dienst '{service.name}' ({service.key})"


def find_problems(region: Region | None = None) -> list[Problem]:
    """Every invalid or suspicious record, in a stable order; with a region, only that region's own."""
    problems: list[Problem] = []
    services = Service.objects.select_related("organization").prefetch_related("phones", "emails")
    entries = Entry.objects.filter(service__isnull=True, title="").select_related("section__region")
    if region is not None:
        services = services.filter(organization__region=region)
        entries = entries.filter(section__region=region)
    email_ok = EmailValidator()
    url_ok = URLValidator()
    by_name: dict[tuple, list[Service]] = defaultdict(list)

    for service in services:
        label = _service_label(service)
        for phone in service.phones.all():
            try:
                if phones.normalize(phone.number) != phone.number:
                    problems.append(Problem(label, obj=service, message=f"telefoonnummer {phone.number} is niet genormaliseerd"))
            except ValidationError as exc:
                problems.append(Problem(label, obj=service, message=f"ongeldig telefoonnummer {phone.number}: {exc.messages[0]}"))
        for email in service.emails.all():
            try:
                email_ok(email.address)
            except ValidationError:
                problems.append(Problem(label, obj=service, message=f"ongeldig e-mailadres {email.address}"))
        for url in filter(None, [service.url, service.organization.website]):
            try:
                url_ok(url)
            except ValidationError:
                problems.append(Problem(label, obj=service, message=f"ongeldig webadres {url}"))
        if not (service.phones.all() or service.emails.all() or service.url or service.street):
            problems.append(Problem(label, obj=service, message="geen enkel contact (telefoon, e-mail, website of adres)"))
        if service.coverage == "province" and not service.province:
            problems.append(Problem(label, obj=service, message="werkgebied is een provincie, maar er is geen provincie gekozen"))
        if (
            service.age_min_months is not None
            and service.age_max_months is not None
            and service.age_min_months > service.age_max_months
        ):
            problems.append(Problem(label, obj=service, message="de minimumleeftijd is groter dan de maximumleeftijd"))
        by_name[(service.organization.region_id, service.name.strip().casefold())].append(service)

    for group in by_name.values():
        if len(group) > 1:
            keys = ", ".join(s.key for s in group)
            problems.append(Problem(_service_label(group[0]), f"dubbele dienst met dezelfde naam ({keys})", group[0]))

    for entry in entries:
        problems.append(Problem(f"Regel {entry.pk} in {entry.section}", "geen dienst en geen titel", entry))

    return problems
