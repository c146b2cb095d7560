"""The import's offers as `Proposal` rows for the region's staff, reviewed in the admin (docs/sociale-kaart.md).

`partners.content.sociale_kaart` compares offers with the services a region shows, without a
database. This module turns that comparison into what the review screen shows: per matched
service of the region its own differences, per new offer a proposal without service
(service=None) with the offer's fields and its Sociale Kaart id. Accepting is
`partners.content.review.accept_proposal`, the same path as a partner's proposal.

- Only the region's own services are changed here. An offer matched to a shared (Flemish or
  provincial) service is a note in the report for the redactie Vlaanderen, not a proposal.
- Running the same file again adds nothing: an open proposal with the same service and the
  same changes (for a new service: the same Sociale Kaart id), or one rejected with exactly
  those changes, is not proposed again.
- All or nothing: the rows are made in one transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.db import transaction

from partners.content import review
from partners.content.sociale_kaart import LABELS, MATCHED_BY, OfferProposal
from partners.models import Proposal, ProposalSource, ProposalStatus, Region, Service, region_id_of


def proposal_changes(proposal: OfferProposal, service: Service | None) -> dict:
    """The differences in the shape of `Proposal.changes`: field -> proposed value; phones and
    e-mails as the whole proposed list (what the service has, plus what De Sociale Kaart adds)."""
    if proposal.kind == "new":
        offer = proposal.offer
        values = {
            "name": offer.name,
            "description": ", ".join(offer.activities),
            "phones": list(offer.phones),
            "emails": list(offer.emails),
            "url": offer.website,
            "street": offer.street,
            "postcode": offer.postcode,
            "city": offer.city,
            "sociale_kaart_id": offer.id,
        }
        return {name: value for name, value in values.items() if value}
    changes: dict = {}
    for name, change in proposal.changes.items():
        changes[name] = [*change["old"], *change["add"]] if "add" in change else change["new"]
    return changes


def proposal_note(proposal: OfferProposal) -> str:
    offer = proposal.offer
    lines = [f"Aanbod ‘{offer.name}’ [{offer.id or '?'}] op De Sociale Kaart."]
    if proposal.kind == "change":
        lines.append(f"Herkend aan {MATCHED_BY[proposal.matched_by]}.")
    lines += [f"Niet gelezen – {problem}" for problem in offer.problems]
    lines += [f"Let op – {note}" for note in offer.notes]
    return "\n".join(lines)


def _same(changes: dict) -> str:
    return json.dumps(changes, sort_keys=True, ensure_ascii=False)


@dataclass
class Planned:
    offer: OfferProposal
    service: Service | None
    changes: dict
    note: str


@dataclass
class Plan:
    """What an import would put in the review queue of `region`, and what it leaves out."""

    region: Region
    new: list[Planned] = field(default_factory=list)
    already: list[OfferProposal] = field(default_factory=list)  # an identical proposal is open (or was rejected)
    shared: list[OfferProposal] = field(default_factory=list)  # matched a shared service: for the redactie Vlaanderen
    created: list[Proposal] = field(default_factory=list)

    def save(self) -> list[Proposal]:
        with transaction.atomic():
            self.created = [
                review.open_proposal(
                    region_id=self.region.pk,
                    service=planned.service,
                    source=ProposalSource.SOCIALE_KAART,
                    changes=planned.changes,
                    note=planned.note,
                )
                for planned in self.new
            ]
        return self.created

    def report(self) -> str:
        summary = (
            f"Voor de redactie van {self.region.name}: {len(self.new)} nieuwe voorstellen, "
            f"{len(self.already)} stonden al klaar (of werden afgewezen), {len(self.shared)} op een gedeelde dienst."
        )
        lines = [summary]
        if self.shared:
            lines += ["", "Op een gedeelde dienst (die past de redactie Vlaanderen aan; geen voorstel gemaakt):"]
            for p in self.shared:
                fields = ", ".join(LABELS[name] for name in p.changes)
                lines.append(f"- {p.service_key} ↔ {p.offer.name} [{p.offer.id}]: {fields}")
        if self.already:
            lines += ["", "Niet opnieuw voorgesteld (hetzelfde voorstel staat al open of werd afgewezen):"]
            lines += [f"- {p.offer.name} [{p.offer.id}]" for p in self.already]
        return "\n".join(lines) + "\n"


def plan(proposals: list[OfferProposal], region: Region) -> Plan:
    """Which of the import's proposals become new `Proposal` rows for `region`."""
    result = Plan(region=region)
    keys = [p.service_key for p in proposals if p.kind == "change"]
    services = {s.key: s for s in Service.objects.filter(key__in=keys).select_related("organization")}
    earlier = Proposal.objects.filter(
        region=region, source=ProposalSource.SOCIALE_KAART, status__in=[ProposalStatus.OPEN, ProposalStatus.REJECTED]
    )
    identical = {(p.service_id, _same(p.changes)) for p in earlier}
    open_new_ids = {
        p.changes.get("sociale_kaart_id")
        for p in earlier
        if p.service_id is None and p.status == ProposalStatus.OPEN and p.changes.get("sociale_kaart_id")
    }
    for proposal in proposals:
        service = services.get(proposal.service_key) if proposal.kind == "change" else None
        if proposal.kind == "change":
            if service is None:
                continue  # gone since the comparison a moment ago: nothing to propose
            if region_id_of(service) != region.id:
                result.shared.append(proposal)
                continue
            if not proposal.changes:
                continue  # only problems to report, no difference to propose
        changes = proposal_changes(proposal, service)
        service_id = service.pk if service else None
        if (service_id, _same(changes)) in identical or (service is None and proposal.offer.id in open_new_ids):
            result.already.append(proposal)
            continue
        identical.add((service_id, _same(changes)))
        result.new.append(Planned(proposal, service, changes, proposal_note(proposal)))
    return result
