"""The Django admin for ELZ staff: every content model, with inlines where people edit together."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import phones
from .models import (
    ConsultContact,
    ConsultTopic,
    Email,
    Entry,
    Factor,
    FactorList,
    Gemeente,
    Organization,
    Phone,
    Region,
    Resource,
    Section,
    Service,
    Step,
    Theme,
    TierContact,
    UrgencyTier,
)

admin.site.site_header = _("Wegwijzer – beheer")
admin.site.site_title = _("Wegwijzer beheer")
admin.site.index_title = _("Inhoud van de wegwijzer")


@admin.register(Theme)
class ThemeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name", "slug"]


class GemeenteInline(admin.TabularInline):
    model = Gemeente
    extra = 1


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "province", "contact_email", "updated_at"]
    list_filter = ["province"]
    search_fields = ["name", "slug", "gemeenten__name", "gemeenten__postcode"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [GemeenteInline]


@admin.register(Gemeente)
class GemeenteAdmin(SimpleHistoryAdmin):
    list_display = ["postcode", "name", "region"]
    list_filter = ["region"]
    search_fields = ["name", "postcode"]


class ServiceInline(admin.StackedInline):
    model = Service
    extra = 0
    fields = ["name", "key", "description", "coverage"]
    show_change_link = True


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "region", "website", "service_count"]
    list_filter = ["region"]
    search_fields = ["name", "services__name"]
    inlines = [ServiceInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("region").annotate(n_services=Count("services"))

    @admin.display(description=_("diensten"), ordering="n_services")
    def service_count(self, obj):
        return obj.n_services


class PhoneInline(admin.TabularInline):
    model = Phone
    extra = 1


class EmailInline(admin.TabularInline):
    model = Email
    extra = 1


@admin.register(Service)
class ServiceAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organization", "coverage", "first_phone", "is_free", "assured_date"]
    list_filter = ["coverage", "province", "is_free", "is_anonymous", "is_always_open", "themes", "organization__region"]
    search_fields = ["name", "key", "description", "organization__name", "phones__number", "emails__address"]
    autocomplete_fields = ["organization"]
    filter_horizontal = ["themes", "regions"]
    inlines = [PhoneInline, EmailInline]
    fieldsets = [
        (None, {"fields": ["organization", "name", "key", "description", "application_process", "availability"]}),
        (_("Kenmerken"), {"fields": [("is_free", "is_anonymous", "is_always_open"), ("channel_phone", "channel_chat", "channel_email", "channel_visit"), ("age_min_months", "age_max_months"), "themes"]}),
        (_("Contact"), {"fields": ["url", "street", ("postcode", "city")]}),
        (_("Werkgebied"), {"fields": ["coverage", "province", "regions"]}),
        (_("Actualiteit"), {"fields": [("assured_date", "assured_by")]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organization").prefetch_related("phones")

    def get_search_results(self, request, queryset, search_term):
        """Also find a service by a phone number typed the way people write it (016 30 17 30)."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        try:
            number = phones.normalize(search_term)
        except ValidationError:
            return results, may_have_duplicates
        return results | queryset.filter(phones__number=number), True

    @admin.display(description=_("telefoon"))
    def first_phone(self, obj):
        phones = list(obj.phones.all())
        return phones[0].display if phones else "–"


class EntryInline(admin.TabularInline):
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
class SectionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "card", "region", "order"]
    list_filter = ["region", "card"]
    search_fields = ["title", "entries__title"]
    inlines = [EntryInline]


@admin.register(Entry)
class EntryAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "section", "parent", "order"]
    list_filter = ["section__region", "section__card", "section"]
    search_fields = ["title", "description", "service__name"]
    autocomplete_fields = ["service"]
    list_select_related = ["section__region", "service", "parent__service"]


class TierContactInline(admin.TabularInline):
    model = TierContact
    extra = 1
    autocomplete_fields = ["service"]


@admin.register(UrgencyTier)
class UrgencyTierAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "region", "order"]
    list_filter = ["region", "slug"]
    inlines = [TierContactInline]


class ConsultContactInline(admin.TabularInline):
    model = ConsultContact
    extra = 1
    autocomplete_fields = ["service"]


@admin.register(ConsultTopic)
class ConsultTopicAdmin(SimpleHistoryAdmin):
    list_display = ["title", "theme", "region", "order"]
    list_filter = ["region", "theme"]
    search_fields = ["title"]
    inlines = [ConsultContactInline]


@admin.register(Resource)
class ResourceAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "region", "url", "order"]
    list_filter = ["region", "kind", "themes"]
    search_fields = ["title", "description", "url"]
    filter_horizontal = ["themes"]


class FactorInline(admin.TabularInline):
    model = Factor
    extra = 1


@admin.register(FactorList)
class FactorListAdmin(SimpleHistoryAdmin):
    list_display = ["title", "key", "region"]
    list_filter = ["region", "key"]
    inlines = [FactorInline]


@admin.register(Step)
class StepAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "key", "region"]
    list_filter = ["region"]


@admin.register(Phone)
class PhoneAdmin(SimpleHistoryAdmin):
    list_display = ["display", "label", "service"]
    search_fields = ["number", "service__name"]
    list_select_related = ["service"]


@admin.register(Email)
class EmailAdmin(SimpleHistoryAdmin):
    list_display = ["address", "label", "service"]
    search_fields = ["address", "service__name"]
    list_select_related = ["service"]


admin.site.register(TierContact, SimpleHistoryAdmin)
admin.site.register(ConsultContact, SimpleHistoryAdmin)
admin.site.register(Factor, SimpleHistoryAdmin)
