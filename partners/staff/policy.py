"""Who may write what: the one table of rules, and the checks every write path asks.

`RULES` says, per model: which role may add, change and delete it (the Django permissions of the
two groups), the fields only the redactie Vlaanderen changes, the verification fields ("unchanged,
or today by me"), the links that may point to a shared service, whether it is reference data (read
only in the admin) and whether a decision on it is final. Everything else is derived from it:

- the admin's read-only fields (`readonly_fields`) and reference-data admins (`partners.staff.admins`);
- the import's coverage, verification and scope checks (`partners.staff.imports`);
- the explicit checks at each write entry point: `check_write`, `check_delete`, `check_m2m`, called by
  `ScopedAdmin.save_model`/`save_formset`/`delete_model`/`delete_queryset`, the history's revert and
  restore, the import's `validate_instance`, the review (accept, reject) and the new-ELZ page;
- the tripwire (`partners.staff.guard`): the same checks on every save, delete and many-to-many
  change of a guarded model, refusing a write with no known actor outside `system_write()`.

Which records belong to which region, and the querysets built on that, are in `partners.staff.scope`.
docs/admin.md shows `rules_table()` (a test keeps the two equal).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from partners.lib import acting
from partners.lib.acting import system_write  # noqa: F401 - policy.system_write(): commands, loaders, fixtures
from partners.models import (
    REGION_PATHS,
    ConsultContact,
    Entry,
    LanguageSignOff,
    Locality,
    Municipality,
    Postcode,
    Proposal,
    ProposalStatus,
    Region,
    Report,
    ReportStatus,
    Role,
    Service,
    Theme,
    TierContact,
    Zone,
)
from partners.models.fields import STORED_ROW
from partners.staff import scope

EDITOR_GROUP = scope.EDITOR_GROUP
NATIONAL_GROUP = scope.NATIONAL_GROUP

ALL = ("view", "add", "change", "delete")


@dataclass(frozen=True)
class Rule:
    """What an ELZ-redacteur may do with one model (the redactie Vlaanderen may do everything the
    admin offers, within the same national-only, reference and final rules)."""

    editor: tuple[str, ...] = ()  # Django permissions of an ELZ-redacteur, on their own regions' records
    national_only: tuple[str, ...] = ()  # fields only the redactie Vlaanderen changes
    verification: tuple[str, ...] = ()  # unchanged, or "today, by me"
    links: tuple[str, ...] = ()  # fields that may also point to a shared service covering the region
    reference: bool = False  # geography: loaded from fixtures, read-only in the admin for everyone
    final: str = ""  # the status value that is still open; any other status is a final decision
    why: str = ""


RULES: dict[type[models.Model], Rule] = {
    Region: Rule(
        editor=("view", "change"),
        # the slug is in printed QR codes; the province decides coverage; the zone (and whether it
        # shows its own map or the template) is the geography's and the redactie Vlaanderen's call
        national_only=("slug", "province", "zone", "has_own_map"),
        links=("excluded_services",),
        why="a new zone and deleting one: redactie Vlaanderen",
    ),
    Service: Rule(
        editor=ALL,
        national_only=("coverage", "province"),  # a province or all of Flanders is the redactie Vlaanderen's call
        verification=("assured_date", "assured_by"),
    ),
    Entry: Rule(editor=ALL, links=("service",)),
    TierContact: Rule(editor=ALL, links=("service",)),
    ConsultContact: Rule(editor=ALL, links=("service",)),
    # A fluent reader's sign-off of a language of the sheet: on the page "Vertaling nakijken" only.
    LanguageSignOff: Rule(editor=("view", "add", "change"), why="signed off on the page Vertaling nakijken"),
    **{
        model: Rule(editor=ALL)
        for model in REGION_PATHS
        if model not in (Region, Service, Entry, TierContact, ConsultContact, LanguageSignOff)
    },
    # Proposals and reports come from partners and professionals; staff decide on them, once.
    Proposal: Rule(editor=("view", "change"), final=ProposalStatus.OPEN, why="accepted or rejected only through the review"),
    Report: Rule(editor=("view", "change"), final=ReportStatus.OPEN),
    Theme: Rule(editor=("view",), why="reference data for editors"),
    Role: Rule(editor=("view",), why="the essential roles every zone must answer: reference data for editors"),
    Zone: Rule(reference=True),
    Municipality: Rule(reference=True),
    Postcode: Rule(reference=True),
    Locality: Rule(reference=True),
}

# -- derived from the table ------------------------------------------------------------------------

GUARDED: frozenset[type[models.Model]] = frozenset(RULES)
# Models only the redactie Vlaanderen writes: reference geography and themes.
NATIONAL_ONLY = frozenset(model for model in RULES if model not in REGION_PATHS)
REFERENCE = frozenset(model for model, rule in RULES.items() if rule.reference)


def _attname(model, name):
    return model._meta.get_field(name).attname


PROTECTED: dict[type[models.Model], tuple[str, ...]] = {
    model: tuple(_attname(model, name) for name in rule.national_only) for model, rule in RULES.items() if rule.national_only
}
VERIFICATION: tuple[str, ...] = RULES[Service].verification
LINK_FIELDS = frozenset((model, name) for model, rule in RULES.items() for name in rule.links)
EDITOR_PERMISSIONS = {model: rule.editor for model, rule in RULES.items() if rule.editor}
NATIONAL_PERMISSIONS = {model: ALL for model in [*REGION_PATHS, Theme, Role]}


class Refused(PermissionDenied):
    """A write the user may not do; the message says in Dutch what was refused."""


# -- helpers ------------------------------------------------------------------------------------


def verifier_name(user) -> str:
    """How "nagekeken door" names a user."""
    return user.get_full_name() or user.get_username()


def _label(model: type[models.Model], name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def stored(obj: models.Model) -> models.Model | None:
    """The record as it is in the database; for a record that is being brought back after a
    delete (restore, revert), as it was when it was deleted; None for a new record."""
    model = type(obj)
    if obj.pk is None:
        return None
    current = model._default_manager.filter(pk=obj.pk).first()
    if current is not None:
        obj.__dict__[STORED_ROW] = current  # read once per save: partners.versions takes it from here
        return current
    history = getattr(model, "history", None)
    if history is not None:
        last = history.filter(**{model._meta.pk.attname: obj.pk}).order_by("-history_date", "-history_id").first()
        if last is not None:
            return last.instance
    return None


def _changed(obj: models.Model, reference: models.Model) -> list[str]:
    return [f.attname for f in type(obj)._meta.concrete_fields if getattr(obj, f.attname) != getattr(reference, f.attname)]


def changed_fields(obj: models.Model, fields, before: models.Model | None = None) -> list[str]:
    """Of `fields` (attribute names), those whose value differs from the stored record (or, for a
    new record, from the model's defaults). Empty strings and None count as the same."""
    model = type(obj)
    reference = before or stored(obj) or model()
    return [name for name in fields if (getattr(obj, name) or "") != (getattr(reference, name) or "")]


def national_only_changes(user, obj: models.Model, before: models.Model | None = None) -> list[str]:
    """The national-only fields of `obj` that `user` changes but may not (empty for the redactie Vlaanderen)."""
    if user is None or scope.edits_everything(user):
        return []
    return changed_fields(obj, PROTECTED.get(type(obj), ()), before)


def _partner_verification() -> tuple:
    return (timezone.localdate(), str(_("de partner")))


# -- what the admin shows ------------------------------------------------------------------------


def readonly_fields(user, model: type[models.Model], obj: models.Model | None = None) -> list[str]:
    """The fields of `model` a form shows read-only to `user` (the admin adds its own display fields)."""
    rule = RULES.get(model)
    if rule is None:
        return []
    if rule.final and obj is not None and obj.pk is not None and getattr(obj, "status", rule.final) != rule.final:
        return [f.name for f in model._meta.fields if f.editable and not f.primary_key]  # decided: final
    fields = list(rule.verification)  # set with "Ik heb deze gegevens vandaag nagekeken", never typed
    if not scope.edits_everything(user):
        fields += rule.national_only
    return fields


def may_change_in_admin(model: type[models.Model]) -> bool:
    return not RULES.get(model, Rule()).reference


# -- the checks --------------------------------------------------------------------------------


def problems(user, obj: models.Model) -> list[str]:
    """Why `user` may not save `obj` as it is now, in Dutch (empty: allowed).

    `user` None means a system write (`system_write()`): only the final decisions hold.
    """
    model = type(obj)
    rule = RULES.get(model)
    if rule is None:
        return []
    unrestricted = user is None or (user.is_authenticated and scope.edits_everything(user))
    if unrestricted and not rule.final:
        return []  # the system and the redactie Vlaanderen: no read of the stored row needed
    before = stored(obj)
    decided = _decided_problems(model, rule, obj, before)
    if decided or user is None:
        return decided
    if not user.is_authenticated:
        return [] if _public_write_allowed(obj, before) else [_("Meld je aan om dit te wijzigen.")]
    if model is Proposal and _decision_changed(obj, before) and acting.deciding_proposal() != obj.pk:
        return [_("Over een voorstel beslis je met ‘Aanvaarden’ of ‘Afwijzen’ in het voorstel zelf.")]
    if unrestricted:
        return []
    what = str(model._meta.verbose_name)
    if model in NATIONAL_ONLY:
        return [_("%(what)s aanpassen kan alleen de redactie Vlaanderen.") % {"what": capfirst(model._meta.verbose_name_plural)}]
    if model is Region and before is None:
        return [_("Een nieuwe eerstelijnszone maakt alleen de redactie Vlaanderen.")]
    if before is not None and not scope.can_edit(user, before):
        return [_("Deze %(what)s hoort niet bij jouw eerstelijnszone; je kan die niet wijzigen.") % {"what": what}]
    if not scope.can_edit(user, obj):
        return [_("Je kan een %(what)s alleen in je eigen eerstelijnszone bewaren.") % {"what": what}]
    reference = before if before is not None else model()
    errors = []
    changed = national_only_changes(user, obj, reference)
    if changed:
        errors.append(
            _("Alleen de redactie Vlaanderen kan ‘%(fields)s’ wijzigen.")
            % {"fields": "’, ‘".join(_label(model, n) for n in changed)}
        )
    errors += _foreign_key_problems(user, obj, reference)
    if rule.verification:
        now = tuple(getattr(obj, name) or "" for name in rule.verification)
        allowed = [
            tuple(getattr(reference, name) or "" for name in rule.verification),
            (timezone.localdate(), verifier_name(user)),
        ]
        if acting.partner_verifies_service() == obj.pk:
            allowed.append(_partner_verification())
        if now not in allowed:
            errors.append(
                _("‘%(date)s’ en ‘%(by)s’ zet je alleen met ‘Ik heb deze gegevens vandaag nagekeken’ (vandaag, met jouw naam).")
                % {"date": _label(model, rule.verification[0]), "by": _label(model, rule.verification[1])}
            )
    return errors


def _decided_problems(model, rule: Rule, obj, before) -> list[str]:
    """A decided proposal or report stays as it was decided: no edit, no revert, for anyone."""
    if not rule.final or before is None or before.status == rule.final or not _changed(obj, before):
        return []
    return [_("%(what)s: hierover is al beslist, en dat blijft zo.") % {"what": capfirst(model._meta.verbose_name)}]


def _decision_changed(obj, before) -> bool:
    names = ("status", "accepted_fields", "decided_at", "decided_by_id")
    reference = before if before is not None else type(obj)()
    return any(getattr(obj, name) != getattr(reference, name) for name in names)


def _public_write_allowed(obj: models.Model, before) -> bool:
    """The two writes a visitor's request may make (`partners.lib.acting`): a new proposal or report
    inside `submitting(model)`, and the partner's "Alles klopt" on its one service."""
    model = type(obj)
    if before is None and acting.submitting_model() is model:
        if model is Proposal:
            return not _decision_changed(obj, None)
        if model is Report:
            return obj.status == ReportStatus.OPEN and obj.fixed_by_id is None and obj.resolved_at is None
    if model is Service and before is not None and acting.partner_verifies_service() == obj.pk:
        changed = set(_changed(obj, before)) - {"updated_at"}
        now = tuple(getattr(obj, name) for name in VERIFICATION)
        return changed <= set(VERIFICATION) and now == _partner_verification()
    return False


def _foreign_key_problems(user, obj: models.Model, reference: models.Model) -> list[str]:
    """A foreign key that now points elsewhere must point to something the user may use: their
    own records, or for a link (`LINK_FIELDS`) also a shared service covering them."""
    model = type(obj)
    errors = []
    for field in model._meta.concrete_fields:
        if not field.many_to_one or field.related_model not in REGION_PATHS:
            continue
        value = getattr(obj, field.attname)
        if value is None or value == getattr(reference, field.attname):
            continue
        target = field.related_model._default_manager.filter(pk=value)
        allowed = scope.viewable(target, user) if (model, field.name) in LINK_FIELDS else scope.editable(target, user)
        if not allowed.exists():
            errors.append(_("‘%(field)s’ verwijst naar iets van een andere eerstelijnszone.") % {"field": field.verbose_name})
    return errors


def delete_problems(user, obj: models.Model) -> list[str]:
    model = type(obj)
    if model not in GUARDED or user is None:
        return []
    if not user.is_authenticated:
        return [_("Meld je aan om dit te wijzigen.")]
    if scope.edits_everything(user):
        return []
    if model in NATIONAL_ONLY or model is Region:
        return [
            _("%(what)s verwijderen kan alleen de redactie Vlaanderen.") % {"what": capfirst(model._meta.verbose_name_plural)}
        ]
    if not scope.can_edit(user, obj):
        return [
            _("Deze %(what)s hoort niet bij jouw eerstelijnszone; je kan die niet verwijderen.")
            % {"what": model._meta.verbose_name}
        ]
    return []


def _refused_targets(user, owner_model, field_name, target_model, ids) -> set:
    """Of `ids` (records of `target_model`), those the user may not add to or remove from the field."""
    if target_model not in REGION_PATHS:
        return set()
    queryset = target_model._default_manager.filter(pk__in=ids)
    if (owner_model, field_name) in LINK_FIELDS:
        allowed = scope.viewable(queryset, user)
    else:
        allowed = scope.editable(queryset, user)
    return set(ids) - set(allowed.values_list("pk", flat=True))


def m2m_problems(user, owner: models.Model, field_name: str, ids) -> list[str]:
    """Why `user` may not add or remove `ids` in `owner.<field_name>` (a forward many-to-many)."""
    model = type(owner)
    if model not in GUARDED or user is None:
        return []
    if not user.is_authenticated:
        return [_("Meld je aan om dit te wijzigen.")]
    if scope.edits_everything(user):
        return []
    if model in NATIONAL_ONLY or not scope.can_edit(user, owner):
        return [
            _("Deze %(what)s hoort niet bij jouw eerstelijnszone; je kan die niet wijzigen.") % {"what": model._meta.verbose_name}
        ]
    field = model._meta.get_field(field_name)
    refused = _refused_targets(user, model, field_name, field.related_model, ids)
    if refused:
        names = ", ".join(sorted(str(o) for o in field.related_model._default_manager.filter(pk__in=refused)))
        return [
            _("Je kan ‘%(names)s’ niet toevoegen aan of weghalen uit ‘%(field)s’: dat hoort niet bij jouw eerstelijnszone.")
            % {"names": names, "field": field.verbose_name}
        ]
    return []


def _raise(found: list[str]) -> None:
    if found:
        raise Refused(" ".join(dict.fromkeys(found)))


def check_write(user, obj: models.Model) -> None:
    """Refuse saving `obj` as `user` (the explicit check at a write entry point)."""
    _raise(problems(user, obj))


def check_delete(user, obj: models.Model) -> None:
    _raise(delete_problems(user, obj))


def check_m2m(user, owner: models.Model, field_name: str, ids) -> None:
    _raise(m2m_problems(user, owner, field_name, ids))


def check_decide(user, proposal: Proposal) -> None:
    """Deciding on a proposal (the review): an open one, that the user may change, whose service
    (or, for a new service, whose region) the user may edit."""
    if not proposal.is_open:
        raise Refused(_("Over dit voorstel is al beslist; dat blijft zo."))
    target = proposal.service if proposal.service_id else proposal.region
    if target is None or not (user.is_authenticated and scope.can_edit(user, proposal) and scope.can_edit(user, target)):
        raise Refused(_("Over dit voorstel beslist de redactie van zijn eerstelijnszone."))


def check_new_region(user) -> None:
    """A new zone with its own map: the redactie Vlaanderen only (the new-ELZ page)."""
    if not (user.is_authenticated and scope.edits_everything(user)):
        raise Refused(_("Een nieuwe eerstelijnszone maakt alleen de redactie Vlaanderen."))


# -- the table, for docs/admin.md ------------------------------------------------------------------


def rules_table() -> str:
    """The rules as a Markdown table (docs/admin.md holds this text; a test compares)."""

    def names(model, fields):
        return ", ".join(f"`{name}`" for name in fields) or "–"

    lines = [
        "| model | ELZ-redacteur (own zone) | only the redactie Vlaanderen changes | verification | may link a shared service | notes |",
        "|---|---|---|---|---|---|",
    ]
    for model, rule in sorted(RULES.items(), key=lambda item: item[0].__name__):
        editor = ", ".join(rule.editor) or "–"
        notes = [rule.why] if rule.why else []
        if rule.reference:
            notes.append("reference data: read-only for everyone in the admin")
        if rule.final:
            notes.append("final once decided (no edit, no revert)")
        lines.append(
            f"| {model.__name__} | {editor} | {names(model, rule.national_only)} | {names(model, rule.verification)} "
            f"| {names(model, rule.links)} | {'; '.join(notes) or '–'} |"
        )
    return "\n".join(lines)


# -- groups ----------------------------------------------------------------------------------------


def grant_editor_role(user) -> None:
    """Make a user an ELZ-redacteur: staff, in the editors' group (the regions come from `Editor`)."""
    ensure_groups()
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get(name=EDITOR_GROUP))


def ensure_groups() -> None:
    """Create the two groups with their permissions (idempotent; run after every migrate)."""
    for name, grants in ((EDITOR_GROUP, EDITOR_PERMISSIONS), (NATIONAL_GROUP, NATIONAL_PERMISSIONS)):
        group, _created = Group.objects.get_or_create(name=name)
        wanted = Q(pk__in=[])
        for model, actions in grants.items():
            codenames = [f"{action}_{model._meta.model_name}" for action in actions]
            wanted |= Q(content_type__app_label=model._meta.app_label, codename__in=codenames)
        group.permissions.set(Permission.objects.filter(wanted))
