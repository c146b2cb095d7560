"""'Klopt er iets niet?': professionals report a wrong contact; staff resolve it in their region's queue."""

from __future__ import annotations

import pytest
from django.core import signing
from django.urls import reverse

from partners.models import Card, Entry, Report, ReportStatus, Service
from partners.public.forms import FORM_SALT

URL = "/leuven/melden/caw-onthaal/"


@pytest.fixture
def no_wait(settings):
    settings.WEGWIJZER_REPORT_MIN_SECONDS = 0


def form_data(client, **changes) -> dict:
    page = client.get(URL)
    assert page.status_code == 200
    data = {"kind": "phone", "value": "0800 13 500", "website": "", "started": page.context["form"]["started"].value()}
    data.update(changes)
    return data


@pytest.mark.django_db
def test_every_contact_card_links_to_the_report_form(client, leuven):
    page = client.get(reverse("partnerkaart", args=["leuven"])).content.decode()
    assert f'href="{URL}"' in page
    assert f'data-hx-get="{URL}"' in page
    cards = Entry.objects.filter(section__region=leuven, section__card=Card.PARTNERKAART, service__isnull=False)
    assert page.count(">Klopt er iets niet?</a>") == cards.count()
    assert 'href="/leuven/melden/' in client.get(reverse("acute", args=["leuven"])).content.decode()


@pytest.mark.django_db
def test_a_report_lands_in_the_regions_queue_without_anything_about_the_reporter(client, leuven, no_wait):
    response = client.post(URL, form_data(client, kind="phone", value="016 27 27 50"), REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 200
    assert "Dank je" in response.content.decode()
    report = Report.objects.get()
    assert (report.region, report.service.key, report.kind, report.value) == (leuven, "caw-onthaal", "phone", "016 27 27 50")
    stored = {f.name for f in Report._meta.concrete_fields}
    assert not {"name", "email", "ip", "address", "user_agent"} & stored


@pytest.mark.django_db
def test_the_form_warns_to_write_nothing_about_a_family(client, leuven):
    page = client.get(URL).content.decode()
    assert "Schrijf niets over een gezin of een kind" in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert "no-store" in client.get(URL)["Cache-Control"]


@pytest.mark.django_db
def test_the_honeypot_stops_a_bot(client, leuven, no_wait):
    response = client.post(URL, form_data(client, website="https://spam.example"))
    assert response.status_code == 400
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_a_report_sent_too_fast_is_refused_with_a_dutch_message(client, leuven, settings):
    settings.WEGWIJZER_REPORT_MIN_SECONDS = 30
    response = client.post(URL, form_data(client))
    assert response.status_code == 400
    assert "Dat ging erg snel" in response.content.decode()
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_a_forged_or_old_time_stamp_is_refused(client, leuven, no_wait):
    for started in ["", "12345", signing.dumps(0, salt=FORM_SALT), signing.dumps(0, salt="other")]:
        response = client.post(URL, form_data(client, started=started))
        assert response.status_code == 400, started
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_one_address_can_send_only_a_few_reports_an_hour(client, leuven, no_wait, settings):
    settings.WEGWIJZER_REPORTS_PER_HOUR = 2
    codes = [client.post(URL, form_data(client), REMOTE_ADDR="198.51.100.4").status_code for _ in range(3)]
    assert codes == [200, 200, 400]
    assert Report.objects.count() == 2
    assert client.post(URL, form_data(client), REMOTE_ADDR="198.51.100.5").status_code == 200  # another address
    assert Report.objects.count() == 3


@pytest.mark.django_db
def test_the_rate_limit_keeps_no_address_in_the_clear(client, leuven, no_wait):
    client.post(URL, form_data(client), REMOTE_ADDR="203.0.113.9")
    from django.test import RequestFactory

    from partners.lib.budgets import REPORTS, budget_store

    key = REPORTS.key(RequestFactory().get("/", REMOTE_ADDR="203.0.113.9"))
    assert budget_store().get(key) == 1
    assert "203.0.113.9" not in key


@pytest.mark.django_db
def test_emptying_the_content_and_page_caches_keeps_every_limit(client, leuven, no_wait, settings):
    """The budgets count in a table of their own: a cull of content or pages (at worst, all of it) resets no limit."""
    from django.core.cache import caches

    settings.WEGWIJZER_REPORTS_PER_HOUR = 1
    assert client.post(URL, form_data(client), REMOTE_ADDR="198.51.100.4").status_code == 200
    caches["default"].clear()
    caches["pages"].clear()
    assert client.post(URL, form_data(client), REMOTE_ADDR="198.51.100.4").status_code == 400
    assert Report.objects.count() == 1


@pytest.mark.django_db
def test_bad_input_gets_a_dutch_message_never_a_500(client, leuven, no_wait):
    for data in [{"kind": "iets"}, {"kind": "phone", "value": "x" * 500}, {"kind": ""}, {"kind": "phone", "started": "x" * 5000}]:
        response = client.post(URL, {**form_data(client), **data})
        assert response.status_code == 400, data
    assert client.get("/leuven/melden/bestaat-niet/").status_code == 404
    assert client.get("/onbekend/melden/caw-onthaal/").status_code == 404
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_a_service_not_shown_in_a_region_cannot_be_reported_there(client, zenne, no_wait):
    assert client.get("/zenne/melden/caw-onthaal/").status_code == 404
    assert client.get("/leuven/melden/hvhk-halle/").status_code == 404


@pytest.mark.django_db
def test_a_post_without_csrf_token_is_refused(leuven, no_wait):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    data = form_data(strict)
    data.pop("csrfmiddlewaretoken", None)
    refused = strict.post(URL, data)
    assert refused.status_code == 403
    assert "Je formulier kon niet verstuurd worden" in refused.content.decode()
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_with_htmx_the_form_opens_in_place(client, leuven, no_wait):
    fragment = client.get(URL, HTTP_HX_REQUEST="true")
    html = fragment.content.decode()
    assert "<html" not in html and 'data-hx-post="/leuven/melden/caw-onthaal/"' in html
    thanks = client.post(URL, form_data(client), HTTP_HX_REQUEST="true")
    assert thanks.status_code == 200 and "<html" not in thanks.content.decode() and "Dank je" in thanks.content.decode()
    assert fragment["Vary"] and "HX-Request" in fragment["Vary"]


@pytest.mark.django_db
def test_the_public_pages_stay_cached_without_a_csrf_cookie(client, leuven):
    page = client.get(reverse("partnerkaart", args=["leuven"]))
    assert "csrftoken" not in page.cookies
    assert "csrfmiddlewaretoken" not in page.content.decode()


# -- staff -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_another_regions_editor_never_sees_this_regions_report(client, leuven, zenne, make_editor, no_wait):
    client.post(URL, form_data(client))
    report = Report.objects.get(service__key="caw-onthaal")
    client.force_login(make_editor("zoe", zenne))
    listed = client.get(reverse("admin:partners_report_changelist"))
    assert report.pk not in {r.pk for r in listed.context["cl"].queryset}
    url = reverse("admin:partners_report_change", args=[report.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"status": "dismissed"}).status_code == 403
    assert Report.objects.get(pk=report.pk).status == ReportStatus.OPEN
    assert zenne.reports.exists() and client.get(reverse("admin:dashboard")).context["overview"].counts["reports"] == 1


@pytest.mark.django_db
def test_resolving_a_report_links_to_the_change_that_fixed_it(client, leuven_client, leuven, zenne, no_wait):
    client.post(URL, form_data(client, kind="website", value="www.cawoostbrabant.be"))
    report = Report.objects.get(service__key="caw-onthaal")
    service = report.service
    service.url = "https://www.cawoostbrabant.be"
    service.save()
    fix = service.history.first()
    url = reverse("admin:partners_report_change", args=[report.pk])

    other_history = Service.objects.get(key="hvhk-halle").history.first()
    refused = leuven_client.post(url, {"status": "resolved", "fixed_by": other_history.pk})
    assert refused.status_code == 200 and refused.context["adminform"].form.errors
    assert Report.objects.get(pk=report.pk).fixed_by is None

    response = leuven_client.post(url, {"status": "open", "fixed_by": fix.pk})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.RESOLVED and report.fixed_by_id == fix.pk
    assert report.resolved_by.username == "an" and report.resolved_at is not None
    page = leuven_client.get(url).content.decode()
    assert reverse("admin:partners_service_simple_history", args=[service.pk, fix.pk]) in page


@pytest.mark.django_db
def test_a_form_token_is_good_for_one_report(client, leuven, no_wait):
    """A replayed form (the same signed token posted again) files nothing more."""
    data = form_data(client, kind="phone", value="016 27 27 50")
    assert client.post(URL, data, REMOTE_ADDR="192.0.2.8").status_code == 200
    replay = client.post(URL, data, REMOTE_ADDR="192.0.2.9")
    assert replay.status_code == 400
    assert "al verstuurd" in replay.content.decode()
    assert Report.objects.count() == 1
    assert client.post(URL, form_data(client, kind="phone", value="016 27 27 51"), REMOTE_ADDR="192.0.2.9").status_code == 200
    assert Report.objects.count() == 2
