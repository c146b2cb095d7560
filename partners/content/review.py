"""The review workflow: proposals opened, accepted or rejected, and a partner confirming its entry.

The one path for each step, called by the admin's review (`partners.staff.review`), the partner's
signed link (`partners.public.feedback`) and the import of De Sociale Kaart
(`partners.content.sociale_kaart_proposals`):

- `open_proposal`: a new proposal, from a partner's link or from the import;
- `accept_proposal`, `reject_proposal`: the only ways a proposal is decided; a decision is final
  (`partners.staff.policy` refuses any later edit or revert of a decided proposal);
- `confirm_entry`: the partner's "Alles klopt" dates its own entry.

Every write is a model save, so simple-history records it (with the user and a reason) and the
write policy's tripwire checks it. The sanctioned public writes say so narrowly
(`partners.lib.acting`): `partner_verifies(service_id)` for one service's verification,
`submitting(Proposal)` for one new proposal, `deciding(proposal_id)` for the decision.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from partners.lib import acting, emails, hours, phones
from partners.models import (
    HOURS_FIELD,
    PROPOSAL_FIELDS,
    RELATED_FIELDS,
    Card,
    Coverage,
    Email,
    Entry,
    Organization,
    Phone,
    Proposal,
    ProposalSource,
    ProposalStatus,
    Schedule,
    Section,
    Service,
    VerificationRequest,
)


def save_with_history(obj: models.Model, user, reason: str) -> None:
    """Save with `user` and `reason` in the history record (in a request, simple-history would
    take the request's user; outside one, e.g. a test or a command, this names the reviewer)."""
    if user is not None:
        obj._history_user = user
    obj._change_reason = reason
    obj.save()


def replace_lines(current, model, service: Service, attribute: str, wanted: list[str], user=None, reason: str = "") -> None:
    """Make a service's phones (or e-mails) the `wanted` values, in order, keeping the labels of
    those that stay. One save or delete per line, so each keeps its own history."""
    existing = {getattr(line, attribute): line for line in current}
    for line in existing.values():
        if getattr(line, attribute) not in wanted:
            line._change_reason = reason
            line.delete()
    for order, value in enumerate(dict.fromkeys(wanted), start=1):
        line = existing.get(value) or model(service=service, **{attribute: value})
        if line.pk is None or line.order != order:
            line.order = order
            line.full_clean(exclude=["service"])
            save_with_history(line, user, reason)


def replace_hours(service: Service, wanted: list[hours.Row], user=None, reason: str = "") -> None:
    """Make the service's own weekly rows (not a phone number's) the `wanted` (day, from, until)
    rows: a row that stays keeps its id, period and note; one save or delete per row, so each keeps
    its own history."""
    wanted = hours.sort_rows(dict.fromkeys(wanted))
    kept = set()
    for row in Schedule.objects.filter(service=service, phone=None):
        key = (row.weekday, row.opens_at, row.closes_at)
        if key in wanted and key not in kept:
            kept.add(key)
            continue
        if user is not None:
            row._history_user = user
        row._change_reason = reason
        row.delete()
    for day, opens, closes in wanted:
        if (day, opens, closes) not in kept:
            row = Schedule(service=service, weekday=day, opens_at=opens, closes_at=closes)
            row.full_clean(exclude=["service"])
            save_with_history(row, user, reason)


def open_proposal(*, region_id, service: Service | None, source: str, changes: dict, note: str = "") -> Proposal:
    """A new open proposal. From a visitor's request (the partner's link) only this one create is allowed."""
    with acting.submitting(Proposal):
        return Proposal.objects.create(region_id=region_id, service=service, source=source, changes=changes, note=note)


def confirm_entry(verification: VerificationRequest) -> Service:
    """The partner says its entry is right: today, "de partner". Only that service's verification is written."""
    service = Service.objects.select_for_update().get(pk=verification.service_id)
    service.assured_date = timezone.localdate()
    service.assured_by = _("de partner")
    service._change_reason = _("Bevestigd door de partner via de link in de mail")
    with acting.partner_verifies(service.pk):
        service.save(update_fields=["assured_date", "assured_by", "updated_at"])
    return service


def accept_proposal(proposal: Proposal, fields: list[str] | None, user, *, section: Section | None = None) -> Service:
    """Write the chosen fields (all when None) to the service, or make the new service, and close
    the proposal. The one accept path, for partners' proposals and De Sociale Kaart's alike.

    A new service belongs to the proposal's region, covers only that region and goes on `section`
    of its partnerkaart when given. Raises ValidationError (nothing is written) when a value is no
    longer valid, and ValueError for a proposal that is not open.
    """
    if not proposal.is_open:
        raise ValueError("This proposal was already decided.")
    chosen = [name for name in PROPOSAL_FIELDS if name in proposal.changes and (fields is None or name in fields)]
    if not chosen:
        raise ValidationError(_("Kies minstens één veld om over te nemen, of wijs het voorstel af."))
    if section is not None and (section.region_id != proposal.region_id or section.card != Card.PARTNERKAART):
        raise ValidationError(_("Die rubriek hoort niet bij de partnerkaart van deze eerstelijnszone."))
    reason = str(_("Voorstel van %(source)s aanvaard") % {"source": proposal.get_source_display()})
    with transaction.atomic():
        if proposal.service_id:
            service = Service.objects.select_for_update().get(pk=proposal.service_id)
        else:
            service = _new_service(proposal, chosen, user, reason)
        for name in chosen:
            if name not in RELATED_FIELDS:
                setattr(service, name, proposal.changes[name])
        if proposal.source == ProposalSource.PARTNER:
            service.assured_date = timezone.localdate()
            service.assured_by = str(_("de partner"))
        if service.sociale_kaart_id and "sociale_kaart_id" in chosen:
            if Service.objects.filter(sociale_kaart_id=service.sociale_kaart_id).exclude(pk=service.pk).exists():
                raise ValidationError(_("Dit aanbod van De Sociale Kaart staat al bij een andere dienst."))
        service.full_clean(exclude=["organization", "regions", "themes"])
        if proposal.source == ProposalSource.PARTNER and service.pk:
            # The partner verified its own entry: besides "today, by me" the policy accepts "today,
            # de partner" for this one service, in this one save.
            with acting.partner_verifies(service.pk):
                save_with_history(service, user, reason)
        else:
            save_with_history(service, user, reason)
        if proposal.service_id is None:
            service.regions.add(proposal.region)
        try:
            if "phones" in chosen:
                numbers = [phones.normalize(n) for n in proposal.changes["phones"]]
                replace_lines(service.phones.all(), Phone, service, "number", numbers, user, reason)
            if "emails" in chosen:
                addresses = [emails.normalize(a) for a in proposal.changes["emails"]]
                replace_lines(service.emails.all(), Email, service, "address", addresses, user, reason)
        except (TypeError, AttributeError):
            raise ValidationError(_("Het voorstel is beschadigd: een lijst met tekst verwacht.")) from None
        if HOURS_FIELD in chosen:
            replace_hours(service, _proposed_rows(service, proposal.changes[HOURS_FIELD]), user, reason)
        if section is not None and not section.entries.filter(service=service).exists():
            last = section.entries.order_by("-order").values_list("order", flat=True).first() or 0
            save_with_history(Entry(section=section, service=service, order=last + 1), user, reason)
        if proposal.service_id is None:
            proposal.service = service
        all_fields = set(chosen) == {name for name in proposal.changes if name in PROPOSAL_FIELDS}
        proposal.status = ProposalStatus.ACCEPTED if all_fields else ProposalStatus.PARTLY
        proposal.accepted_fields = chosen
        proposal.decided_at, proposal.decided_by = timezone.now(), user
        with acting.deciding(proposal.pk):
            proposal.save()
    return service


def _proposed_rows(service: Service, text) -> list[hours.Row]:
    """The rows of a proposal's hours (the text of the column `uren`); ValidationError when they
    cannot be read or the service is 24/7."""
    if not isinstance(text, str):
        raise ValidationError(_("Het voorstel is beschadigd: de openingsuren zijn geen tekst."))
    try:
        rows = hours.parse_rows(text)
    except hours.RowsError as exc:
        raise ValidationError(str(exc)) from None
    if rows and service.is_always_open:
        raise ValidationError(_("De dienst is 24/7 bereikbaar en heeft dus geen uren: zet eerst ‘24/7’ uit bij de dienst."))
    return rows


def _new_service(proposal: Proposal, chosen: list[str], user, reason: str) -> Service:
    """The organisation (found or made, in the proposal's region) and an unsaved service for a new one."""
    name = proposal.changes.get("name")
    if "name" not in chosen or not isinstance(name, str) or not name.strip():
        raise ValidationError(_("Een nieuwe dienst heeft een naam nodig: neem de naam over."))
    if proposal.region_id is None:
        raise ValidationError(_("Een nieuwe gedeelde dienst maakt de redactie Vlaanderen via ‘Dienst toevoegen’."))
    name = name.strip()
    organization = Organization.objects.filter(name=name, region=proposal.region).first()
    if organization is None:
        organization = Organization(name=name, region=proposal.region)
        organization.full_clean(validate_unique=False)
        save_with_history(organization, user, reason)
    base = slugify(f"{proposal.region.slug}-{name}")[:70] or "dienst"
    key, n = base, 1
    while Service.objects.filter(key=key).exists():
        n += 1
        key = f"{base}-{n}"
    return Service(organization=organization, key=key, coverage=Coverage.REGIONS)


def reject_proposal(proposal: Proposal, user) -> None:
    if not proposal.is_open:
        raise ValueError("This proposal was already decided.")
    proposal.status = ProposalStatus.REJECTED
    proposal.decided_at, proposal.decided_by = timezone.now(), user
    with acting.deciding(proposal.pk):
        proposal.save()
