"""The Django admin for ELZ staff: every content model, with inlines where people edit together.

Every admin here builds on `ScopedAdmin` (and inlines on `ScopedInline`, both in
`partners.staff.admin_base`), which take what a user
may see and change from `partners.staff.scope`: the listed records, the choices in every dropdown and
autocomplete, and the permission on each record. A record of another region answers 403 when
opened by its URL. No admin below repeats that logic.

What may be *written* is decided in one place, `partners.staff.policy`: its table gives the
read-only fields of every form, and `ScopedAdmin` asks it explicitly before each save, inline save,
delete and revert (the tripwire `partners.staff.guard` checks again on every save). Every form of
these admins (change form, inline, list_editable, revert) is a `GuardedForm`, which shows the
policy's refusal next to the form and keeps the choices a user cannot see (so saving never drops them).
"""

from __future__ import annotations

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from partners.lib import phones
from partners.models import (
    Closure,
    ConsultContact,
    ConsultTopic,
    Editor,
    Email,
    Entry,
    Factor,
    FactorList,
    LanguageSignOff,
    Municipality,
    Organization,
    Phone,
    Region,
    Resource,
    Role,
    Schedule,
    Section,
    Service,
    Step,
    Theme,
    TierContact,
    UrgencyTier,
    Zone,
    stale_before,
)
from partners.staff import policy, scope
from partners.staff.admin_base import ScopedAdmin, ScopedImportExportMixin, ScopedInline
from partners.staff.imports import EntryResource, ServiceResource
from partners.staff.translations import TranslatedFieldsAdmin

# -- the content models ----------------------------------------------------------------------


@admin.register(Theme)
class ThemeAdmin(ScopedAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name", "slug"]


@admin.register(Role)
class RoleAdmin(ScopedAdmin):
    list_display = ["name", "key", "order", "places"]
    list_editable = ["order"]
    search_fields = ["name", "key"]


@admin.register(Region)
class RegionAdmin(ScopedAdmin):
    list_display = ["name", "slug", "province", "has_own_map", "contact_email", "updated_at"]
    list_filter = ["province", "has_own_map"]
    search_fields = ["name", "slug", "zone__municipalities__name_nl", "zone__municipalities__postcodes__code"]

    def get_prepopulated_fields(self, request, obj=None):
        # Not the `prepopulated_fields` attribute: simple-history's version page uses that one as it
        # is, also for an editor, whose form has no slug (that answered 500).
        return {"slug": ["name"]} if scope.edits_everything(request.user) else {}


class ReferenceDataAdmin(admin.ModelAdmin):
    """The geography (fixtures/geo, loaded by migrate and load_demo): to look up, never to edit here
    (`reference` in `partners.staff.policy.RULES`)."""

    def has_add_permission(self, request):
        return policy.may_change_in_admin(self.model) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return policy.may_change_in_admin(self.model) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return policy.may_change_in_admin(self.model) and super().has_delete_permission(request, obj)


@admin.register(Zone)
class ZoneAdmin(ReferenceDataAdmin):
    list_display = ["name", "code", "province", "region"]
    list_filter = ["province"]
    search_fields = ["name", "municipalities__name_nl", "municipalities__name_fr", "municipalities__postcodes__code"]
    fields = ["name", "code", "slug", "province", "municipalities"]


@admin.register(Municipality)
class MunicipalityAdmin(ReferenceDataAdmin):
    list_display = ["name_nl", "name_fr", "refnis", "gewest", "province"]
    list_filter = ["gewest", "province"]
    search_fields = ["name_nl", "name_fr", "refnis", "postcodes__code", "localities__name"]
    fields = ["refnis", "name_nl", "name_fr", "gewest", "province"]


class ServiceInline(ScopedInline, admin.StackedInline):
    model = Service
    extra = 0
    fields = ["name", "key", "description", "coverage", "province"]
    show_change_link = True


@admin.register(Organization)
class OrganizationAdmin(ScopedAdmin):
    list_display = ["name", "region", "website", "service_count"]
    list_filter = ["region"]
    search_fields = ["name", "services__name"]
    inlines = [ServiceInline]

    def get_queryset(self, request):
        # Explicit order: a GROUP BY (the count) drops the model's default ordering, and pagination needs one.
        return super().get_queryset(request).select_related("region").annotate(n_services=Count("services")).order_by("name")

    @admin.display(description=_("diensten"), ordering="n_services")
    def service_count(self, obj):
        return obj.n_services


class PhoneInline(ScopedInline, admin.TabularInline):
    model = Phone
    extra = 1
    fields = ["number", "label", "order"]  # the label's translations: on the phone number's own page


class EmailInline(ScopedInline, admin.TabularInline):
    model = Email
    extra = 1


class ScheduleInline(ScopedInline, admin.TabularInline):
    """Opening hours as plain rows: a day, from, until (a row per interval)."""

    model = Schedule
    extra = 1
    fields = ["weekday", "opens_at", "closes_at", "phone", "valid_from", "valid_to", "description"]
    verbose_name_plural = _("openingsuren (leeg en niet 24/7: we tonen alleen de tekst bij ‘bereikbaarheid’)")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        service_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
        if db_field.name == "phone" and field is not None:
            # Only this service's numbers (none yet for a new service).
            field.queryset = (
                field.queryset.filter(service_id=service_id) if str(service_id or "").isdigit() else field.queryset.none()
            )
        return field


class ClosureInline(ScopedInline, admin.TabularInline):
    model = Closure
    extra = 0


class StaleFilter(admin.SimpleListFilter):
    title = _("nagekeken")
    parameter_name = "verouderd"

    def lookups(self, request, model_admin):
        return [("ja", _("verouderd (of nooit nagekeken)")), ("nee", _("recent nagekeken"))]

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return queryset.stale()
        if self.value() == "nee":
            return queryset.fresh()
        return queryset


class ServiceAdminForm(forms.ModelForm):
    verified_now = forms.BooleanField(
        label=_("Ik heb deze gegevens vandaag nagekeken"),
        required=False,
        help_text=_("Zet ‘laatst nagekeken op’ op vandaag, met jouw naam."),
    )

    class Meta:
        model = Service
        fields = "__all__"


@admin.register(Service)
class ServiceAdmin(TranslatedFieldsAdmin, ScopedImportExportMixin, ScopedAdmin):
    form = ServiceAdminForm
    resource_classes = [ServiceResource]
    list_display = ["name", "organization", "owner", "first_phone", "verified"]
    list_filter = [
        StaleFilter,
        "coverage",
        "province",
        "is_free",
        "is_anonymous",
        "is_always_open",
        "themes",
        "organization__region",
    ]
    search_fields = ["name", "key", "description", "organization__name", "phones__number", "emails__address"]
    autocomplete_fields = ["organization"]
    filter_horizontal = ["themes", "roles", "regions"]
    inlines = [PhoneInline, EmailInline, ScheduleInline, ClosureInline]
    readonly_fields = ["verified_label"]  # and, from the policy, the verification and (for editors) the werkgebied
    actions = ["mark_verified"]
    fieldsets = [
        (None, {"fields": ["organization", "name", "key", "description", "application_process", "availability"]}),
        (
            _("Kenmerken"),
            {
                "fields": [
                    ("is_free", "is_anonymous", "is_always_open"),
                    ("channel_phone", "channel_chat", "channel_email", "channel_visit"),
                    ("age_min_months", "age_max_months"),
                    "themes",
                    "roles",
                    ("languages", "languages_complete"),
                ]
            },
        ),
        (_("Contact"), {"fields": ["url", "street", ("postcode", "city")]}),
        (_("Werkgebied"), {"fields": ["coverage", "province", "regions"]}),
        (_("Actualiteit"), {"fields": ["verified_label", "verified_now", ("assured_date", "assured_by")]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organization__region").prefetch_related("phones")

    def get_fieldsets(self, request, obj=None):
        """The "nagekeken" checkbox only where the user may change the service."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        return [(name, {**opts, "fields": [f for f in opts["fields"] if f != "verified_now"]}) for name, opts in fieldsets]

    def get_readonly_fields(self, request, obj=None):
        # modeltranslation's admin answers this without calling super(): add the policy's fields here
        readonly = [*super().get_readonly_fields(request, obj)]
        return readonly + [f for f in policy.readonly_fields(request.user, self.model, obj) if f not in readonly]

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if not scope.edits_everything(request.user):
            initial.setdefault("regions", sorted(scope.region_ids(request.user)))
        return initial

    def get_search_results(self, request, queryset, search_term):
        """Also find a service by a phone number typed the way people write it (016 30 17 30)."""
        queryset = self.search_scope(request, queryset)
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        try:
            number = phones.normalize(search_term)
        except ValidationError:
            return results, may_have_duplicates
        return results | queryset.filter(phones__number=number), True

    def save_model(self, request, obj, form, change):
        if form.cleaned_data.get("verified_now"):
            obj.assured_date = timezone.localdate()
            obj.assured_by = policy.verifier_name(request.user)
        super().save_model(request, obj, form, change)  # regions the editor cannot see: kept by GuardedForm

    @admin.action(description=_("Markeer als nagekeken (vandaag, door jou)"), permissions=["change"])
    def mark_verified(self, request, queryset):
        allowed = scope.editable(queryset, request.user)
        skipped = queryset.count() - allowed.count()
        today, name = timezone.localdate(), policy.verifier_name(request.user)
        count = 0
        for service in allowed:  # one save each, so each service's history says who verified it
            service.assured_date, service.assured_by = today, name
            policy.check_write(request.user, service)
            service.save(update_fields=["assured_date", "assured_by", "updated_at"])
            count += 1
        self.message_user(
            request,
            ngettext("%(n)d dienst gemarkeerd als nagekeken.", "%(n)d diensten gemarkeerd als nagekeken.", count) % {"n": count},
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(n)d gedeelde dienst overgeslagen: die kijkt de redactie Vlaanderen na.",
                    "%(n)d gedeelde diensten overgeslagen: die kijkt de redactie Vlaanderen na.",
                    skipped,
                )
                % {"n": skipped},
                messages.WARNING,
            )

    @admin.display(description=_("beheerd door"), ordering="organization__region__name")
    def owner(self, obj):
        region = obj.organization.region
        return region.name if region else _("gedeeld")

    @admin.display(description=_("nagekeken"), ordering="assured_date")
    def verified(self, obj):
        if not obj.assured_date:
            return _("nooit")
        text = obj.assured_date.strftime("%d-%m-%Y")
        if obj.assured_by:
            text += " " + str(_("door %(name)s") % {"name": obj.assured_by})
        return f"{text} ⚠ {_('verouderd')}" if obj.is_stale else text

    @admin.display(description=_("status"))
    def verified_label(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        label = obj.verified_label
        if obj.is_stale:
            label += " — " + str(_("verouderd: ouder dan %(date)s") % {"date": stale_before().strftime("%d-%m-%Y")})
        return label

    @admin.display(description=_("telefoon"))
    def first_phone(self, obj):
        numbers = list(obj.phones.all())
        return numbers[0].display if numbers else "–"


class EntryInline(ScopedInline, admin.TabularInline):
    model = Entry
    extra = 1
    fields = ["order", "parent", "service", "title", "description"]
    autocomplete_fields = ["service"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            section_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Entry.objects.filter(section_id=section_id, parent__isnull=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Section)
class SectionAdmin(TranslatedFieldsAdmin, ScopedAdmin):
    list_display = ["title", "card", "region", "order"]
    list_filter = ["region", "card"]
    search_fields = ["title", "entries__title"]
    inlines = [EntryInline]


@admin.register(Entry)
class EntryAdmin(TranslatedFieldsAdmin, ScopedImportExportMixin, ScopedAdmin):
    resource_classes = [EntryResource]
    list_display = ["__str__", "section", "parent", "order"]
    list_filter = ["section__region", "section__card", "section"]
    search_fields = ["title", "description", "service__name"]
    autocomplete_fields = ["service"]
    list_select_related = ["section__region", "service", "parent__service"]


class TierContactInline(ScopedInline, admin.TabularInline):
    model = TierContact
    extra = 1
    autocomplete_fields = ["service"]
    fields = ["service", "theme", "note", "order"]


@admin.register(UrgencyTier)
class UrgencyTierAdmin(ScopedAdmin):
    list_display = ["name", "slug", "region", "order"]
    list_filter = ["region", "slug"]
    inlines = [TierContactInline]


class ConsultContactInline(ScopedInline, admin.TabularInline):
    model = ConsultContact
    extra = 1
    autocomplete_fields = ["service"]


@admin.register(ConsultTopic)
class ConsultTopicAdmin(ScopedAdmin):
    list_display = ["title", "theme", "region", "order"]
    list_filter = ["region", "theme"]
    search_fields = ["title"]
    inlines = [ConsultContactInline]


@admin.register(Resource)
class ResourceAdmin(ScopedAdmin):
    list_display = ["title", "kind", "region", "url", "order"]
    list_filter = ["region", "kind", "themes"]
    search_fields = ["title", "description", "url"]
    filter_horizontal = ["themes"]


class FactorInline(ScopedInline, admin.TabularInline):
    model = Factor
    extra = 1


@admin.register(FactorList)
class FactorListAdmin(ScopedAdmin):
    list_display = ["title", "key", "region"]
    list_filter = ["region", "key"]
    inlines = [FactorInline]


@admin.register(Step)
class StepAdmin(ScopedAdmin):
    list_display = ["__str__", "key", "region"]
    list_filter = ["region"]


@admin.register(LanguageSignOff)
class LanguageSignOffAdmin(ScopedAdmin):
    """A sign-off is made on the page "Vertaling nakijken" (`partners.staff.sign_off`), where every
    text is ticked first; here it is listed, with its history, and the reader's name can be corrected."""

    list_display = ["region", "language", "reader", "signed_on", "review_page"]
    list_filter = ["language", "region"]
    fields = ["region", "language", "reader", "signed_on", "signed_by", "review_page"]
    readonly_fields = ["region", "language", "signed_on", "signed_by", "review_page"]

    @admin.display(description=_("pagina"))
    def review_page(self, obj):
        from django.urls import reverse
        from django.utils.html import format_html

        return format_html(
            '<a href="{}">{}</a>', reverse("admin:sign_off", args=[obj.region.slug, obj.language]), _("Vertaling nakijken")
        )

    def has_add_permission(self, request):
        return False


@admin.register(Phone)
class PhoneAdmin(TranslatedFieldsAdmin, ScopedAdmin):
    list_display = ["display", "label", "service"]
    search_fields = ["number", "service__name"]
    list_select_related = ["service"]


@admin.register(Email)
class EmailAdmin(ScopedAdmin):
    list_display = ["address", "label", "service"]
    search_fields = ["address", "service__name"]
    list_select_related = ["service"]


@admin.register(Schedule)
class ScheduleAdmin(ScopedAdmin):
    list_display = ["__str__", "service", "phone", "valid_from", "valid_to"]
    list_filter = ["weekday"]
    search_fields = ["service__name", "service__key"]
    list_select_related = ["service", "phone"]
    autocomplete_fields = ["service"]


@admin.register(Closure)
class ClosureAdmin(ScopedAdmin):
    list_display = ["__str__", "service", "description"]
    search_fields = ["service__name", "service__key", "description"]
    list_select_related = ["service"]
    autocomplete_fields = ["service"]


@admin.register(TierContact)
class TierContactAdmin(ScopedAdmin):
    list_display = ["__str__", "tier", "theme", "order"]
    list_select_related = ["service", "tier__region", "theme"]


@admin.register(ConsultContact)
class ConsultContactAdmin(ScopedAdmin):
    list_display = ["__str__", "topic", "order"]
    list_select_related = ["service", "topic"]


@admin.register(Factor)
class FactorAdmin(ScopedAdmin):
    list_display = ["text", "factor_list", "order"]
    list_select_related = ["factor_list"]


# -- who edits which region (superusers only: editors have no permission on these) -------------


@admin.register(Editor)
class EditorAdmin(SimpleHistoryAdmin):
    list_display = ["user", "region_names"]
    filter_horizontal = ["regions"]
    autocomplete_fields = ["user"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user").prefetch_related("regions")

    @admin.display(description=_("eerstelijnszones"))
    def region_names(self, obj):
        return ", ".join(region.name for region in obj.regions.all())

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        policy.grant_editor_role(obj.user)


class EditorInline(admin.StackedInline):
    model = Editor
    can_delete = True
    filter_horizontal = ["regions"]
    verbose_name_plural = _("ELZ-redacteur van")


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class WegwijzerUserAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, EditorInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if Editor.objects.filter(user=form.instance).exists():
            policy.grant_editor_role(form.instance)


# -- login lockouts (django-axes; superusers only) -------------------------------------------

admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class LockoutAdmin(AccessAttemptAdmin):
    """Failed logins per username and address; deleting them (or "ontgrendel") lifts a lockout."""

    actions = [*AccessAttemptAdmin.actions, "unlock"]

    @admin.action(description=_("Ontgrendel: wis de mislukte aanmeldpogingen"), permissions=["delete"])
    def unlock(self, request, queryset):
        count, _deleted = queryset.delete()
        self.message_user(request, ngettext("%(n)d blokkering opgeheven.", "%(n)d blokkeringen opgeheven.", count) % {"n": count})
