"""Import and export of services and card entries as CSV or XLSX (django-import-export).

A file exported from one region imports cleanly into that region again, also when it was emptied
or on another installation. Every import is previewed first (a dry run: per row what will be
created, changed or rejected and why) and then runs in one transaction: one rejected row and
nothing changes. An editor imports only into their own regions (`partners.staff.scope`).

Columns have Dutch names, because the people who edit these files in a spreadsheet are Flemish
ELZ staff. Several values fit in one cell separated by "; " (phones, e-mails, themes, regions);
a phone or e-mail may carry its label in brackets: "016 30 17 30 (dringende vragen)".
"""

from __future__ import annotations

from functools import cached_property

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.results import RowResult

from partners.lib import emails, hours, phones
from partners.models import Card, Coverage, Email, Entry, Organization, Phone, Region, Role, Schedule, Section, Service, Theme
from partners.staff import policy, scope
from partners.staff.spreadsheets import (
    ENTRY_TRANSLATIONS,
    SERVICE_TRANSLATIONS,
    YesNoWidget,
    join_labelled,
    rewrite_cells,
    split_cell,
    split_labelled,
    text_field,
    unquote_formula,
)

COVERAGE_NAMES = {Coverage.REGIONS: "elz", Coverage.PROVINCE: "provincie", Coverage.FLANDERS: "vlaanderen"}


class ScopedResource(resources.ModelResource):
    """A resource that knows who imports: rows outside the user's regions are rejected."""

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user

    @cached_property
    def regions_by_slug(self) -> dict[str, Region]:
        return {region.slug: region for region in Region.objects.all()}

    @cached_property
    def themes_by_slug(self) -> dict[str, Theme]:
        return {theme.slug: theme for theme in Theme.objects.all()}

    @cached_property
    def roles_by_key(self) -> dict[str, Role]:
        return {role.key: role for role in Role.objects.all()}

    # -- preview support -------------------------------------------------------------------

    def column_for(self, attribute: str) -> str:
        """The column name that a model field's validation error belongs to."""
        for field in self.fields.values():
            if field.attribute == attribute:
                return field.column_name
        return self.EXTRA_COLUMNS.get(attribute, attribute)

    EXTRA_COLUMNS: dict[str, str] = {}

    def row_label(self, row) -> str:
        """How the preview names a row that has no record (yet)."""
        return ""

    def before_import(self, dataset, **kwargs):
        """Say in Dutch which identifying column is missing; an entries file may leave out `id`.
        Cells quoted against formulae (`SpreadsheetSafeCSV`) lose their apostrophe."""
        rewrite_cells(dataset, unquote_formula)
        for name in self.get_import_id_fields():
            column = self.fields[name].column_name
            if column in (dataset.headers or []):
                continue
            if self.fields[name].readonly:
                dataset.append_col([""] * len(dataset), header=column)
            else:
                raise ValueError(_("De kolom ‘%(column)s’ ontbreekt; die heeft elke rij nodig.") % {"column": column})

    def after_init_instance(self, instance, new, row, **kwargs):
        instance._export_before = None if new else self.export_resource(instance)

    def after_import_row(self, row, row_result, **kwargs):
        """Name the columns that change, for the preview ("gewijzigd: telefoon, naam")."""
        instance = row_result.instance
        row_result.changed_columns = []
        if row_result.import_type == RowResult.IMPORT_TYPE_UPDATE and instance is not None:
            after = self.export_resource(instance)
            headers = self.get_export_headers()
            row_result.changed_columns = [h for h, a, b in zip(headers, instance._export_before, after, strict=True) if a != b]

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """A row that would change nothing is skipped, so it leaves no history entry behind."""
        if import_validation_errors or instance._state.adding or getattr(instance, "_export_before", None) is None:
            return False
        return self.export_resource(instance) == instance._export_before

    # -- regions ---------------------------------------------------------------------------

    def _target_region(self, row, column: str = "regio") -> Region | None:
        """The region a row says it belongs to, checked against what the user may import."""
        slug = str(row.get(column) or "").strip()
        if not slug:
            if not scope.edits_everything(self.user):
                raise ValidationError(
                    {column: _("Een gedeelde dienst (zonder regio) kan alleen de redactie Vlaanderen aanpassen.")}
                )
            return None
        region = self.regions_by_slug.get(slug)
        if region is None:
            raise ValidationError({column: _("Onbekende eerstelijnszone ‘%(slug)s’.") % {"slug": slug}})
        if not scope.edits_everything(self.user) and region.pk not in scope.region_ids(self.user):
            own = ", ".join(scope.regions_of(self.user).values_list("name", flat=True)) or "–"
            raise ValidationError(
                {
                    column: _("Deze rij hoort bij %(region)s; je kan alleen importeren in je eigen eerstelijnszone (%(own)s).")
                    % {"region": region.name, "own": own}
                }
            )
        return region

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Full model validation (`clean_model_instances`), then the write policy (`partners.staff.policy`)."""
        super().validate_instance(instance, import_validation_errors, validate_unique)
        found = policy.problems(self.user, instance)
        if found:
            raise ValidationError({NON_FIELD_ERRORS: found})

    # Methods that set a row's related fields (organisation, phones, section, …), in order.
    import_checks: tuple[str, ...] = ()

    def import_instance(self, instance, row, **kwargs):
        """Import the plain fields, then each of `import_checks`; report every wrong field of the row at once."""
        errors: dict = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for name in self.import_checks:
            try:
                getattr(self, name)(instance, row)
            except ValidationError as exc:
                errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _check_existing(self, instance, new, what: str) -> None:
        """An existing record that belongs to another region (or is shared) is never changed."""
        if new or scope.can_edit(self.user, instance):
            return
        region_id = scope.region_id_of(instance)
        owner = Region.objects.filter(pk=region_id).values_list("name", flat=True).first() if region_id else None
        if owner:
            message = _("%(what)s hoort bij %(region)s; die kan je niet wijzigen.") % {"what": what, "region": owner}
        else:
            message = _("%(what)s is gedeeld (Vlaams of provinciaal); alleen de redactie Vlaanderen kan die wijzigen.") % {
                "what": what
            }
        raise ValidationError({NON_FIELD_ERRORS: [message]})


class ServiceResource(ScopedResource):
    """Services of a region, identified by their stable `sleutel` (key)."""

    key = text_field("key", "sleutel")
    name = text_field("name", "naam")
    organisation = fields.Field(column_name="organisatie", dehydrate_method="dehydrate_organisation")
    region = fields.Field(column_name="regio", dehydrate_method="dehydrate_region")
    description = text_field("description", "omschrijving")
    application_process = text_field("application_process", "hoe_aanmelden")
    availability = text_field("availability", "bereikbaarheid")
    is_free = fields.Field(attribute="is_free", column_name="gratis", widget=YesNoWidget())
    is_anonymous = fields.Field(attribute="is_anonymous", column_name="anoniem", widget=YesNoWidget())
    is_always_open = fields.Field(attribute="is_always_open", column_name="24_7", widget=YesNoWidget())
    schedules = fields.Field(column_name="uren", dehydrate_method="dehydrate_schedules")
    channel_phone = fields.Field(attribute="channel_phone", column_name="bellen", widget=YesNoWidget())
    channel_chat = fields.Field(attribute="channel_chat", column_name="chatten", widget=YesNoWidget())
    channel_email = fields.Field(attribute="channel_email", column_name="mailen", widget=YesNoWidget())
    channel_visit = fields.Field(attribute="channel_visit", column_name="langskomen", widget=YesNoWidget())
    age_min_months = fields.Field(
        attribute="age_min_months", column_name="leeftijd_vanaf_maanden", widget=widgets.IntegerWidget()
    )
    age_max_months = fields.Field(attribute="age_max_months", column_name="leeftijd_tot_maanden", widget=widgets.IntegerWidget())
    themes = fields.Field(column_name="themas", dehydrate_method="dehydrate_themes")
    roles = fields.Field(column_name="rollen", dehydrate_method="dehydrate_roles")
    phones = fields.Field(column_name="telefoon", dehydrate_method="dehydrate_phones")
    emails = fields.Field(column_name="email", dehydrate_method="dehydrate_emails")
    url = text_field("url", "website")
    street = text_field("street", "straat")
    postcode = text_field("postcode", "postcode")
    city = text_field("city", "gemeente")
    coverage = fields.Field(column_name="werkgebied", dehydrate_method="dehydrate_coverage")
    province = text_field("province", "provincie")
    regions = fields.Field(column_name="eerstelijnszones", dehydrate_method="dehydrate_regions")
    assured_date = fields.Field(attribute="assured_date", column_name="nagekeken_op", widget=widgets.DateWidget("%Y-%m-%d"))
    assured_by = text_field("assured_by", "nagekeken_door")
    languages = text_field("languages", "talen")
    languages_complete = fields.Field(attribute="languages_complete", column_name="talen_volledig", widget=YesNoWidget())
    vars().update(SERVICE_TRANSLATIONS)  # declared fields, one set per language (the metaclass reads the class namespace)

    EXTRA_COLUMNS = {
        "organization": "organisatie",
        "themes": "themas",
        "roles": "rollen",
        "regions": "eerstelijnszones",
        "coverage": "werkgebied",
        "phones": "telefoon",
        "emails": "email",
        "schedules": "uren",
    }

    def row_label(self, row) -> str:
        return str(row.get("naam") or row.get("sleutel") or "")

    class Meta:
        model = Service
        name = "Diensten"
        import_id_fields = ["key"]
        fields = [
            "key", "name", "organisation", "region", "description", "application_process", "availability",
            "is_free", "is_anonymous", "is_always_open", "schedules", "channel_phone", "channel_chat", "channel_email",
            "channel_visit", "age_min_months", "age_max_months", "themes", "roles", "phones", "emails", "url", "street",
            "postcode", "city", "coverage", "province", "regions", "assured_date", "assured_by", "languages",
            "languages_complete", *SERVICE_TRANSLATIONS,
        ]  # fmt: skip
        use_transactions = True
        clean_model_instances = True  # the model's own validation: URLs, postcodes, ages, dates
        store_instance = True
        store_row_values = True
        skip_html_diff = True

    # -- export (also what a row "would export as" for the unchanged check) ----------------

    def dehydrate_organisation(self, service: Service) -> str:
        return service.organization.name if service.organization_id else ""

    def dehydrate_region(self, service: Service) -> str:
        region = service.organization.region if service.organization_id else None
        return region.slug if region else ""

    def dehydrate_themes(self, service: Service) -> str:
        if hasattr(service, "_import_themes"):
            return "; ".join(sorted(t.slug for t in service._import_themes))
        return "; ".join(sorted(t.slug for t in service.themes.all())) if service.pk else ""

    def dehydrate_roles(self, service: Service) -> str:
        if hasattr(service, "_import_roles"):
            return "; ".join(sorted(r.key for r in service._import_roles))
        return "; ".join(sorted(r.key for r in service.roles.all())) if service.pk else ""

    def dehydrate_regions(self, service: Service) -> str:
        if hasattr(service, "_import_regions"):
            return "; ".join(sorted(r.slug for r in service._import_regions))
        return "; ".join(sorted(r.slug for r in service.regions.all())) if service.pk else ""

    def dehydrate_phones(self, service: Service) -> str:
        if hasattr(service, "_import_phones"):
            pairs = service._import_phones
        else:
            pairs = [(p.number, p.label) for p in service.phones.all()] if service.pk else []
        return join_labelled((phones.display(number), label) for number, label in pairs)

    def dehydrate_emails(self, service: Service) -> str:
        if hasattr(service, "_import_emails"):
            pairs = service._import_emails
        else:
            pairs = [(e.address, e.label) for e in service.emails.all()] if service.pk else []
        return join_labelled(pairs)

    def dehydrate_schedules(self, service: Service) -> str:
        """The weekly hours of the service (not those of one phone number): "di 10:00-12:00; do 10:00-12:00"."""
        if hasattr(service, "_import_schedules"):
            return hours.format_rows(service._import_schedules)
        rows = [(s.weekday, s.opens_at, s.closes_at) for s in service.schedules.all() if s.phone_id is None] if service.pk else []
        return hours.format_rows(rows)

    def dehydrate_coverage(self, service: Service) -> str:
        return COVERAGE_NAMES.get(service.coverage, service.coverage)

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("organization__region").prefetch_related(
            "themes", "roles", "regions", "phones", "emails", "schedules"
        )

    # -- import ----------------------------------------------------------------------------

    def after_init_instance(self, instance, new, row, **kwargs):
        self._check_existing(instance, new, _("De dienst ‘%(key)s’") % {"key": instance.key})
        super().after_init_instance(instance, new, row, **kwargs)

    import_checks = (
        "_import_organisation",
        "_import_coverage",
        "_import_themes",
        "_import_roles",
        "_import_regions",
        "_import_phones",
        "_import_emails",
        "_import_schedules",
        "_import_verification",
    )

    def _import_organisation(self, service: Service, row) -> None:
        region = self._target_region(row)
        name = str(row.get("organisatie") or "").strip()
        if not name:
            raise ValidationError({"organization": _("Vul de organisatie in.")})
        organization = Organization.objects.filter(name=name, region=region).first()
        if organization is None:
            organization = Organization.objects.create(name=name, region=region)
        service.organization = organization

    def _import_coverage(self, service: Service, row) -> None:
        if "werkgebied" not in row:
            return
        text = str(row.get("werkgebied") or "").strip().casefold() or COVERAGE_NAMES[Coverage.REGIONS]
        by_name = {name: value for value, name in COVERAGE_NAMES.items()} | {value: value for value in Coverage.values}
        if text not in by_name:
            raise ValidationError(
                {"coverage": _("Onbekend werkgebied ‘%(value)s’: kies elz, provincie of vlaanderen.") % {"value": text}}
            )
        service.coverage = by_name[text]
        if policy.national_only_changes(self.user, service):
            raise ValidationError(
                {"coverage": _("Het werkgebied ‘provincie’ of ‘vlaanderen’ kiest alleen de redactie Vlaanderen.")}
            )

    def _import_themes(self, service: Service, row) -> None:
        if "themas" not in row:
            return
        slugs = [slug.casefold() for slug in split_cell(row["themas"])]
        known = self.themes_by_slug
        unknown = [slug for slug in slugs if slug not in known]
        if unknown:
            raise ValidationError(
                {"themes": _("Onbekend thema ‘%(slugs)s’. Bestaande thema's: %(all)s.")
                 % {"slugs": "’, ‘".join(unknown), "all": ", ".join(known)}}
            )  # fmt: skip
        service._import_themes = [known[slug] for slug in dict.fromkeys(slugs)]

    def _import_roles(self, service: Service, row) -> None:
        if "rollen" not in row:
            return
        keys = [key.casefold() for key in split_cell(row["rollen"])]
        known = self.roles_by_key
        unknown = [key for key in keys if key not in known]
        if unknown:
            raise ValidationError(
                {"roles": _("Onbekende rol ‘%(keys)s’. Bestaande rollen: %(all)s.")
                 % {"keys": "’, ‘".join(unknown), "all": ", ".join(known)}}
            )  # fmt: skip
        service._import_roles = [known[key] for key in dict.fromkeys(keys)]

    def _import_regions(self, service: Service, row) -> None:
        if "eerstelijnszones" not in row:
            return
        slugs = list(dict.fromkeys(split_cell(row["eerstelijnszones"])))
        unknown = [slug for slug in slugs if slug not in self.regions_by_slug]
        if unknown:
            raise ValidationError({"regions": _("Onbekende eerstelijnszone ‘%(slugs)s’.") % {"slugs": "’, ‘".join(unknown)}})
        chosen = {self.regions_by_slug[slug] for slug in slugs}
        if not scope.edits_everything(self.user):
            own = scope.region_ids(self.user)
            before = set(service.regions.all()) if service.pk else set()
            added = {r for r in chosen - before if r.pk not in own}
            if added:
                raise ValidationError(
                    {"regions": _("Je kan geen andere eerstelijnszone toevoegen (%(names)s).")
                     % {"names": ", ".join(sorted(r.name for r in added))}}
                )  # fmt: skip
            # Regions the editor cannot see stay as they are, also when the cell drops them.
            chosen |= {r for r in before if r.pk not in own}
        service._import_regions = chosen

    def _import_phones(self, service: Service, row) -> None:
        if "telefoon" not in row:
            return
        result, problems = [], []
        for raw, label in split_labelled(row["telefoon"]):
            try:
                result.append((phones.normalize(raw), label))
            except ValidationError as exc:
                problems.extend(exc.messages)
        if problems:
            raise ValidationError({"phones": problems})
        service._import_phones = result

    def _import_emails(self, service: Service, row) -> None:
        if "email" not in row:
            return
        result, problems = [], []
        for raw, label in split_labelled(row["email"]):
            address = emails.normalize(raw)
            try:
                validate_email(address)
            except ValidationError:
                problems.append(_("‘%(value)s’ is geen geldig e-mailadres.") % {"value": raw})
            else:
                result.append((address, label))
        if problems:
            raise ValidationError({"emails": problems})
        service._import_emails = result

    def _import_schedules(self, service: Service, row) -> None:
        if "uren" not in row:
            return
        try:
            rows = hours.parse_rows(str(row.get("uren") or ""))
        except hours.RowsError as exc:
            raise ValidationError({"schedules": [str(exc)]}) from None
        if rows and service.is_always_open:
            raise ValidationError(
                {"schedules": [_("Een dienst die 24/7 open is, heeft geen uren: laat ‘uren’ leeg of zet 24_7 op nee.")]}
            )
        service._import_schedules = rows

    def _import_verification(self, service: Service, row) -> None:
        """An editor's file keeps the verification as it is: "nagekeken" is said on the service itself."""
        if scope.edits_everything(self.user):
            return
        if policy.changed_fields(service, policy.VERIFICATION):
            raise ValidationError(
                {"assured_date": _("Alleen de redactie Vlaanderen verandert nagekeken_op en nagekeken_door met een import. "
                                   "Laat ze zoals in de export, en vink bij de dienst ‘Ik heb deze gegevens vandaag nagekeken’ aan.")}
            )  # fmt: skip

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        super().validate_instance(instance, import_validation_errors, validate_unique)
        if not scope.can_edit(self.user, instance):  # never save outside the user's regions
            raise ValidationError({NON_FIELD_ERRORS: [_("Je kan alleen diensten van je eigen eerstelijnszone importeren.")]})

    def save_m2m(self, instance, row, **kwargs):
        super().save_m2m(instance, row, **kwargs)
        # Only what changes: every many-to-many change is a history entry of its own.
        for field, attr in (("themes", "_import_themes"), ("roles", "_import_roles"), ("regions", "_import_regions")):
            wanted = {obj.pk for obj in getattr(instance, attr, ())}
            manager = getattr(instance, field)
            if hasattr(instance, attr) and wanted != set(manager.values_list("pk", flat=True)):
                manager.set(wanted)
        for model, attr, key in ((Phone, "_import_phones", "number"), (Email, "_import_emails", "address")):
            if not hasattr(instance, attr):
                continue
            wanted = getattr(instance, attr)
            current = model.objects.filter(service=instance)
            if [(getattr(obj, key), obj.label) for obj in current] != wanted:
                current.delete()
                for order, (value, label) in enumerate(wanted):
                    model.objects.create(service=instance, **{key: value}, label=label, order=order)
        if hasattr(instance, "_import_schedules"):
            # The service's own weekly rows (a phone number's rows are kept); a row that stays keeps its id.
            wanted = instance._import_schedules
            for row in Schedule.objects.filter(service=instance, phone=None):
                if (row.weekday, row.opens_at, row.closes_at) not in wanted:
                    row.delete()
            kept = set(Schedule.objects.filter(service=instance, phone=None).values_list("weekday", "opens_at", "closes_at"))
            for day, opens, closes in wanted:
                if (day, opens, closes) not in kept:
                    Schedule.objects.create(service=instance, weekday=day, opens_at=opens, closes_at=closes)


class EntryResource(ScopedResource):
    """The lines of a region's partnerkaart and contactfiche.

    A row names its section (`regio`, `kaart`, `rubriek`; a missing section is created with
    `rubriek_titel`), the service it shows by its key, and the heading it is listed under by that
    heading's title. `id` updates an existing line; without it, or when that line no longer
    exists, the row adds a new one.
    """

    id = fields.Field(attribute="id", column_name="id", readonly=True, widget=widgets.IntegerWidget())
    region = fields.Field(column_name="regio", dehydrate_method="dehydrate_region")
    card = fields.Field(column_name="kaart", dehydrate_method="dehydrate_card")
    section = fields.Field(column_name="rubriek", dehydrate_method="dehydrate_section")
    section_title = fields.Field(column_name="rubriek_titel", dehydrate_method="dehydrate_section_title")
    order = fields.Field(attribute="order", column_name="volgorde", widget=widgets.IntegerWidget(), default=0)
    parent = fields.Field(column_name="onder", dehydrate_method="dehydrate_parent")
    service = fields.Field(column_name="dienst", dehydrate_method="dehydrate_service")
    title = text_field("title", "titel")
    description = text_field("description", "omschrijving")
    vars().update(ENTRY_TRANSLATIONS)  # declared fields, one set per language

    EXTRA_COLUMNS = {"section": "rubriek", "parent": "onder", "service": "dienst"}

    def row_label(self, row) -> str:
        return str(row.get("titel") or row.get("dienst") or "")

    class Meta:
        model = Entry
        name = "Regels"
        import_id_fields = ["id"]
        fields = [
            "id", "region", "card", "section", "section_title", "order", "parent", "service", "title", "description",
            *ENTRY_TRANSLATIONS,
        ]  # fmt: skip
        use_transactions = True
        clean_model_instances = True  # the model's own validation: URLs, postcodes, ages, dates
        store_instance = True
        store_row_values = True
        skip_html_diff = True

    @cached_property
    def services_by_key(self) -> dict[str, Service]:
        return {service.key: service for service in Service.objects.only("pk", "key", "name")}

    @cached_property
    def linkable_ids(self) -> set[int]:
        return set(scope.linkable_services(self.user).values_list("pk", flat=True))

    def dehydrate_region(self, entry: Entry) -> str:
        return entry.section.region.slug if entry.section_id else ""

    def dehydrate_card(self, entry: Entry) -> str:
        return entry.section.card if entry.section_id else ""

    def dehydrate_section(self, entry: Entry) -> str:
        return entry.section.slug if entry.section_id else ""

    def dehydrate_section_title(self, entry: Entry) -> str:
        return entry.section.title if entry.section_id else ""

    def dehydrate_parent(self, entry: Entry) -> str:
        return entry.parent.display_title if entry.parent_id else ""

    def dehydrate_service(self, entry: Entry) -> str:
        return entry.service.key if entry.service_id else ""

    def filter_export(self, queryset, **kwargs):
        """Sections in card order, each heading followed by its sub-entries (so a re-import finds them)."""
        entries = list(queryset.select_related("section__region", "service", "parent__service"))
        rank = {}
        for entry in entries:
            top = entry.parent if entry.parent_id else entry
            rank[entry.pk] = (
                entry.section.region.name, entry.section.card, entry.section.order, entry.section.slug,
                top.order, top.pk, entry.parent_id is not None, entry.order, entry.pk,
            )  # fmt: skip
        return sorted(entries, key=lambda e: rank[e.pk])

    def after_init_instance(self, instance, new, row, **kwargs):
        self._check_existing(instance, new, _("Regel %(id)s") % {"id": instance.pk})
        super().after_init_instance(instance, new, row, **kwargs)

    import_checks = ("_import_section", "_import_service", "_import_parent")

    def _import_section(self, entry: Entry, row) -> None:
        region = self._target_region(row)
        if region is None:
            raise ValidationError({"section": _("Vul de regio in (bv. leuven).")})
        card = str(row.get("kaart") or "").strip().casefold()
        if card not in Card.values:
            raise ValidationError(
                {"section": _("Onbekende kaart ‘%(value)s’: kies partnerkaart of contactfiche.") % {"value": card}}
            )
        slug = str(row.get("rubriek") or "").strip()
        section = Section.objects.filter(region=region, card=card, slug=slug).first()
        if section is None:
            section = Section(
                region=region, card=card, slug=slug, title=str(row.get("rubriek_titel") or "").strip() or slug,
                order=Section.objects.filter(region=region, card=card).count(),
            )  # fmt: skip
            try:
                section.full_clean()
            except ValidationError as exc:
                raise ValidationError({"section": [f"{k}: {m}" for k, ms in exc.message_dict.items() for m in ms]}) from None
            section.save()
        entry.section = section

    def _import_service(self, entry: Entry, row) -> None:
        key = str(row.get("dienst") or "").strip()
        if not key:
            entry.service = None
            return
        service = self.services_by_key.get(key)
        if service is None:
            raise ValidationError({"service": _("Onbekende dienst ‘%(key)s’ (kolom sleutel bij de diensten).") % {"key": key}})
        if service.pk not in self.linkable_ids:
            raise ValidationError({"service": _("De dienst ‘%(key)s’ hoort bij een andere eerstelijnszone.") % {"key": key}})
        entry.service = service

    def _import_parent(self, entry: Entry, row) -> None:
        title = str(row.get("onder") or "").strip()
        if not title:
            entry.parent = None
            return
        if not entry.section_id:
            return  # the section's own error says what is wrong
        candidates = (
            Entry.objects.filter(section=entry.section, parent__isnull=True).select_related("service").exclude(pk=entry.pk)
        )
        parent = next((e for e in candidates if e.display_title == title), None)
        if parent is None:
            raise ValidationError({"parent": _("Geen regel ‘%(title)s’ in deze rubriek om onder te zetten.") % {"title": title}})
        entry.parent = parent

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        super().validate_instance(instance, import_validation_errors, validate_unique)
        if not scope.can_edit(self.user, instance):
            raise ValidationError({NON_FIELD_ERRORS: [_("Je kan alleen regels van je eigen eerstelijnszone importeren.")]})
