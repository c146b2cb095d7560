"""Accept one proposal of `import_sociale_kaart` into a region: what the review screen calls on "accept".

A proposal is the JSON the command writes (`ImportResult.as_json()["proposals"][n]`). Accepting
writes through the models, in one transaction, so history (simple-history, with the reviewer as
its user and "De Sociale Kaart" as its reason) and the content version follow as for any edit.
The proposal is re-checked here, because a file can be edited between import and review:

- a change only touches a service the region owns itself (a shared Flemish or provincial
  service is kept by the Redactie Vlaanderen, not by one region's review);
- a new service belongs to the region, covers only that region, and is shown on the card
  section chosen by the reviewer, if any;
- every value passes the models' own validation (phone numbers, e-mail, URL, postcode).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from partners.lib import phones as phones_lib
from partners.models import Card, Coverage, Email, Entry, Organization, Phone, Region, Section, Service

REASON = "Overgenomen van De Sociale Kaart"
FIELDS = ("sociale_kaart_id", "street", "postcode", "city", "url")


class ProposalError(ValueError):
    """The proposal cannot be accepted as it is; the message says why, in Dutch."""


def _texts(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ProposalError("Het voorstel is beschadigd: een lijst met tekst verwacht.")
    return value


def _save(obj, user) -> None:
    try:
        obj.full_clean(validate_unique=False)
    except ValidationError as exc:
        messages = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
        raise ProposalError(f"Niet overgenomen: {messages}") from None
    obj._history_user = user
    obj._change_reason = REASON
    obj.save()


def _add_contacts(service: Service, phones: list[str], emails: list[str], user) -> None:
    have_phones = set(service.phones.values_list("number", flat=True))
    have_emails = set(service.emails.values_list("address", flat=True))
    order = service.phones.count()
    for number in phones:
        try:
            phone = Phone(service=service, number=phones_lib.normalize(number), order=order)
        except ValidationError as exc:
            raise ProposalError(f"Niet overgenomen: {' '.join(exc.messages)}") from None
        if phone.number not in have_phones:
            _save(phone, user)
            have_phones.add(phone.number)
            order += 1
    order = service.emails.count()
    for address in emails:
        if address.strip().lower() not in have_emails:
            _save(Email(service=service, address=address, order=order), user)
            have_emails.add(address.strip().lower())
            order += 1


def accept(proposal: dict, region: Region, *, user=None, section: Section | None = None) -> Service:
    """Apply one proposal to `region`; returns the new or changed service. All or nothing."""
    if (
        not isinstance(proposal, dict)
        or proposal.get("kind") not in {"new", "change"}
        or not isinstance(proposal.get("offer"), dict)
    ):
        raise ProposalError("Het voorstel is beschadigd: onbekende soort.")
    if section is not None and (section.region_id != region.id or section.card != Card.PARTNERKAART):
        raise ProposalError("Die rubriek hoort niet bij de partnerkaart van deze eerstelijnszone.")
    with transaction.atomic():
        if proposal["kind"] == "change":
            service = _change(proposal, region, user)
        else:
            service = _new(proposal["offer"], region, user)
        if section is not None and not section.entries.filter(service=service).exists():
            order = (section.entries.order_by("-order").values_list("order", flat=True).first() or 0) + 1
            _save(Entry(section=section, service=service, order=order), user)
    return service


def _change(proposal: dict, region: Region, user) -> Service:
    service = Service.objects.filter(key=proposal.get("service_key") or "").select_related("organization").first()
    if service is None:
        raise ProposalError("De dienst van dit voorstel bestaat niet meer.")
    if service.organization.region_id != region.id:
        raise ProposalError(
            "Deze dienst is gedeeld of van een andere eerstelijnszone; de Redactie Vlaanderen past die aan, niet deze ELZ."
        )
    changes = proposal.get("changes")
    if not isinstance(changes, dict):
        raise ProposalError("Het voorstel is beschadigd: geen verschillen.")
    for name in FIELDS:
        if name in changes:
            value = changes[name].get("new") if isinstance(changes[name], dict) else None
            if not isinstance(value, str):
                raise ProposalError(f"Het voorstel is beschadigd: {name}.")
            setattr(service, name, value)
    _save(service, user)
    phones = _texts(changes.get("phones", {}).get("add", [])) if "phones" in changes else []
    emails = _texts(changes.get("emails", {}).get("add", [])) if "emails" in changes else []
    _add_contacts(service, phones, emails, user)
    return service


def _unique_key(name: str) -> str:
    base = slugify(name)[:70] or "dienst"
    key, n = base, 1
    while Service.objects.filter(key=key).exists():
        n += 1
        key = f"{base}-{n}"
    return key


def _new(offer: dict, region: Region, user) -> Service:
    name = offer.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ProposalError("Het voorstel is beschadigd: geen naam.")
    if offer.get("id") and Service.objects.filter(sociale_kaart_id=str(offer["id"])).exists():
        raise ProposalError("Dit aanbod van De Sociale Kaart staat al op een kaart.")
    organization = Organization.objects.filter(name=name.strip(), region=region).first()
    if organization is None:
        organization = Organization(name=name.strip(), region=region)
        _save(organization, user)
    activities = ", ".join(_texts(offer.get("activities", [])))
    service = Service(
        organization=organization,
        key=_unique_key(f"{region.slug}-{name}"),
        name=name.strip(),
        description=activities,
        url=offer.get("website") or "",
        street=offer.get("street") or "",
        postcode=offer.get("postcode") or "",
        city=offer.get("city") or "",
        sociale_kaart_id=str(offer.get("id") or ""),
        coverage=Coverage.REGIONS,
    )
    _save(service, user)
    service.regions.add(region)
    _add_contacts(service, _texts(offer.get("phones", [])), _texts(offer.get("emails", [])), user)
    return service
