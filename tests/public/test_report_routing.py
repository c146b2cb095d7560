"""Reports reach someone: a report on a shared service goes to the editors of the zone it was sent
from (and the redactie Vlaanderen); "Mis je een dienst?" lands in the zone's queue too."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partners.models import Region, Report, ReportKind, ReportStatus

SHARED = "fara"  # a Flemish service on the partnerkaart of every template zone
REPORT_URL = f"/brugge/melden/{SHARED}/"
MISSING_URL = "/brugge/mis-je-een-dienst/"


@pytest.fixture
def no_wait(settings):
    settings.WEGWIJZER_REPORT_MIN_SECONDS = 0


@pytest.fixture
def brugge(demo_content, db):
    return Region.objects.get(slug="brugge")


@pytest.fixture
def brugge_editor(make_editor, brugge):
    return make_editor("bea", brugge)


def started(client, url: str) -> str:
    page = client.get(url)
    assert page.status_code == 200
    return page.context["form"]["started"].value()


def send_report(client, **changes):
    data = {"kind": "phone", "value": "02 000 00 00", "website": "", "started": started(client, REPORT_URL), **changes}
    return client.post(REPORT_URL, data)


def send_missing(client, url: str = MISSING_URL, **changes):
    data = {
        "name": "Huis van het Kind Brugge",
        "details": "Opvoedingsondersteuning in Brugge",
        "website": "",
        "started": started(client, MISSING_URL),
        **changes,
    }
    return client.post(url, data)


def queue(client) -> set[int]:
    listed = client.get(reverse("admin:partners_report_changelist"))
    assert listed.status_code == 200
    return {r.pk for r in listed.context["cl"].queryset}


@pytest.mark.django_db
def test_a_report_on_a_shared_service_sent_from_brugge_reaches_brugges_editor_not_leuvens(
    client, brugge, brugge_editor, make_editor, leuven, no_wait
):
    assert send_report(client).status_code == 200
    report = Report.objects.get()
    assert report.service.key == SHARED and report.service.organization.region_id is None
    assert (report.region, report.sent_from) == (brugge, brugge)

    client.force_login(brugge_editor)
    assert report.pk in queue(client)
    url = reverse("admin:partners_report_change", args=[report.pk])
    page = client.get(url)
    assert page.status_code == 200 and "gedeelde dienst" in page.content.decode()
    assert client.get(reverse("admin:dashboard")).context["overview"].counts["reports"] == 1

    client.force_login(make_editor("an", leuven))
    assert report.pk not in queue(client)
    assert client.get(url).status_code == 403
    assert client.post(url, {"status": "dismissed"}).status_code == 403
    assert Report.objects.get(pk=report.pk).status == ReportStatus.OPEN

    client.force_login(brugge_editor)
    assert client.post(url, {"status": "dismissed"}).status_code == 302
    assert Report.objects.get(pk=report.pk).status == ReportStatus.DISMISSED


@pytest.mark.django_db
def test_the_redactie_sees_a_report_on_a_shared_service_from_any_zone(superuser_client, brugge, no_wait):
    from django.test import Client

    send_report(Client())
    report = Report.objects.get()
    assert report.pk in queue(superuser_client)
    shared = superuser_client.get(reverse("admin:partners_report_changelist") + "?over=gedeeld")
    assert report.pk in {r.pk for r in shared.context["cl"].queryset}


@pytest.mark.django_db
def test_a_report_on_a_zones_own_service_stays_with_its_owner(client, leuven, no_wait):
    page = client.get("/leuven/melden/caw-onthaal/")
    client.post(
        "/leuven/melden/caw-onthaal/",
        {"kind": "phone", "value": "", "website": "", "started": page.context["form"]["started"].value()},
    )
    report = Report.objects.get()
    assert (report.region, report.sent_from) == (leuven, leuven)


@pytest.mark.django_db
def test_the_partnerkaart_and_the_result_pages_ask_for_a_missing_service(client, brugge):
    for url in ["/brugge/partnerkaart/", "/brugge/wegwijzer/actie/?urgentie=ondersteuning&erkenning=nee&leeftijd=3-12"]:
        page = client.get(url)
        assert page.status_code == 200, url
        assert f'href="{MISSING_URL}"' in page.content.decode(), url


@pytest.mark.django_db
def test_the_missing_service_form_says_to_write_nothing_about_a_family(client, brugge):
    page = client.get(MISSING_URL)
    html = page.content.decode()
    assert "Schrijf niets over een gezin of een kind" in html
    assert 'name="csrfmiddlewaretoken"' in html and "no-store" in page["Cache-Control"]


@pytest.mark.django_db
def test_a_missing_service_reaches_the_zones_editor_and_no_other(client, brugge, brugge_editor, make_editor, leuven, no_wait):
    response = send_missing(client)
    assert response.status_code == 200 and "Dank je" in response.content.decode()
    report = Report.objects.get()
    assert (report.region, report.sent_from, report.service, report.kind) == (brugge, brugge, None, ReportKind.MISSING)
    assert (report.missing_name, report.missing_details) == ("Huis van het Kind Brugge", "Opvoedingsondersteuning in Brugge")

    client.force_login(brugge_editor)
    assert report.pk in queue(client)
    page = client.get(reverse("admin:partners_report_change", args=[report.pk]))
    assert page.status_code == 200 and "Huis van het Kind Brugge" in page.content.decode()

    client.force_login(make_editor("an", leuven))
    assert report.pk not in queue(client)
    url = reverse("admin:partners_report_change", args=[report.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"status": "resolved"}).status_code == 403
    assert Report.objects.get(pk=report.pk).status == ReportStatus.OPEN


@pytest.mark.django_db
def test_forged_missing_service_posts_create_nothing(client, brugge, leuven, no_wait):
    from django.core import signing

    from partners.public.forms import FORM_SALT

    assert send_missing(client, url="/bestaat-niet/mis-je-een-dienst/").status_code == 404
    for changes in [
        {"name": "x" * 201},
        {"details": "x" * 1001},
        {"name": ""},
        {"started": ""},
        {"started": signing.dumps(0, salt=FORM_SALT)},
        {"started": "x" * 5000},
        {"website": "https://spam.example"},
    ]:
        assert send_missing(client, **changes).status_code == 400, changes
    assert not Report.objects.exists()
    # A field naming another zone is ignored: the zone is the page's.
    send_missing(client, region="leuven", region_id=str(leuven.pk), sent_from=str(leuven.pk), service="1")
    report = Report.objects.get()
    assert (report.region, report.sent_from, report.service) == (brugge, brugge, None)


@pytest.mark.django_db
def test_missing_services_and_reports_share_one_hourly_budget(client, brugge, no_wait, settings):
    settings.WEGWIJZER_REPORTS_PER_HOUR = 2
    assert send_report(client).status_code == 200
    assert send_missing(client).status_code == 200
    refused = send_missing(client)
    assert refused.status_code == 400 and "al veel meldingen" in refused.content.decode()
    assert Report.objects.count() == 2


@pytest.mark.django_db
def test_a_missing_service_sent_too_fast_is_refused(client, brugge, settings):
    settings.WEGWIJZER_REPORT_MIN_SECONDS = 30
    response = send_missing(client)
    assert response.status_code == 400 and "Dat ging erg snel" in response.content.decode()
    assert not Report.objects.exists()
