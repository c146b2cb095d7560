"""Offers of De Sociale Kaart (desocialekaart.be) as proposals for a region: parse, filter, match, compare.

Pure functions on plain data, no database: the command `import_sociale_kaart` gathers the
region's postcodes and services and hands them in. The shape read is the one in
docs/sociale-kaart.md (from public client code; there is no official documentation), so every
field is read defensively: what cannot be read is reported, never guessed.

- `read_records(data)`: the records of one or more pages, in either paging wrapper
  (`content[]`, or HAL's `_embedded.healthOfferProviderRepresentationList[]`).
- `parse_offer(record)`: an `Offer` with the fields we use and the `problems` found.
- `propose(records, postcodes, services)`: an `ImportResult`: proposals (new services, and
  per-field differences for matched ones) and what was left out and why.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from partners.lib import emails, phones
from partners.lib.text import one_line

HAL_LIST = "healthOfferProviderRepresentationList"

# Caps on what one import reads, so that a broken or hostile file ends in a Dutch message, not a
# traceback, a hung process or ten thousand proposals for staff to review.
MAX_BYTES = 20 * 1024 * 1024  # one file or one page of the API
MAX_DEPTH = 20  # nested objects and lists: a real record is about 6 deep
MAX_DIGITS = 30  # an integer in the file (ids are short; Python refuses to read 4,300 digits anyway)
MAX_OFFERS = 2000  # per run: a rubric of one region holds far fewer; import the rest per rubric


class SocialeKaartError(ValueError):
    """The file is not in a shape we know."""


@dataclass
class Offer:
    id: str
    name: str
    street: str = ""
    postcode: str = ""
    city: str = ""
    postcodes: list[str] = field(default_factory=list)  # of every address
    phones: list[str] = field(default_factory=list)  # stored form (E.164 or short number)
    emails: list[str] = field(default_factory=list)
    website: str = ""
    activities: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # fields that could not be read
    notes: list[str] = field(default_factory=list)  # what was changed to read it (https:// added)


@dataclass
class Known:
    """A service the region shows, as the matcher needs it."""

    key: str
    name: str
    sociale_kaart_id: str = ""
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    url: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""


@dataclass
class OfferProposal:
    kind: str  # "new" or "change"
    offer: Offer
    service_key: str = ""  # the matched service, for "change"
    matched_by: str = ""  # "sociale_kaart_id", "phone", "email" or "name"
    changes: dict[str, dict[str, Any]] = field(default_factory=dict)  # field -> {"old": …, "new": …}


@dataclass
class Skipped:
    id: str
    name: str
    reason: str


@dataclass
class ImportResult:
    proposals: list[OfferProposal] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)  # keys of matched services without differences

    def as_json(self) -> dict:
        return {
            "proposals": [asdict(p) for p in self.proposals],
            "skipped": [asdict(s) for s in self.skipped],
            "unchanged": self.unchanged,
        }


# -- reading -------------------------------------------------------------------------------


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise SocialeKaartError(f"Een getal in het bestand is te lang ({len(text)} cijfers; ten hoogste {MAX_DIGITS}).")
    return int(text)


def _check_depth(data: Any) -> None:
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise SocialeKaartError(f"Het bestand is te diep genest (meer dan {MAX_DEPTH} niveaus).")
        if isinstance(value, dict):
            stack.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)


def load_json(raw: bytes) -> Any:
    """The JSON in `raw` (a file or a page of the API), within the caps above; SocialeKaartError in Dutch otherwise."""
    if len(raw) > MAX_BYTES:
        raise SocialeKaartError(f"Het bestand is te groot (ten hoogste {MAX_BYTES // (1024 * 1024)} MB). Importeer per rubriek.")
    try:
        data = json.loads(raw.decode("utf-8"), parse_int=_bounded_int)
    except RecursionError:
        raise SocialeKaartError(f"Het bestand is te diep genest (meer dan {MAX_DEPTH} niveaus).") from None
    except UnicodeDecodeError:
        raise SocialeKaartError("Het bestand is geen UTF-8-tekst.") from None
    except json.JSONDecodeError as exc:
        raise SocialeKaartError(f"Het bestand is geen leesbare JSON: {exc}") from None
    _check_depth(data)
    return data


def read_records(data: Any) -> list[dict]:
    """The records of a page, or of a list of pages, in either wrapper (or a bare list of records)."""
    pages = data if isinstance(data, list) else [data]
    records: list[dict] = []
    for page in pages:
        if not isinstance(page, dict):
            raise SocialeKaartError("Een pagina is geen JSON-object.")
        if "content" in page:
            items = page["content"]
        elif isinstance(page.get("_embedded"), dict) and HAL_LIST in page["_embedded"]:
            items = page["_embedded"][HAL_LIST]
        elif "id" in page and "legalName" in page:
            items = [page]  # a bare record in a list of records
        else:
            raise SocialeKaartError("Onbekende vorm: geen ‘content’ en geen ‘_embedded.healthOfferProviderRepresentationList’.")
        if not isinstance(items, list):
            raise SocialeKaartError("De lijst met aanbod is geen JSON-lijst.")
        records.extend(items)
        if len(records) > MAX_OFFERS:
            raise SocialeKaartError(
                f"Te veel aanbod in één keer: meer dan {MAX_OFFERS}. Importeer per rubriek, of een kleiner bestand."
            )
    return records


def _get(obj: Any, *path: str) -> Any:
    for name in path:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(name)
    return obj


def _text(value: Any) -> str:
    """A one-line text (names, streets, cities): line breaks and other control characters become spaces."""
    return one_line(value) if isinstance(value, str) else ""


def _values(items: Any) -> list[tuple[str, bool]]:
    """(value, primary) of a list of {value, primary}; primary ones first."""
    if not isinstance(items, list):
        return []
    pairs = [(_text(_get(i, "value")) if isinstance(i, dict) else _text(i), bool(_get(i, "primary"))) for i in items]
    return sorted(pairs, key=lambda pair: not pair[1])


_url = URLValidator(schemes=["http", "https"])


def parse_offer(record: Any) -> Offer | None:
    """The offer in a record, or None when it has no name (nothing to propose)."""
    if not isinstance(record, dict):
        return None
    offer_id = _get(record, "id", "id")
    name = _text(_get(record, "legalName", "description"))
    if not name:
        return None
    offer = Offer(id=str(offer_id).strip() if isinstance(offer_id, (str, int)) else "", name=name)
    if not offer.id:
        offer.problems.append("id: ontbreekt of is onleesbaar")

    addresses = (
        [a for a in (record.get("addresses") or []) if isinstance(a, dict)] if isinstance(record.get("addresses"), list) else []
    )
    for address in sorted(addresses, key=lambda a: not a.get("primary")):
        postcode = str(_get(address, "municipality", "postalCode") or "").strip()
        if postcode and not (len(postcode) == 4 and postcode.isdigit()):
            offer.problems.append(f"postcode: ‘{postcode}’ is geen Belgische postcode")
            continue
        if postcode:
            offer.postcodes.append(postcode)
        if not offer.postcode and postcode:
            street = _text(_get(address, "street", "name", "description"))
            number = str(address.get("number") or "").strip()
            offer.street = f"{street} {number}".strip() if street else ""
            offer.postcode = postcode
            offer.city = _text(_get(address, "municipality", "name", "description"))

    for raw, _primary in _values(_get(record, "contactInfo", "phones")):
        if not raw:
            continue
        try:
            number = phones.normalize(raw)
        except ValidationError:
            offer.problems.append(f"telefoon: ‘{raw}’ is geen geldig Belgisch nummer")
            continue
        if number not in offer.phones:
            offer.phones.append(number)

    for raw, _primary in _values(_get(record, "contactInfo", "emails")):
        if not raw:
            continue
        try:
            validate_email(raw)
        except ValidationError:
            offer.problems.append(f"e-mail: ‘{raw}’ is geen e-mailadres")
            continue
        if emails.normalize(raw) not in offer.emails:
            offer.emails.append(emails.normalize(raw))

    for raw, _primary in _values(_get(record, "contactInfo", "websites")):
        if not raw or offer.website:
            continue
        url = raw if "://" in raw else f"https://{raw}"
        try:
            _url(url)
        except ValidationError:
            offer.problems.append(f"website: ‘{raw}’ is geen webadres")
            continue
        if url != raw:
            offer.notes.append(f"website: ‘{raw}’ had geen http(s)://; https:// toegevoegd")
        offer.website = url

    activities = record.get("activities")
    if isinstance(activities, list):
        offer.activities = [t for t in (_text(_get(a, "name", "description")) for a in activities) if t]
    return offer


# -- matching ------------------------------------------------------------------------------


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c)).split())


def match(offer: Offer, services: list[Known]) -> tuple[Known | None, str]:
    """The service this offer is, and by what: the Sociale Kaart id, then a phone, an e-mail, the name.

    A phone or e-mail that several services share (a central number) does not decide.
    """
    if offer.id:
        found = [s for s in services if s.sociale_kaart_id == offer.id]
        if found:
            return found[0], "sociale_kaart_id"
    for attr, how in (("phones", "phone"), ("emails", "email")):
        wanted = set(getattr(offer, attr))
        found = [s for s in services if wanted & set(getattr(s, attr))]
        if len(found) == 1:
            return found[0], how
    name = _fold(offer.name)
    found = [s for s in services if _fold(s.name) == name]
    if len(found) == 1:
        return found[0], "name"
    return None, ""


def differences(offer: Offer, service: Known) -> dict[str, dict[str, Any]]:
    """Per field what De Sociale Kaart says and we do not; where it says nothing, nothing changes."""
    changes: dict[str, dict[str, Any]] = {}
    if offer.id and service.sociale_kaart_id != offer.id:
        changes["sociale_kaart_id"] = {"old": service.sociale_kaart_id, "new": offer.id}
    for name in ("street", "postcode", "city"):
        new = getattr(offer, name)
        if new and new != getattr(service, name):
            changes[name] = {"old": getattr(service, name), "new": new}
    if offer.website and offer.website.rstrip("/") != service.url.rstrip("/"):
        changes["url"] = {"old": service.url, "new": offer.website}
    for name in ("phones", "emails"):
        added = [v for v in getattr(offer, name) if v not in getattr(service, name)]
        if added:
            changes[name] = {"old": list(getattr(service, name)), "add": added}
    return changes


def propose(records: list[dict], postcodes: set[str], services: list[Known]) -> ImportResult:
    """Proposals for the region with these postcodes, which shows these services."""
    result = ImportResult()
    seen: set[str] = set()
    proposed_for: dict[str, str] = {}  # service key -> offer id already proposed for it
    for record in records:
        offer = parse_offer(record)
        if offer is None:
            result.skipped.append(Skipped(id=str(_get(record, "id", "id") or ""), name="", reason="geen naam (legalName)"))
            continue
        if offer.id and offer.id in seen:
            result.skipped.append(Skipped(offer.id, offer.name, "dubbel: staat meer dan eens in het bestand"))
            continue
        seen.add(offer.id)
        if not offer.postcodes:
            result.skipped.append(Skipped(offer.id, offer.name, "geen (leesbaar) adres: niet te plaatsen in een gemeente"))
            continue
        if not set(offer.postcodes) & postcodes:
            result.skipped.append(Skipped(offer.id, offer.name, f"buiten de ELZ (postcode {', '.join(offer.postcodes)})"))
            continue
        service, how = match(offer, services)
        if service is None:
            result.proposals.append(OfferProposal(kind="new", offer=offer))
            continue
        if service.key in proposed_for:
            result.skipped.append(
                Skipped(
                    offer.id,
                    offer.name,
                    f"dubbel: past op dezelfde dienst ‘{service.key}’ als aanbod {proposed_for[service.key]}",
                )
            )
            continue
        proposed_for[service.key] = offer.id
        changes = differences(offer, service)
        if changes or offer.problems:
            result.proposals.append(
                OfferProposal(kind="change", offer=offer, service_key=service.key, matched_by=how, changes=changes)
            )
        else:
            result.unchanged.append(service.key)
    return result


# -- the report ----------------------------------------------------------------------------

LABELS = {
    "sociale_kaart_id": "id op De Sociale Kaart",
    "street": "straat en nummer",
    "postcode": "postcode",
    "city": "gemeente",
    "url": "website",
    "phones": "telefoon",
    "emails": "e-mail",
}
MATCHED_BY = {
    "sociale_kaart_id": "hetzelfde id",
    "phone": "hetzelfde telefoonnummer",
    "email": "hetzelfde e-mailadres",
    "name": "dezelfde naam",
}


def report(result: ImportResult) -> str:
    """The proposals as a plain Dutch text for the region's staff."""
    lines: list[str] = []
    new = [p for p in result.proposals if p.kind == "new"]
    changed = [p for p in result.proposals if p.kind == "change"]
    lines.append(
        f"{len(new)} nieuwe diensten, {len(changed)} diensten met verschillen, "
        f"{len(result.unchanged)} zonder verschil, {len(result.skipped)} niet opgenomen."
    )
    if new:
        lines += ["", "Nieuw (nog niet op de kaart):"]
        for p in new:
            o = p.offer
            address = ", ".join(part for part in (o.street, " ".join(x for x in (o.postcode, o.city) if x)) if part)
            contact = ", ".join([*o.phones, *o.emails, *([o.website] if o.website else [])])
            lines.append(f"- {o.name} [{o.id}]" + (f" – {address}" if address else "") + (f" – {contact}" if contact else ""))
            lines += _problems(o)
    if changed:
        lines += ["", "Verschillen met wat op de kaart staat:"]
        for p in changed:
            lines.append(f"- {p.service_key} ↔ {p.offer.name} [{p.offer.id}], herkend aan {MATCHED_BY[p.matched_by]}:")
            for name, change in p.changes.items():
                if "add" in change:
                    lines.append(f"    {LABELS[name]}: erbij {', '.join(change['add'])}")
                else:
                    lines.append(f"    {LABELS[name]}: ‘{change['old'] or '(leeg)'}’ → ‘{change['new']}’")
            lines += _problems(p.offer)
    if result.skipped:
        lines += ["", "Niet opgenomen:"]
        lines += [f"- {s.name or '(zonder naam)'} [{s.id or '?'}]: {s.reason}" for s in result.skipped]
    return "\n".join(lines) + "\n"


def _problems(offer: Offer) -> list[str]:
    return [f"    niet gelezen – {p}" for p in offer.problems] + [f"    let op – {n}" for n in offer.notes]
