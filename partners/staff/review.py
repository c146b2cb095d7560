"""The review queues: proposals (from partners and from De Sociale Kaart) and reports from professionals.

Both are scoped like every other admin (`ScopedAdmin`, `REGION_PATHS`): an editor sees only their
regions' proposals and reports, and those of shared services only the redactie Vlaanderen. A
proposal is reviewed as a field-by-field diff; accepting and rejecting go through
`partners.content.review` (the service's normal save, so its history records who took over what),
after the explicit `policy.check_decide`. A decision is final: the change form is read-only after it.
A proposal for a new service (service=None, from De Sociale Kaart) makes the service in the
proposal's region, on the partnerkaart section the reviewer chooses, or on none.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partners.content import review
from partners.models import PROPOSAL_FIELDS, Card, Proposal, Report, ReportStatus, Section, Service
from partners.staff import policy, scope
from partners.staff.admin_base import ScopedAdmin


def _service_link(service: Service | None) -> str:
    if service is None:
        return "–"
    url = reverse("admin:partners_service_change", args=[service.pk])
    return format_html('<a href="{}">{}</a>', url, service.name)


@admin.register(Proposal)
class ProposalAdmin(ScopedAdmin):
    list_display = ["__str__", "region", "source", "status", "fields_changed", "created_at"]
    list_filter = ["status", "source", "region"]
    list_select_related = ["service", "region"]
    search_fields = ["service__name"]
    fields = ["service_link", "region", "source", "status", "note", "created_at", "decided_at", "decided_by"]
    readonly_fields = fields
    change_form_template = "admin/partners/proposal_review.html"

    def has_add_permission(self, request):
        return False  # proposals come from partners' links and imports, never typed in

    @admin.display(description=gettext_lazy("dienst"))
    def service_link(self, obj):
        return _service_link(obj.service) if obj.service_id else _("een nieuwe dienst")

    @admin.display(description=gettext_lazy("velden"))
    def fields_changed(self, obj):
        return ", ".join(str(PROPOSAL_FIELDS[name]) for name in PROPOSAL_FIELDS if name in obj.changes)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        decision = next((key for key in ("_accept_all", "_accept_selected", "_reject") if key in request.POST), None)
        if request.method == "POST" and decision:
            return self._decide(request, obj, decision)
        extra_context = dict(extra_context or {})
        if self.has_view_permission(request, obj):
            extra_context["rows"] = obj.rows()
            extra_context["proposal"] = obj
            extra_context["may_decide"] = obj.is_open and self._may_decide(request, obj)
            if obj.service_id is None and extra_context["may_decide"]:
                extra_context["sections"] = self._sections(obj)
            extra_context["title"] = _("Voorstel beoordelen") if obj.is_open else _("Voorstel (beslist)")
        return super().change_view(request, object_id, form_url, extra_context)

    def _may_decide(self, request, obj: Proposal) -> bool:
        if not self.has_change_permission(request, obj):
            return False
        if obj.service_id is None:
            return obj.region_id is not None  # a new service goes into the proposal's region
        return scope.can_edit(request.user, obj.service)

    @staticmethod
    def _sections(obj: Proposal):
        return Section.objects.filter(region_id=obj.region_id, card=Card.PARTNERKAART).order_by("order", "pk")

    def _chosen_section(self, request, obj: Proposal) -> Section | None:
        """The partnerkaart section picked for a new service; None for none. Raises ValidationError
        for anything else (another region's section, another card, a made-up value)."""
        value = request.POST.get("section", "")
        if obj.service_id is not None or not value:
            return None
        section = self._sections(obj).filter(pk=int(value)).first() if value.isdigit() and len(value) < 12 else None
        if section is None:
            raise ValidationError(_("Kies een rubriek van de partnerkaart van deze eerstelijnszone, of geen."))
        return section

    def _decide(self, request, obj: Proposal, decision: str):
        if not self._may_decide(request, obj):
            raise PermissionDenied
        here = reverse("admin:partners_proposal_change", args=[obj.pk])
        if not obj.is_open:
            messages.error(request, _("Over dit voorstel is al beslist."))
            return HttpResponseRedirect(here)
        policy.check_decide(request.user, obj)
        if decision == "_reject":
            review.reject_proposal(obj, request.user)
            messages.success(request, _("Het voorstel is afgewezen. Er is niets veranderd aan de dienst."))
            return HttpResponseRedirect(reverse("admin:partners_proposal_changelist"))
        new = obj.service_id is None
        fields = None if decision == "_accept_all" else [f for f in request.POST.getlist("accept") if f in PROPOSAL_FIELDS]
        try:
            service = review.accept_proposal(obj, fields, request.user, section=self._chosen_section(request, obj))
        except ValidationError as exc:
            messages.error(request, _("Niets overgenomen: %(why)s") % {"why": " ".join(exc.messages)})
            return HttpResponseRedirect(here)
        if new:
            messages.success(
                request,
                _("De nieuwe dienst ‘%(name)s’ is gemaakt. Vul hem verder aan (thema's, leeftijden) en kijk hem na.")
                % {"name": service.name},
            )
        else:
            messages.success(
                request,
                _("Overgenomen in ‘%(name)s’. De wijziging staat in de geschiedenis van de dienst.") % {"name": service.name},
            )
        return HttpResponseRedirect(reverse("admin:partners_service_change", args=[service.pk]))


class FixedByChoice(forms.ModelChoiceField):
    def label_from_instance(self, record):
        who = record.history_user.get_full_name() or record.history_user.get_username() if record.history_user else _("onbekend")
        when = date_format(timezone.localtime(record.history_date), "j F Y, H:i")
        reason = f" – {record.history_change_reason}" if record.history_change_reason else ""
        return f"{when} – {who}{reason}"


class ReportAdminForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["status", "fixed_by"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        report = self.instance
        if "fixed_by" not in self.fields:  # a decided report: read-only (`partners.staff.policy`)
            return
        # Only changes to this report's service, made since the report: never another region's history.
        changes = Service.history.none()
        if report.pk:
            changes = Service.history.filter(id=report.service_id, history_date__gte=report.created_at).select_related(
                "history_user"
            )
        self.fields["fixed_by"] = FixedByChoice(
            queryset=changes.order_by("-history_date"),
            required=False,
            label=_("opgelost met de wijziging"),
            help_text=_("Kies de wijziging aan de dienst die dit oploste (de geschiedenis van de dienst sinds de melding)."),
        )

    def clean(self):
        data = super().clean()
        if data.get("fixed_by") and data.get("status") == ReportStatus.OPEN:
            data["status"] = ReportStatus.RESOLVED
        return data


class ReportAboutFilter(admin.SimpleListFilter):
    title = gettext_lazy("over")
    parameter_name = "over"

    def lookups(self, request, model_admin):
        return [
            ("eigen", _("een dienst van de zone")),
            ("gedeeld", _("een gedeelde dienst")),
            ("ontbreekt", _("een dienst die ontbreekt")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "eigen":
            return queryset.filter(service__organization__region__isnull=False)
        if self.value() == "gedeeld":
            return queryset.filter(service__isnull=False, service__organization__region__isnull=True)
        if self.value() == "ontbreekt":
            return queryset.filter(service__isnull=True)
        return queryset


@admin.register(Report)
class ReportAdmin(ScopedAdmin):
    """The reports of the editor's zones: about their own services, about shared services seen on
    their pages, and services that professionals miss there (`partners.public.feedback`)."""

    form = ReportAdminForm
    list_display = ["__str__", "value", "status", "region", "sent_from", "created_at"]
    list_filter = ["status", ReportAboutFilter, "kind", "region"]
    list_select_related = ["service", "region", "sent_from"]
    search_fields = ["service__name", "value", "missing_name"]
    fields = [
        "service_link",
        "region",
        "sent_from",
        "kind",
        "value",
        "missing_name",
        "missing_details",
        "created_at",
        "status",
        "fixed_by",
        "fixed_by_link",
        "resolved_at",
        "resolved_by",
    ]
    readonly_fields = [
        "service_link",
        "region",
        "sent_from",
        "kind",
        "value",
        "missing_name",
        "missing_details",
        "created_at",
        "fixed_by_link",
        "resolved_at",
        "resolved_by",
    ]

    def has_add_permission(self, request):
        return False  # reports come from the public form

    @admin.display(description=gettext_lazy("dienst"))
    def service_link(self, obj):
        if obj.service_id is None:
            return _("geen: de melder mist een dienst (zie hieronder)")
        link = _service_link(obj.service)
        if obj.is_about_shared_service:
            return format_html("{} ({})", link, _("gedeelde dienst: aanpassen doet de redactie Vlaanderen"))
        return link

    @admin.display(description=gettext_lazy("de wijziging"))
    def fixed_by_link(self, obj):
        if not obj.fixed_by_id:
            return "–"
        url = reverse("admin:partners_service_simple_history", args=[obj.service_id, obj.fixed_by_id])
        return format_html('<a href="{}">{}</a>', url, _("bekijk de wijziging in de geschiedenis"))

    def save_model(self, request, obj, form, change):
        if obj.status == ReportStatus.OPEN:
            obj.resolved_at = obj.resolved_by = None
        elif "status" in form.changed_data or obj.resolved_at is None:
            obj.resolved_at, obj.resolved_by = timezone.now(), request.user
        super().save_model(request, obj, form, change)
