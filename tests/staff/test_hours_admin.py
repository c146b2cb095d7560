"""Opening hours in the admin and the import: rows per day, kept in history, refused across regions."""

import pytest
from django.test import Client
from django.urls import reverse

from partners.models import Region, Schedule, Service
from tests.helpers.admin_forms import admin_url, form_data
from tests.staff.test_import_export import confirm, export, preview, reasons, rows_of, to_csv

LEUVEN_SERVICE = "kind-en-gezin-leuven"


def schedule_rows(service) -> list[tuple]:
    return list(Schedule.objects.filter(service=service).values_list("weekday", "opens_at", "closes_at", "phone_id"))


def add_inline_row(data: dict, prefix: str, row: dict) -> dict:
    n = int(data[f"{prefix}-TOTAL_FORMS"])
    data = {**data, f"{prefix}-TOTAL_FORMS": str(n + 1)}
    data.update({f"{prefix}-{n}-{name}": value for name, value in row.items()})
    return data


@pytest.mark.django_db
def test_an_editor_enters_hours_as_rows_and_the_card_shows_them(leuven_client, leuven, django_capture_on_commit_callbacks):
    service = Service.objects.get(key=LEUVEN_SERVICE)
    page = leuven_client.get(admin_url(service))
    assert page.status_code == 200
    data = form_data(page)
    # The empty extra row of the inline is in the form; fill it in as a person would.
    n = int(data["schedules-TOTAL_FORMS"]) - 1
    data.update({f"schedules-{n}-weekday": "MO", f"schedules-{n}-opens_at": "09:00", f"schedules-{n}-closes_at": "12:30"})
    assert "Bereikbaar: ma 9u–12u30" not in Client().get("/leuven/partnerkaart/").content.decode()  # now cached
    before = Region.objects.get(pk=leuven.pk).content_changed_at
    with django_capture_on_commit_callbacks(execute=True):
        response = leuven_client.post(admin_url(service), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert [(d, str(o), str(c)) for d, o, c, _p in schedule_rows(service)] == [("MO", "09:00:00", "12:30:00")]
    assert Schedule.history.filter(service_id=service.pk).count() == 1  # every edit keeps history
    assert Region.objects.get(pk=leuven.pk).content_changed_at > before  # the version moved
    card = Client().get("/leuven/partnerkaart/").content.decode()
    assert "Bereikbaar: ma 9u–12u30" in card  # the cached page refreshed


@pytest.mark.django_db
def test_the_same_time_twice_is_refused_in_dutch(leuven_client):
    service = Service.objects.get(key=LEUVEN_SERVICE)
    data = form_data(leuven_client.get(admin_url(service)))
    n = int(data["schedules-TOTAL_FORMS"]) - 1
    data.update({f"schedules-{n}-weekday": "MO", f"schedules-{n}-opens_at": "09:00", f"schedules-{n}-closes_at": "09:00"})
    response = leuven_client.post(admin_url(service), data)
    assert response.status_code == 200
    assert "‘Van’ en ‘tot’ zijn gelijk" in response.content.decode()
    assert schedule_rows(service) == []


@pytest.mark.django_db
def test_an_editor_of_another_region_cannot_add_hours_to_leuvens_service(client, make_editor, zenne):
    """Zoë edits Zennevallei; she posts what an attacker would: the inline row on Leuven's service, a
    new schedule pointing at it, and a schedule of her own moved onto it."""
    client.force_login(make_editor("zoe", zenne))
    service = Service.objects.get(key=LEUVEN_SERVICE)
    own = Schedule.objects.get(service__key="hvhk-halle")
    pages = {path: Client().get(path).content for path in ("/leuven/partnerkaart/", "/leuven/contactfiche/")}
    before = schedule_rows(service)

    forged_inline = {
        "schedules-TOTAL_FORMS": "1", "schedules-INITIAL_FORMS": "0", "schedules-MIN_NUM_FORMS": "0",
        "schedules-MAX_NUM_FORMS": "1000", "schedules-0-weekday": "SU", "schedules-0-opens_at": "00:00",
        "schedules-0-closes_at": "23:59", "name": "Gekaapt", "_save": "Opslaan",
    }  # fmt: skip
    assert client.post(admin_url(service), forged_inline).status_code == 403
    added = client.post(
        reverse("admin:partners_schedule_add"),
        {"service": service.pk, "weekday": "SU", "opens_at": "00:00", "closes_at": "23:59", "_save": "Opslaan"},
    )
    assert added.status_code in (200, 403)
    moved_page = client.get(admin_url(own))
    moved = client.post(admin_url(own), {**form_data(moved_page), "service": service.pk})
    assert moved.status_code in (200, 403)

    assert schedule_rows(service) == before
    assert Schedule.objects.get(pk=own.pk).service.key == "hvhk-halle"
    assert Service.objects.get(pk=service.pk).name != "Gekaapt"
    assert {path: Client().get(path).content for path in pages} == pages


# -- the import column `uren` -----------------------------------------------------------------------


@pytest.mark.django_db
def test_hours_round_trip_through_the_spreadsheet(leuven_client):
    rows = rows_of(export(leuven_client, "service"))
    assert "uren" in rows[0]
    row = next(r for r in rows if r["sleutel"] == LEUVEN_SERVICE)
    row["uren"] = "ma 09:00-12:00; wo 13:00-16:30"
    previewed = preview(leuven_client, "service", to_csv([row]))
    assert previewed.context["rows"][0]["label"] == "gewijzigd"
    assert confirm(leuven_client, "service", previewed).status_code == 302
    service = Service.objects.get(key=LEUVEN_SERVICE)
    assert len(schedule_rows(service)) == 2
    ids = set(Schedule.objects.filter(service=service).values_list("uuid", flat=True))

    again = next(r for r in rows_of(export(leuven_client, "service")) if r["sleutel"] == LEUVEN_SERVICE)
    assert again["uren"] == "ma 09:00-12:00; wo 13:00-16:30"
    unchanged = preview(leuven_client, "service", to_csv([again]))
    assert unchanged.context["rows"][0]["label"] != "gewijzigd"
    # Dropping one day keeps the other row and its id.
    again["uren"] = "wo 13:00-16:30"
    assert confirm(leuven_client, "service", preview(leuven_client, "service", to_csv([again]))).status_code == 302
    kept = set(Schedule.objects.filter(service=service).values_list("uuid", flat=True))
    assert len(kept) == 1 and kept < ids


@pytest.mark.django_db
def test_a_bad_hours_cell_is_refused_in_dutch_and_nothing_changes(leuven_client):
    rows = rows_of(export(leuven_client, "service"))
    row = next(r for r in rows if r["sleutel"] == LEUVEN_SERVICE)
    row["uren"] = "maandag van 9 tot 5"
    previewed = preview(leuven_client, "service", to_csv([row]))
    assert previewed.context["rows"][0]["label"] == "geweigerd"
    assert "uren: ‘maandag van 9 tot 5’ kunnen we niet lezen als openingsuur" in reasons(previewed, 1)
    assert schedule_rows(Service.objects.get(key=LEUVEN_SERVICE)) == []


@pytest.mark.django_db
def test_the_dashboard_lists_texts_that_are_not_hours(leuven_client, leuven):
    from partners.lib.acting import system_write

    with system_write("test"):
        Service.objects.filter(key=LEUVEN_SERVICE).update(availability="op afspraak")
    page = leuven_client.get(reverse("admin:dashboard") + "?elz=leuven")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Bereikbaarheid die we niet als openingsuren konden lezen" in html
    assert "„op afspraak”" in html
