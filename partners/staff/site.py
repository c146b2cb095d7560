"""The admin site for ELZ staff: Django's admin with an ELZ dashboard and a restore for deleted records."""

from __future__ import annotations

import functools

from django.apps import apps
from django.contrib import admin, messages
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partners.content.loader import ContentError
from partners.content.new_region import start_own_map
from partners.staff import history, home, partner_form, policy, scope, sign_off, two_factor
from partners.staff.dashboard import admin_url, region_overview
from partners.staff.forms import NewRegionForm
from partners.staff.national import national_csv, national_overview


class WegwijzerAdminSite(admin.AdminSite):
    site_header = gettext_lazy("Wegwijzer – beheer")
    site_title = gettext_lazy("Wegwijzer beheer")
    index_title = gettext_lazy("Inhoud van de wegwijzer")
    index_template = "admin/wegwijzer_index.html"

    def admin_view(self, view, cacheable=False):
        """Every admin page (Django's, simple-history's, import-export's and ours) first asks for the
        second factor where it is due (`partners.staff.two_factor`); a POST runs in one transaction,
        and a write the policy refuses (`partners.staff.policy`) rolls all of it back and answers 403
        with the policy's Dutch message."""

        @functools.wraps(view)
        def all_or_nothing(request, *args, **kwargs):
            match = request.resolver_match
            if two_factor.owes_second_factor(request) and (match is None or match.url_name not in two_factor.EXEMPT_URL_NAMES):
                return HttpResponseRedirect(reverse("admin:two_factor") + "?" + urlencode({"next": request.get_full_path()}))
            if request.method in ("GET", "HEAD", "OPTIONS"):
                try:
                    return view(request, *args, **kwargs)
                except policy.Refused as exc:
                    return self.refused_view(request, exc)
            try:
                with transaction.atomic():
                    return view(request, *args, **kwargs)
            except policy.Refused as exc:
                return self.refused_view(request, exc)

        return super().admin_view(all_or_nothing, cacheable)

    def refused_view(self, request: HttpRequest, exc: Exception) -> HttpResponse:
        context = {
            **self.each_context(request),
            "title": _("Niet bewaard"),
            "message": str(exc),
            "back": request.get_full_path(),
        }
        return TemplateResponse(request, "admin/partners/refused.html", context, status=403)

    def get_urls(self):
        return [
            path("overzicht/", self.admin_view(self.dashboard_view), name="dashboard"),
            path("tweestaps/", self.admin_view(functools.partial(two_factor.two_factor_view, self)), name="two_factor"),
            path(
                "tweestaps/herstelcodes/",
                self.admin_view(functools.partial(two_factor.recovery_codes_view, self)),
                name="two_factor_codes",
            ),
            path("nieuwe-elz/", self.admin_view(self.new_region_view), name="new_region"),
            path("vlaanderen/", self.admin_view(self.national_view), name="national"),
            path("vlaanderen.csv", self.admin_view(self.national_view), {"as_csv": True}, name="national_csv"),
            path("vertalingen/", self.admin_view(functools.partial(sign_off.index_view, self)), name="sign_off_index"),
            path(
                "vertalingen/<slug:slug>/<slug:code>/",
                self.admin_view(functools.partial(sign_off.sign_off_view, self)),
                name="sign_off",
            ),
            path(
                "vertalingen/<slug:slug>/<slug:code>/po/",
                self.admin_view(functools.partial(sign_off.po_export_view, self)),
                name="sign_off_po",
            ),
            path(
                "vertalingen/<slug:slug>/<slug:code>/po-inlezen/",
                self.admin_view(functools.partial(sign_off.po_import_view, self)),
                name="sign_off_po_import",
            ),
            path("partner-toevoegen/", self.admin_view(self.add_partner_view), name="add_partner"),
            path("eigen-kaart/vragen/", self.admin_view(self.ask_own_map_view), name="ask_own_map"),
            path("eigen-kaart/<int:pk>/", self.admin_view(self.decide_own_map_view), name="decide_own_map"),
            path(
                "herstel/<slug:app_label>/<slug:model_name>/<int:history_id>/",
                self.admin_view(self.restore_view),
                name="restore_deleted",
            ),
            *super().get_urls(),
        ]

    def index(self, request, extra_context=None):
        """The home: the user's zone first, then the tables grouped by task (`partners.staff.home`)."""
        context = home.home_context(request, self.get_app_list(request))
        return super().index(request, {**context, **(extra_context or {})})

    def add_partner_view(self, request: HttpRequest) -> HttpResponse:
        return partner_form.add_partner_view(self, request)

    def ask_own_map_view(self, request: HttpRequest) -> HttpResponse:
        return home.ask_own_map_view(self, request)

    def decide_own_map_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return home.decide_own_map_view(self, request, pk)

    def dashboard_view(self, request: HttpRequest) -> HttpResponse:
        """Per region: counts, stale services, content problems, lines without contact, recent changes."""
        regions = list(scope.regions_of(request.user).order_by("name"))
        chosen = None
        if request.GET.get("elz"):
            chosen = next((r for r in regions if r.slug == request.GET["elz"]), None)
            if chosen is None:
                raise Http404
        elif regions:
            chosen = regions[0]
        context = {
            **self.each_context(request),
            "title": _("Overzicht van je eerstelijnszone"),
            "regions": regions,
            "overview": region_overview(chosen) if chosen else None,
            "deleted": history.deleted_records(request.user),
        }
        return TemplateResponse(request, "admin/partners/dashboard.html", context)

    def national_view(self, request: HttpRequest, as_csv: bool = False) -> HttpResponse:
        """All zones against the essential roles, for the redactie Vlaanderen only (and as CSV)."""
        if not scope.edits_everything(request.user):
            raise PermissionDenied
        roles, rows = national_overview()
        if as_csv:
            return national_csv(roles, rows)
        context = {
            **self.each_context(request),
            "title": _("Vlaanderen: essentiële rollen per zone"),
            "roles": roles,
            "rows": rows,
            "missing_total": sum(row.missing for row in rows),
        }
        return TemplateResponse(request, "admin/partners/national.html", context)

    def new_region_view(self, request: HttpRequest) -> HttpResponse:
        """Start a zone's own partner map, as `manage.py new_elz` does. Redactie Vlaanderen only."""
        policy.check_new_region(request.user)
        form = NewRegionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                region = start_own_map(zone=data["zone"].slug, name=data["name"], contact_email=data["contact_email"])
            except ContentError as exc:
                form.add_error(None, str(exc))
            except IntegrityError:  # the form checks names, slugs and postcodes first; this is the last resort
                form.add_error(
                    None, _("Deze eerstelijnszone kan niet gemaakt worden: de naam, de slug of een postcode bestaat al.")
                )
            else:
                messages.success(request, _("%(name)s staat klaar. Voeg nu de lokale partners toe.") % {"name": region.name})
                return HttpResponseRedirect(reverse("admin:partners_region_change", args=[region.pk]))
        context = {**self.each_context(request), "title": _("Eigen partnerkaart voor een eerstelijnszone"), "form": form}
        return TemplateResponse(request, "admin/partners/new_region.html", context)

    @staticmethod
    def _deleted_record(request: HttpRequest, app_label: str, model_name: str, history_id: int):
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            raise Http404 from None
        if model not in scope.REGION_PATHS:
            raise Http404
        record = history.find_deleted(model, history_id)
        if record is None:
            raise Http404
        add = f"{app_label}.{get_permission_codename('add', model._meta)}"
        if not request.user.has_perm(add) or not scope.can_edit(request.user, record.instance):
            raise PermissionDenied
        return record

    def restore_view(self, request: HttpRequest, app_label: str, model_name: str, history_id: int) -> HttpResponse:
        """GET asks to confirm; POST restores the record and what was deleted with it."""
        record = self._deleted_record(request, app_label, model_name, history_id)
        if request.method == "POST":
            try:
                obj = history.restore(record, request.user)
            except history.RestoreError as exc:
                messages.error(request, str(exc))
                return HttpResponseRedirect(reverse("admin:dashboard"))
            messages.success(request, _("‘%(label)s’ is hersteld, zoals het was vóór het verwijderen.") % {"label": obj})
            return HttpResponseRedirect(admin_url(obj))
        context = {
            **self.each_context(request),
            "title": _("Herstel %(what)s") % {"what": record.instance._meta.verbose_name},
            "record": record,
            "label": str(record.instance),
            "who": history.who(record),
        }
        return TemplateResponse(request, "admin/partners/restore.html", context)
