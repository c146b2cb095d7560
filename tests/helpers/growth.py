"""Grow a region's data, to prove that page query counts do not depend on data size.

The tests assert equal counts before and after, so three times the data proves what ten times
would, in a third of the time.
"""

import uuid

from partners.models import ConsultContact, Email, Entry, Phone, Service, TierContact
from partners.versions import deferred_bumps

GROWTH = 3


def grow(region, factor: int = GROWTH) -> None:
    """Copy every service on the region's cards `factor - 1` times, with their lines, phones and e-mails."""
    with deferred_bumps():
        _grow(region, factor)


def _grow(region, factor: int) -> None:
    services = list(Service.objects.filter(entries__section__region=region).distinct().prefetch_related("themes"))
    entries = list(Entry.objects.filter(section__region=region, parent__isnull=True))
    tier_lines = list(TierContact.objects.filter(tier__region=region))
    consult_lines = list(ConsultContact.objects.filter(topic__region=region))
    for copy in range(factor - 1):
        for n, service in enumerate(services):
            themes = list(service.themes.all())
            clone = Service.objects.get(pk=service.pk)
            clone.pk = None
            clone.uuid = uuid.uuid4()  # a copy is another HSDS object
            clone.key = f"{service.key}-kopie-{copy}"
            clone.name = f"{service.name} (kopie {copy})"
            clone.save()
            clone.themes.set(themes)
            clone.regions.set([region])
            Phone.objects.create(service=clone, number=f"+32162{copy}{n:04d}")
            Email.objects.create(service=clone, address=f"kopie{copy}.{n}@voorbeeld.be")
            entry = entries[n % len(entries)]
            Entry.objects.create(section=entry.section, service=clone, order=100 + n)
            child_parent = entries[(n + 1) % len(entries)]
            Entry.objects.create(section=child_parent.section, parent=child_parent, service=clone, order=200 + n)
        for line in tier_lines[:2]:
            TierContact.objects.create(tier=line.tier, service=line.service, order=50 + copy)
        for line in consult_lines[:3]:
            ConsultContact.objects.create(topic=line.topic, service=line.service, order=50 + copy)
