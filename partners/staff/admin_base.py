"""What every admin of `partners.staff.admins` builds on: `ScopedAdmin` and `ScopedInline` take what a
user may see and change from `partners.staff.scope`; every form is a `GuardedForm`, which asks
`partners.staff.policy` before a save and shows its refusal next to the form; `ScopedImportExportMixin`
gives the import/export screens with a preview and caps on size.
"""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import get_fields_from_path, unquote
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.forms import ExportForm, ImportForm
from import_export.results import RowResult
from simple_history.admin import SimpleHistoryAdmin

from partners.models import (
    ImportUpload,
    Region,
)
from partners.staff import policy, scope
from partners.staff.spreadsheets import SpreadsheetSafeCSV, SpreadsheetSafeXLSX, TooLarge, import_caps_message

# -- scoping, shared by every admin and inline ---------------------------------------------------


class ScopedFormfieldsMixin:
    """Dropdowns and multiple choices offer only what the user may use: their own regions' records,
    and for a link to a service (`policy.LINK_FIELDS`) also the shared services covering them."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        user = request.user
        related = db_field.related_model
        if not scope.edits_everything(user) and related in scope.REGION_PATHS:
            queryset = kwargs.get("queryset", related._default_manager.all())
            if (db_field.model, db_field.name) in policy.LINK_FIELDS:
                kwargs["queryset"] = scope.viewable(queryset, user)
            else:
                kwargs["queryset"] = scope.editable(queryset, user)
            if related is Region:
                kwargs["required"] = True  # an editor's records always belong to a region
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        user = request.user
        related = db_field.related_model
        if not scope.edits_everything(user) and related in scope.REGION_PATHS:
            queryset = kwargs.get("queryset", related._default_manager.all())
            if (db_field.model, db_field.name) in policy.LINK_FIELDS:
                kwargs["queryset"] = scope.viewable(queryset, user)
            else:
                kwargs["queryset"] = scope.editable(queryset, user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class GuardedForm:
    """Mixed into every form of the admins below (see `guarded`).

    - Many-to-many choices the user is not offered (another region's, hidden exclusions) are kept
      as they are in the database: a form can only change what it shows.
    - On the main form, `policy.problems` is asked before saving, so a refused change is shown in
      Dutch on the form (`ScopedAdmin.save_model` and the tripwire refuse it again at save time).
    - A model validation error on a field that is not on the form is shown at the top instead of
      failing (Django raises ValueError for it).
    """

    guard_user = None
    guard_check = False

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        if instance.pk is not None:
            m2m = {field.name for field in instance._meta.many_to_many}
            for name, field in self.fields.items():
                if name not in m2m or cleaned.get(name) is None or not isinstance(field, forms.ModelMultipleChoiceField):
                    continue
                hidden = set(getattr(instance, name).values_list("pk", flat=True)) - set(
                    field.queryset.values_list("pk", flat=True)
                )
                if hidden:
                    chosen = {obj.pk for obj in cleaned[name]}
                    cleaned[name] = field.queryset.model._default_manager.filter(pk__in=chosen | hidden)
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        if self.guard_check and self.guard_user is not None and not self._errors:
            for message in policy.problems(self.guard_user, self.instance):
                self.add_error(None, message)

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict"):
            fixed: dict = {}
            for name, errs in errors.error_dict.items():
                if name == NON_FIELD_ERRORS or name in self.fields:
                    fixed.setdefault(name, []).extend(errs)
                    continue
                try:
                    label = capfirst(self._meta.model._meta.get_field(name).verbose_name)
                except FieldDoesNotExist:
                    label = name
                fixed.setdefault(NON_FIELD_ERRORS, []).extend(
                    ValidationError(f"{label}: {message}") for error in errs for message in error.messages
                )
            errors = ValidationError(fixed)
        super()._update_errors(errors)


def guarded(form_class, user, check: bool = True):
    """`form_class` with `GuardedForm` mixed in, for `user`."""
    return type(form_class)(form_class.__name__, (GuardedForm, form_class), {"guard_user": user, "guard_check": check})


class ScopedRecordsMixin(ScopedFormfieldsMixin):
    """Lists only the records the user may see; a record opens only for someone who may see it and
    changes or goes only for someone who may edit it (`partners.staff.scope`)."""

    def get_queryset(self, request):
        return scope.viewable(super().get_queryset(request), request.user)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and (obj is None or scope.can_view(request.user, obj))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or scope.can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or scope.can_edit(request.user, obj))


class ScopedInline(ScopedRecordsMixin):
    """An inline whose rows may be changed only when the record they belong to may be changed,
    listing only the rows the user may see."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # Rows of a new parent cannot say their region before it is saved: `ScopedAdmin.save_formset` checks them.
        form = guarded(formset.form, request.user, check=False)
        return type(formset)(formset.__name__, (formset,), {"form": form})

    def get_readonly_fields(self, request, obj=None):
        shown = getattr(self, "fields", None)
        derived = [f for f in policy.readonly_fields(request.user, self.model) if shown is None or f in shown]
        return [*super().get_readonly_fields(request, obj), *derived]

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and (obj is None or scope.can_edit(request.user, obj))


class ScopedAdmin(ScopedRecordsMixin, SimpleHistoryAdmin):
    """The admin of a content model, limited to the regions the user works on (`partners.staff.scope`)."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        return guarded(super().get_form(request, obj, change, **kwargs), request.user)

    def get_changelist_form(self, request, **kwargs):
        return guarded(super().get_changelist_form(request, **kwargs), request.user)

    def get_object(self, request, object_id, from_field=None):
        """Also find records the user may not see, so that opening one answers 403 (not a redirect)."""
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            field = self.opts.pk if from_field is None else self.opts.get_field(from_field)
            try:
                obj = self.model._default_manager.filter(**{field.name: field.to_python(object_id)}).first()
            except (ValidationError, ValueError):
                obj = None
        return obj

    def get_readonly_fields(self, request, obj=None):
        """What the policy keeps from this user (national-only fields, verification, a final decision)."""
        readonly = [*super().get_readonly_fields(request, obj)]
        return readonly + [f for f in policy.readonly_fields(request.user, self.model, obj) if f not in readonly]

    def save_model(self, request, obj, form, change):
        if not scope.can_edit(request.user, obj):  # the new state, too, must stay within the user's regions
            raise PermissionDenied
        policy.check_write(request.user, obj)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        """Each inline row: deleted, changed or added only as the policy allows, one save each."""
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            policy.check_delete(request.user, obj)
            obj.delete()
        for obj in instances:
            policy.check_write(request.user, obj)
            obj.save()
        formset.save_m2m()

    def delete_model(self, request, obj):
        policy.check_delete(request.user, obj)
        super().delete_model(request, obj)

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if any(not scope.can_edit(request.user, obj) for obj in objs):
            perms_needed = {*perms_needed, str(self.opts.verbose_name)}
        return deleted, counts, perms_needed, protected

    def delete_queryset(self, request, queryset):
        queryset = scope.editable(queryset, request.user)
        for obj in queryset:
            policy.check_delete(request.user, obj)
        super().delete_queryset(request, queryset)

    def get_changeform_initial_data(self, request):
        """New records start in the editor's region when they have one."""
        initial = super().get_changeform_initial_data(request)
        ids = sorted(scope.region_ids(request.user))
        if not scope.edits_everything(request.user) and len(ids) == 1:
            for field in self.opts.concrete_fields:
                if field.is_relation and field.related_model is Region:
                    initial.setdefault(field.name, ids[0])
        return initial

    def get_list_filter(self, request):
        """An editor's filters list only the values in their own records (no other region's names)."""
        filters = super().get_list_filter(request)
        if scope.edits_everything(request.user):
            return filters
        result = []
        for item in filters:
            if isinstance(item, str):
                try:
                    is_relation = get_fields_from_path(self.model, item)[-1].is_relation
                except FieldDoesNotExist:
                    is_relation = False
                if is_relation:
                    item = (item, admin.RelatedOnlyFieldListFilter)
            result.append(item)
        return result

    def search_scope(self, request, queryset):
        """An autocomplete offers only what the field may point to: shared services only for a link."""
        match = request.resolver_match
        if match and match.url_name == "autocomplete" and not scope.edits_everything(request.user):
            try:
                source = apps.get_model(request.GET.get("app_label", ""), request.GET.get("model_name", ""))
            except (LookupError, ValueError):
                source = None
            if (source, request.GET.get("field_name")) not in policy.LINK_FIELDS:
                return scope.editable(queryset, request.user)
        return queryset

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, self.search_scope(request, queryset), search_term)

    def view_on_site(self, obj):
        """ "Bekijk op site": the public page that shows this record, where there is one."""
        get_url = getattr(obj, "get_absolute_url", None)
        return get_url() if get_url else None

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Viewing an earlier version needs view permission; reverting needs change permission on
        the record as it is now and as it would become (simple-history checks only viewing)."""
        pk = self.opts.pk.to_python(unquote(object_id))
        live = self.model._default_manager.filter(pk=pk).first()
        # On a historical model `pk` is the history id; the record's own id is its pk attname.
        version = self.model.history.filter(**{self.opts.pk.attname: pk}, history_id=version_id).first()
        if version is None:
            raise Http404
        if request.method == "POST":
            allowed = (
                self.has_change_permission(request, live) if live is not None else self.has_add_permission(request)
            ) and scope.can_edit(request.user, version.instance)
        else:
            allowed = self.has_view_permission(request, live if live is not None else version.instance)
        if not allowed:
            raise PermissionDenied
        if request.method == "POST":  # the version as it would be saved: a decided proposal or report stays decided
            policy.check_write(request.user, version.instance)
        return super().history_form_view(request, object_id, version_id, extra_context)


# -- import and export -------------------------------------------------------------------------


def describe_rows(result, resource) -> list[dict]:
    """Per row of an import preview: what will happen to it and, for a rejected row, why."""
    rows = []
    kinds = {
        RowResult.IMPORT_TYPE_NEW: ("new", _("nieuw")),
        RowResult.IMPORT_TYPE_UPDATE: ("update", _("gewijzigd")),
        RowResult.IMPORT_TYPE_SKIP: ("skip", _("ongewijzigd")),
        RowResult.IMPORT_TYPE_INVALID: ("invalid", _("geweigerd")),
        RowResult.IMPORT_TYPE_ERROR: ("error", _("fout")),
    }
    for number, row in enumerate(result.rows, start=1):
        css, label = kinds.get(row.import_type, (row.import_type, row.import_type))
        reasons = []
        if row.validation_error is not None:
            error = row.validation_error
            items = error.message_dict.items() if hasattr(error, "error_dict") else [("__all__", error.messages)]
            for field_name, messages_ in items:
                column = None if field_name == "__all__" else resource.column_for(field_name)
                reasons.extend(f"{column}: {m}" if column else m for m in messages_)
        reasons.extend(str(e.error) for e in row.errors)
        if row.import_type == RowResult.IMPORT_TYPE_UPDATE and getattr(row, "changed_columns", None):
            reasons.append(_("verandert: %(columns)s") % {"columns": ", ".join(row.changed_columns)})
        record = row.object_repr or resource.row_label(row.row_values or {})
        rows.append({"number": number, "css": css, "label": label, "record": record, "reasons": reasons})
    return rows


class CappedImportForm(ImportForm):
    """The upload form of an import: a file over the size cap is refused before it is stored or read."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload is not None and upload.size > settings.WEGWIJZER_IMPORT_MAX_BYTES:
            raise ValidationError(import_caps_message())
        return upload


class ScopedImportExportMixin(ImportExportMixin):
    """CSV and XLSX import/export for the user's own regions, with a per-row preview in Dutch.

    The export holds only records the user may change, with every column, so that it imports
    again. The confirmed import runs in one transaction and is rolled back if any row fails.
    """

    formats = [SpreadsheetSafeCSV, SpreadsheetSafeXLSX]
    export_form_class = ExportForm  # every column, so an export always imports again
    import_form_class = CappedImportForm
    import_template_name = "admin/partners/import.html"
    import_error_display = ("message",)

    def has_import_permission(self, request):
        return self.has_add_permission(request) or self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_resource_kwargs(self, request, *args, **kwargs):
        return {"user": request.user}

    def get_export_queryset(self, request):
        return scope.editable(super().get_export_queryset(request), request.user)

    def get_export_filename(self, request, queryset, file_format):
        slugs = scope.regions_of(request.user).values_list("slug", flat=True)
        who = "-".join(slugs) if not scope.edits_everything(request.user) else "alle"
        name = self.opts.verbose_name_plural
        return f"{name}-{who}-{timezone.localdate():%Y-%m-%d}.{file_format.get_extension()}"

    UPLOADS_SESSION_KEY = "wegwijzer_import_uploads"

    def add_data_read_fail_error_to_form(self, form, e):
        """A file that cannot be read, in Dutch, without the exception's name."""
        if isinstance(e, TooLarge):
            form.add_error("import_file", str(e))
        else:
            form.add_error(
                "import_file", _("Dit bestand kon niet gelezen worden. Kies het juiste formaat (CSV of XLSX) en probeer opnieuw.")
            )

    def get_confirm_form_initial(self, request, import_form):
        """Remember which uploads this session previewed: only those can be confirmed by it."""
        initial = super().get_confirm_form_initial(request, import_form)
        if initial.get("import_file_name"):
            mine = request.session.get(self.UPLOADS_SESSION_KEY, [])[-20:]
            request.session[self.UPLOADS_SESSION_KEY] = [*mine, initial["import_file_name"]]
        return initial

    def process_import(self, request, **kwargs):
        """Confirm an import: only an upload this session previewed, and one that still exists."""
        if request.method == "POST":
            name = request.POST.get("import_file_name", "")
            if (
                name not in request.session.get(self.UPLOADS_SESSION_KEY, [])
                or not ImportUpload.objects.filter(name=name).exists()
            ):
                messages.error(
                    request, _("Er is niets geïmporteerd: dit bestand is niet (meer) beschikbaar. Laad het opnieuw op.")
                )
                return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import"))
        return super().process_import(request, **kwargs)

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs["rollback_on_validation_errors"] = True  # all or nothing, also at confirmation
        return kwargs

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
        if context.get("result") is not None:
            resource = self.get_import_resource_classes(request)[0](user=request.user)
            result = context["result"]
            context["rows"] = describe_rows(result, resource)
            context["totals"] = {
                kind: len([r for r in context["rows"] if r["css"] == kind])
                for kind in ("new", "update", "skip", "invalid", "error")
            }
            context["column_names"] = [f.column_name for f in resource.get_user_visible_fields()]
        context["title"] = _("Importeren: %(what)s") % {"what": self.opts.verbose_name_plural}
        return response

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            messages.error(
                request, _("Er is niets geïmporteerd: het bestand is veranderd sinds het voorbeeld. Laad het opnieuw op.")
            )
            return HttpResponseRedirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import"))
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        totals = result.totals
        messages.success(
            request,
            _("Import klaar: %(new)s nieuw, %(update)s gewijzigd, %(skip)s ongewijzigd.")
            % {
                "new": totals[RowResult.IMPORT_TYPE_NEW],
                "update": totals[RowResult.IMPORT_TYPE_UPDATE],
                "skip": totals[RowResult.IMPORT_TYPE_SKIP],
            },
        )
