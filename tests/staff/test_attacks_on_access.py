"""An ELZ-redacteur of Leuven, or nobody, against the admin's other doors: logins behind the
proxy, restore, shared organisations, forged uploads, list edits, history and export of another
region, lookups, paths added later, and anonymous requests. Each posts what the attacker would
post and asserts that nothing changed.
"""

import re

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from partners.models import Coverage, ImportUpload, Locality, Municipality, Organization, Region, Service, Theme
from tests.helpers.admin_forms import admin_url
from tests.helpers.attacker import (
    LEUVEN_PAGES,
    browser_of,
    confirm_anyway,
    export,
    login,
    post_with_token,
    public,
    rows_of,
    to_csv,
    token,
    upload,
)

PASSWORD = "een-lang-wachtwoord-123"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CSV_FORMAT, XLSX_FORMAT = "0", "1"


# -- logins behind the proxy -------------------------------------------------------------------


@pytest.mark.django_db
def test_behind_the_proxy_one_clients_failures_lock_out_only_that_client(an, behind_nginx):
    an.set_password(PASSWORD)
    an.save()
    guesser = Client(enforce_csrf_checks=True, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.23")
    for _ in range(4):
        assert login(guesser, "an", "fout").status_code == 200
    assert login(guesser, "an", "fout").status_code == 429
    assert login(guesser, "an", PASSWORD).status_code == 429  # that client stays locked out

    colleague = Client(enforce_csrf_checks=True, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.10")
    assert login(colleague, "an", PASSWORD).status_code == 302


# -- restore when the key is taken again -------------------------------------------------------


@pytest.mark.django_db
def test_restore_when_the_key_is_taken_says_so(attacker, leuven, spare_service):
    pk = spare_service.pk
    delete = admin_url(spare_service, "delete")
    assert post_with_token(attacker, delete, delete, {"post": "yes"}).status_code == 302
    newcomer = Service.objects.create(
        organization=Organization.objects.get(name="Babbelpunt"), key="babbelpunt", name="Nieuw Babbelpunt"
    )
    deleted = [item for item in attacker.get(reverse("admin:dashboard")).context["deleted"] if item.label == "Babbelpunt"]
    pages = public(*LEUVEN_PAGES)

    response = post_with_token(attacker, deleted[0].restore_url, deleted[0].restore_url, {})
    assert response.status_code == 302
    followed = attacker.get(response["Location"]).content.decode()
    assert "kan niet terug" in followed and "sleutel" in followed.lower()
    assert not Service.objects.filter(pk=pk).exists()
    assert Service.objects.get(key="babbelpunt").pk == newcomer.pk
    assert public(*LEUVEN_PAGES) == pages


# -- a shared organisation's page --------------------------------------------------------------


@pytest.mark.django_db
def test_shared_organisation_lists_only_services_the_editor_may_open(attacker, leuven):
    shared = Organization.objects.create(name="Vlaamse Lijn")
    covering = Service.objects.create(organization=shared, key="lijn-vlaanderen", name="Lijn voor heel Vlaanderen",
                                      coverage=Coverage.FLANDERS)  # fmt: skip
    hidden = Service.objects.create(organization=shared, key="lijn-antwerpen", name="Lijn alleen voor Antwerpen",
                                    coverage=Coverage.PROVINCE, province="antwerpen")  # fmt: skip
    page = attacker.get(admin_url(shared))
    assert page.status_code == 200
    text = page.content.decode()
    assert covering.name in text
    assert hidden.name not in text
    assert attacker.get(admin_url(hidden)).status_code == 403


# -- other paths an attacker would try -------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_post_to_the_admin_changes_nothing(leuven):
    service = Service.objects.get(key="kind-en-gezin-leuven")
    before = Service.objects.filter(pk=service.pk).values().get()
    nobody = Client(enforce_csrf_checks=True)
    login_page = nobody.get(reverse("admin:login"))
    response = nobody.post(
        admin_url(service), {"name": "Gekaapt", "coverage": "flanders", "csrfmiddlewaretoken": token(login_page)}
    )
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
    assert Service.objects.filter(pk=service.pk).values().get() == before


@pytest.mark.django_db
def test_import_confirm_with_another_sessions_or_a_made_up_upload_imports_nothing(attacker, make_editor, zenne):
    """The upload id in the confirm step is bound to the session that previewed it; a missing one is no 500."""
    zenne_browser = browser_of(make_editor("zoë", zenne))
    rows = rows_of(export(zenne_browser, "service"))
    rows[0]["omschrijving"] = "Door An veranderd."
    previewed = upload(zenne_browser, "service", to_csv(rows))
    assert previewed.context["confirm_form"] is not None  # Zoë may import this into her own region
    before = Service.objects.get(key=rows[0]["sleutel"]).description

    swapped = confirm_anyway(attacker, "service")
    assert swapped.status_code == 302
    assert Service.objects.get(key=rows[0]["sleutel"]).description == before

    ImportUpload.objects.all().delete()
    made_up = confirm_anyway(attacker, "service")
    assert made_up.status_code == 302
    assert "niet (meer) beschikbaar" in attacker.get(made_up["Location"]).content.decode()


@pytest.mark.django_db
def test_list_editable_and_bulk_actions_cannot_write_what_the_form_cannot(attacker, zenne):
    theme = Theme.objects.order_by("pk").first()
    changelist = reverse("admin:partners_theme_changelist")
    page = attacker.get(changelist)
    assert page.status_code == 200
    forged = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-id": str(theme.pk), "form-0-order": "99", "_save": "Opslaan",
              "csrfmiddlewaretoken": token(page)}  # fmt: skip
    assert attacker.post(changelist, forged).status_code == 403
    assert Theme.objects.get(pk=theme.pk).order == theme.order

    other = Service.objects.get(key="hvhk-halle")
    services = reverse("admin:partners_service_changelist")
    page = attacker.get(services)
    action = {"action": "mark_verified", "_selected_action": [other.pk], "csrfmiddlewaretoken": token(page)}
    assert attacker.post(services, action).status_code == 302
    assert Service.objects.get(pk=other.pk).assured_date is None


@pytest.mark.django_db
def test_history_and_export_of_another_region_stay_closed(attacker, zenne):
    from partners.models import Resource

    resource = Resource.objects.get(region=zenne)
    pk = resource.pk
    resource.delete()
    record = Resource.history.filter(id=pk).latest()
    assert attacker.get(reverse("admin:partners_resource_history", args=[pk])).status_code == 403
    url = reverse("admin:partners_resource_simple_history", args=[pk, record.history_id])
    assert attacker.get(url).status_code == 403

    url = reverse("admin:partners_service_export") + f"?organization__region__id__exact={zenne.pk}"
    response = post_with_token(attacker, url, url, {"format": CSV_FORMAT, "resource": "0"})
    assert rows_of(response.content) == []


@pytest.mark.django_db
def test_popup_to_field_and_autocomplete_tricks_answer_no_500(attacker, zenne):
    add = reverse("admin:partners_service_add")
    assert attacker.get(add, {"_popup": "1", "_to_field": "assured_by"}).status_code == 400
    autocomplete = reverse("admin:autocomplete")
    users = attacker.get(autocomplete, {"app_label": "partners", "model_name": "editor", "field_name": "user", "term": "a"})
    assert users.status_code == 403  # no list of usernames
    exclusions = attacker.get(autocomplete, {"app_label": "partners", "model_name": "region", "field_name": "excluded_services",
                                             "term": "Huis"})  # fmt: skip
    found = {item["text"] for item in exclusions.json()["results"]} if exclusions.status_code == 200 else set()
    assert "Huis van het Kind Halle" not in found


@pytest.mark.django_db
def test_restore_brings_back_coverage_regions_the_editor_cannot_choose(attacker, zenne, spare_service):
    """The guard refuses an editor adding another region; a restore puts back what was there, and may."""
    spare_service.regions.add(zenne)  # by the redactie Vlaanderen
    pk = spare_service.pk
    delete = admin_url(spare_service, "delete")
    assert post_with_token(attacker, delete, delete, {"post": "yes"}).status_code == 302
    deleted = [item for item in attacker.get(reverse("admin:dashboard")).context["deleted"] if item.label == "Babbelpunt"]
    assert post_with_token(attacker, deleted[0].restore_url, deleted[0].restore_url, {}).status_code == 302
    assert set(Service.objects.get(pk=pk).regions.values_list("slug", flat=True)) == {"leuven", "zenne"}


@pytest.mark.django_db
def test_a_path_added_later_is_guarded_without_doing_anything(an, leuven, zenne):
    """Any code that writes on an editor's behalf (here: plain ORM calls, as a new view would make)."""
    from partners.models import Entry, Resource, Section
    from partners.staff import guard

    own = Service.objects.get(key="kind-en-gezin-leuven")
    other = Service.objects.get(key="hvhk-halle")
    section = Section.objects.filter(region=leuven).order_by("pk").first()
    with guard.acting_as(an):
        own.coverage = Coverage.FLANDERS
        with pytest.raises(guard.Refused, match="werkgebied"):
            own.save()
        with pytest.raises(guard.Refused):
            Locality.objects.create(
                name="Halle-Centrum", postcode="1500", municipality=Municipality.objects.get(postcodes__code="1500")
            )
        with pytest.raises(guard.Refused, match="andere eerstelijnszone"):
            Entry.objects.create(section=section, service=other, order=99)
        # A refused many-to-many change or delete spoils the transaction it is in (as the admin's
        # POST transaction is rolled back): each gets its own here.
        with pytest.raises(guard.Refused), transaction.atomic():
            zenne.covered_services.add(own)  # the reverse side of a service's coverage
        with pytest.raises(guard.Refused), transaction.atomic():
            own.regions.add(zenne)
        other_resource = Resource.objects.get(region=zenne)
        with pytest.raises(guard.Refused), transaction.atomic():
            other_resource.delete()
    assert Service.objects.get(pk=own.pk).coverage == Coverage.REGIONS
    assert not Entry.objects.filter(section=section, service=other).exists()
    assert not Locality.objects.filter(name="Halle-Centrum").exists()
    assert not own.regions.filter(pk=zenne.pk).exists()
    assert Resource.objects.filter(region=zenne).exists()


@pytest.mark.django_db
def test_a_refused_write_rolls_back_the_whole_admin_post_and_says_why_in_dutch(an, rf):
    """What the admin site does around every view: one transaction per POST, a Dutch 403 on refusal."""
    from django.contrib import admin

    from partners.staff import guard

    service = Service.objects.get(key="kind-en-gezin-leuven")
    before = Service.objects.filter(pk=service.pk).values().get()

    def a_view_that_writes_twice(request):
        service.name = "Eerst bewaard"
        service.save()  # allowed
        service.coverage = Coverage.FLANDERS
        service.save()  # refused: the first save must not stay either
        raise AssertionError("not reached")

    request = rf.post("/admin/iets/")
    request.user, request._dont_enforce_csrf_checks = an, True
    with guard.acting_as(an):
        response = admin.site.admin_view(a_view_that_writes_twice)(request)
    response.render()
    assert response.status_code == 403
    text = response.content.decode()
    assert "Alleen de redactie Vlaanderen kan ‘werkgebied’ wijzigen." in text
    assert "Er is niets bewaard." in text
    assert Service.objects.filter(pk=service.pk).values().get() == before


@pytest.mark.django_db
def test_the_content_loader_refuses_a_link_that_is_not_http_too(demo_content, tmp_path):
    from partners.content.loader import ContentError, load_files

    content = tmp_path / "proef.yaml"
    content.write_text(
        "region:\n  slug: proef\n  name: ELZ Proef\n  province: limburg\n  zone: kemp-en-duin\n  website: javascript:alert(document.domain)//\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError, match="http:// of https://"):
        load_files([content])
    assert not Region.objects.filter(slug="proef").exists()


def test_every_inline_of_every_admin_is_scoped_and_every_form_guarded(rf):
    """A new admin or inline that skips the base classes would skip the form side of the guard."""
    from django.contrib import admin
    from django.contrib.auth.models import AnonymousUser

    from partners.staff.admin_base import GuardedForm, ScopedAdmin, ScopedInline

    request = rf.get("/admin/")
    request.user = AnonymousUser()
    for model_admin in admin.site._registry.values():
        if not isinstance(model_admin, ScopedAdmin):
            continue
        for inline in model_admin.inlines:
            assert issubclass(inline, ScopedInline), inline
        assert issubclass(model_admin.get_form(request), GuardedForm), model_admin


# -- anonymous requests ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_request_without_a_login_writes_no_content_outside_the_public_forms(leuven, rf):
    """A public view that writes by mistake is refused. The partner's link may write only the
    verification of its own service, and only as "today, de partner" (`partner_verifies`)."""
    import datetime

    from django.contrib.auth.models import AnonymousUser
    from django.utils import timezone
    from simple_history.models import HistoricalRecords

    from partners.lib.acting import partner_verifies
    from partners.staff.guard import Refused

    service, other = Service.objects.filter(organization__region=leuven)[:2]
    request = rf.post("/")
    request.user = AnonymousUser()
    HistoricalRecords.context.request = request
    try:
        service.description = "Overgenomen door een bezoeker"
        with pytest.raises(Refused):
            service.save()
        with partner_verifies(service.pk), pytest.raises(Refused):
            service.save()  # the link is for the verification, not the description
        service.refresh_from_db()
        service.assured_date, service.assured_by = timezone.localdate(), "de partner"
        with partner_verifies(other.pk), pytest.raises(Refused):
            service.save()  # another service's link
        with partner_verifies(service.pk), pytest.raises(Refused):
            service.assured_date = timezone.localdate() + datetime.timedelta(days=400)
            service.save()  # only today
        service.assured_date = timezone.localdate()
        with partner_verifies(service.pk):
            service.save()
        stored = Service.objects.get(pk=service.pk)
        assert stored.description != "Overgenomen door een bezoeker"
        assert (stored.assured_date, stored.assured_by) == (timezone.localdate(), "de partner")
    finally:
        del HistoricalRecords.context.request
