"""Who may do what in the admin: an ELZ-redacteur works on their own region only.

The matrix: an editor of Leuven against a record of Leuven (own), of Zennevallei (other region)
and a shared national record. Import and export across regions are in test_import_export.py.
"""

import pytest
from django.urls import reverse

from partners.models import Entry, Organization, Region, Section, Service
from partners.staff import scope
from tests.helpers.admin_forms import admin_url, form_data, save_change
from tests.helpers.second_factor import pass_second_factor

OTHER_REGION_MODELS = sorted(scope.REGION_PATHS, key=lambda m: m._meta.model_name)


def record_of(model, region):
    path = scope.REGION_PATHS[model]
    return model.objects.filter(**({f"{path}": region} if path else {"pk": region.pk})).order_by("pk").first()


def changelist_ids(client, model, **params):
    response = client.get(reverse(f"admin:partners_{model._meta.model_name}_changelist"), params)
    assert response.status_code == 200
    return {obj.pk for obj in response.context["cl"].queryset}


def test_every_content_model_is_scoped_to_a_region():
    from django.contrib import admin

    from partners.staff.admin_base import ScopedAdmin
    from partners.staff.admins import ReferenceDataAdmin

    for model, model_admin in admin.site._registry.items():
        if isinstance(model_admin, ReferenceDataAdmin):  # the geography: nobody edits it in the admin
            assert not model_admin.has_add_permission(None) and not model_admin.has_change_permission(None)
            assert not model_admin.has_delete_permission(None) and model not in scope.REGION_PATHS
            continue
        if model._meta.app_label == "partners" and model.__name__ not in {"Editor"}:
            assert isinstance(model_admin, ScopedAdmin), model
            # Themes and essential roles are one vocabulary for all of Flanders: the redactie keeps them
            assert model in scope.REGION_PATHS or model.__name__ in {"Theme", "Role"}, model


@pytest.mark.django_db
@pytest.mark.parametrize("model", OTHER_REGION_MODELS, ids=lambda m: m._meta.model_name)
def test_editor_cannot_list_open_change_or_delete_other_region(leuven_client, zenne, model):
    other = record_of(model, zenne)
    assert other is not None
    assert other.pk not in changelist_ids(leuven_client, model)
    assert leuven_client.get(admin_url(other)).status_code == 403
    assert leuven_client.post(admin_url(other), {"_save": "Opslaan"}).status_code == 403
    assert leuven_client.get(admin_url(other, "delete")).status_code == 403
    assert leuven_client.post(admin_url(other, "delete"), {"post": "yes"}).status_code == 403
    assert leuven_client.get(admin_url(other, "history")).status_code == 403
    assert model.objects.filter(pk=other.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("model", OTHER_REGION_MODELS, ids=lambda m: m._meta.model_name)
def test_editor_can_list_and_open_own_region(leuven_client, leuven, leuven_feedback, model):
    from partners.models import LanguageSignOff

    LanguageSignOff.objects.create(region=leuven, language="fa")  # Leuven's demo has no sign-off: no fluent reader yet
    own = record_of(model, leuven)
    assert own.pk in changelist_ids(leuven_client, model)
    page = leuven_client.get(admin_url(own))
    assert page.status_code == 200
    assert page.context["has_change_permission"]
    assert leuven_client.get(admin_url(own, "history")).status_code == 200


@pytest.mark.django_db
def test_editor_changes_a_partner_of_own_region(leuven_client, leuven):
    service = Service.objects.get(key="kind-en-gezin-leuven")
    response = save_change(leuven_client, service, name="Kind en Gezin – regio Leuven")
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    assert Service.objects.get(pk=service.pk).name == "Kind en Gezin – regio Leuven"


@pytest.mark.django_db
def test_editor_cannot_delete_other_region_with_the_bulk_action(leuven_client, zenne):
    other = Service.objects.get(key="hvhk-halle")
    own_entry = Entry.objects.filter(section__region__slug="leuven").first()
    url = reverse("admin:partners_service_changelist")
    response = leuven_client.post(url, {"action": "delete_selected", "_selected_action": [other.pk], "post": "yes"})
    assert response.status_code == 302
    assert Service.objects.filter(pk=other.pk).exists()
    assert own_entry is not None


@pytest.mark.django_db
def test_editor_sees_shared_services_read_only(leuven_client):
    shared = Service.objects.filter(organization__region__isnull=True, coverage="flanders").first()
    assert shared.pk in changelist_ids(leuven_client, Service)
    page = leuven_client.get(admin_url(shared))
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    assert not page.context["has_delete_permission"]
    text = page.content.decode()
    assert 'name="_save"' not in text
    assert "vandaag nagekeken" not in text  # no checkbox on what they cannot change


@pytest.mark.django_db
def test_editor_cannot_change_or_delete_a_national_service(leuven_client):
    shared = Service.objects.filter(organization__region__isnull=True, coverage="flanders").first()
    name = shared.name
    assert leuven_client.post(admin_url(shared), {"name": "Gekaapt", "_save": "Opslaan"}).status_code == 403
    assert leuven_client.post(admin_url(shared, "delete"), {"post": "yes"}).status_code == 403
    assert Service.objects.get(pk=shared.pk).name == name
    shared_org = shared.organization  # visible read-only, like its services
    assert not leuven_client.get(admin_url(shared_org)).context["has_change_permission"]
    assert leuven_client.post(admin_url(shared_org), {"name": "Gekaapt", "_save": "Opslaan"}).status_code == 403


@pytest.mark.django_db
def test_superuser_changes_a_national_service(superuser_client):
    shared = Service.objects.filter(organization__region__isnull=True, coverage="flanders").first()
    response = save_change(superuser_client, shared, description="Bijgewerkt door de redactie Vlaanderen.")
    assert response.status_code == 302
    assert Service.objects.get(pk=shared.pk).description == "Bijgewerkt door de redactie Vlaanderen."


@pytest.mark.django_db
def test_redactie_vlaanderen_changes_every_region(client, django_user_model, zenne):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("vlaanderen", password="een-lang-wachtwoord-123", is_staff=True)
    user.groups.add(Group.objects.get(name=scope.NATIONAL_GROUP))
    client.force_login(user)
    pass_second_factor(client, user)
    other = Service.objects.get(key="hvhk-halle")
    shared = Service.objects.filter(organization__region__isnull=True).first()
    assert save_change(client, other, name="Huis van het Kind Halle-Vilvoorde").status_code == 302
    assert save_change(client, shared, availability="24/7").status_code == 302


@pytest.mark.django_db
def test_dropdowns_offer_only_own_region(leuven_client, zenne):
    for url in ("admin:partners_section_add", "admin:partners_organization_add", "admin:partners_resource_add"):
        form = leuven_client.get(reverse(url)).context["adminform"].form
        assert list(form.fields["region"].queryset) == [Region.objects.get(slug="leuven")], url
    entry_form = leuven_client.get(reverse("admin:partners_entry_add")).context["adminform"].form
    assert not entry_form.fields["section"].queryset.filter(region=zenne).exists()
    service_form = leuven_client.get(reverse("admin:partners_service_add")).context["adminform"].form
    assert not service_form.fields["organization"].queryset.filter(region=zenne).exists()
    assert not service_form.fields["organization"].queryset.filter(region__isnull=True).exists()
    assert list(service_form.fields["regions"].queryset.values_list("slug", flat=True)) == ["leuven"]


@pytest.mark.django_db
def test_editor_cannot_add_a_record_to_other_region(leuven_client, zenne):
    response = leuven_client.post(
        reverse("admin:partners_section_add"),
        {"region": zenne.pk, "card": "partnerkaart", "slug": "ingeslopen", "title": "Ingeslopen", "order": 0,
         "entries-TOTAL_FORMS": 0, "entries-INITIAL_FORMS": 0, "_save": "Opslaan"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "region" in response.context["adminform"].form.errors
    assert not Section.objects.filter(slug="ingeslopen").exists()


@pytest.mark.django_db
def test_editor_links_own_and_shared_services_but_not_other_regions(leuven_client, zenne):
    autocomplete = reverse("admin:autocomplete")
    params = {"app_label": "partners", "model_name": "entry", "field_name": "service", "term": ""}
    found = {int(item["id"]) for item in leuven_client.get(autocomplete, params).json()["results"]}
    own = Service.objects.get(key="kind-en-gezin-leuven")
    shared = Service.objects.filter(organization__region__isnull=True, coverage="flanders").first()
    other = Service.objects.get(key="hvhk-halle")
    params["term"] = ""
    while True:  # the autocomplete pages its results
        page = leuven_client.get(autocomplete, {**params, "page": len(found) // 20 + 1}).json()
        found |= {int(item["id"]) for item in page["results"]}
        if not page["pagination"]["more"]:
            break
    assert {own.pk, shared.pk} <= found
    assert other.pk not in found

    section = Section.objects.filter(region__slug="leuven").first()
    add = reverse("admin:partners_entry_add")
    linked = leuven_client.post(add, {"section": section.pk, "service": shared.pk, "order": 9, "_save": "Opslaan"})
    assert linked.status_code == 302
    assert Entry.objects.filter(section=section, service=shared).exists()
    refused = leuven_client.post(add, {"section": section.pk, "service": other.pk, "order": 9, "_save": "Opslaan"})
    assert refused.status_code == 200
    assert "service" in refused.context["adminform"].form.errors


@pytest.mark.django_db
def test_organization_autocomplete_offers_only_own_organizations(leuven_client, zenne):
    params = {"app_label": "partners", "model_name": "service", "field_name": "organization", "term": "Huis"}
    names = {item["text"] for item in leuven_client.get(reverse("admin:autocomplete"), params).json()["results"]}
    assert "Huis van het Kind Halle" not in names
    assert Organization.objects.filter(name="Huis van het Kind Halle").exists()


@pytest.mark.django_db
def test_editor_cannot_change_region_slug_or_create_regions(leuven_client, leuven):
    page = leuven_client.get(admin_url(leuven))
    assert "slug" not in page.context["adminform"].form.fields
    response = leuven_client.post(admin_url(leuven), {**form_data(page), "intro": "Nieuwe intro."})
    assert response.status_code == 302
    assert Region.objects.get(pk=leuven.pk).intro == "Nieuwe intro."
    assert Region.objects.get(pk=leuven.pk).slug == "leuven"
    assert leuven_client.get(reverse("admin:partners_region_add")).status_code == 403


@pytest.mark.django_db
def test_editor_keeps_coverage_of_other_regions_they_cannot_see(leuven_client, zenne):
    service = Service.objects.get(key="kind-en-gezin-leuven")
    service.regions.add(zenne)  # set by the redactie Vlaanderen
    assert save_change(leuven_client, service, availability="ma–vr").status_code == 302
    assert set(Service.objects.get(pk=service.pk).regions.values_list("slug", flat=True)) >= {"leuven", "zenne"}


@pytest.mark.django_db
def test_dashboard_of_other_region_is_not_found(leuven_client, zenne):
    assert leuven_client.get(reverse("admin:dashboard"), {"elz": "zenne"}).status_code == 404


@pytest.mark.django_db
def test_each_record_links_to_its_public_page(leuven_client, leuven):
    section = Section.objects.filter(region=leuven, card="partnerkaart").first()
    page = leuven_client.get(admin_url(section))
    assert f'href="/leuven/partnerkaart/#{section.slug}"' in page.content.decode()
    entry = section.entries.first()
    assert f'href="/leuven/partnerkaart/#{section.slug}"' in leuven_client.get(admin_url(entry)).content.decode()
    tier = leuven.tiers.get(slug="acuut")
    assert 'href="/leuven/acuut/"' in leuven_client.get(admin_url(tier)).content.decode()
    assert 'href="/leuven/"' in leuven_client.get(admin_url(leuven)).content.decode()
    assert leuven_client.get(f"/leuven/partnerkaart/#{section.slug}").status_code == 200
