"""The partner's link and 'Klopt er iets niet?' in Chromium: with and without JavaScript, checked by axe-core."""

from __future__ import annotations

import secrets
from datetime import timedelta

import pytest
from django.utils import timezone

from partners.models import Proposal, Report, Service, VerificationRequest
from tests.helpers.axe import axe_violations, describe

pytestmark = pytest.mark.browser


@pytest.fixture
def link(live_leuven):
    service = Service.objects.get(key="caw-onthaal")
    request = VerificationRequest.objects.create(
        service=service,
        email="onthaal@cawoostbrabant.be",
        nonce=secrets.token_hex(16),
        expires_at=timezone.now() + timedelta(days=30),
    )
    return live_leuven + request.get_absolute_url()


@pytest.fixture
def no_wait(settings):
    settings.WEGWIJZER_REPORT_MIN_SECONDS = 0


def assert_clean(page):
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_the_partner_pages_have_no_axe_violations(page, link, live_leuven):
    page.goto(link)
    page.get_by_role("button", name="Alles klopt").wait_for()
    assert_clean(page)
    page.get_by_role("link", name="Iets klopt niet").click()
    page.get_by_label("bereikbaarheid").wait_for()
    assert_clean(page)
    page.get_by_label("telefoonnummers").fill("0800 13 500\n12")
    page.get_by_label("openingsuren").fill("maandag 9-17")
    page.get_by_role("button", name="Verstuur mijn wijziging").click()
    page.get_by_text("geen geldig Belgisch telefoonnummer").wait_for()
    page.get_by_text("kunnen we niet lezen als openingsuur").wait_for()
    assert_clean(page)  # with the errors shown
    page.goto(live_leuven + "/nakijken/kapot/")
    page.get_by_role("heading", name="Deze link werkt niet").wait_for()
    assert_clean(page)


def test_a_partner_proposes_a_change_without_javascript(nojs_page, link):
    nojs_page.goto(link)
    nojs_page.get_by_role("link", name="Iets klopt niet").click()
    nojs_page.get_by_label("bereikbaarheid").fill("ma–vr 9–12.30u")
    nojs_page.get_by_role("button", name="Verstuur mijn wijziging").click()
    nojs_page.get_by_role("heading", name="Dank u wel").wait_for()
    assert Proposal.objects.get().changes == {"availability": "ma–vr 9–12.30u"}


def test_alles_klopt_with_one_click(page, link):
    page.goto(link)
    page.get_by_role("button", name="Alles klopt").click()
    page.get_by_role("heading", name="Dank u wel").wait_for()
    assert Service.objects.get(key="caw-onthaal").assured_date == timezone.localdate()


def test_the_report_form_has_no_axe_violations(page, live_leuven, no_wait):
    page.goto(live_leuven + "/leuven/melden/caw-onthaal/")
    page.get_by_role("button", name="Verstuur").wait_for()
    assert_clean(page)
    page.get_by_role("button", name="Verstuur").click()  # nothing chosen: a Dutch error
    page.get_by_text("Dit veld is verplicht").wait_for()
    assert_clean(page)


def test_with_javascript_the_report_form_opens_in_place_on_the_card(page, live_leuven, no_wait):
    page.goto(live_leuven + "/leuven/wegwijzer/actie/?urgentie=acuut")
    page.wait_for_load_state()
    address = page.url
    page.get_by_role("link", name="Klopt er iets niet? (Crisismeldpunt minderjarigen)").click()
    form_heading = page.get_by_role("heading", name="Wat klopt er niet bij Crisismeldpunt minderjarigen?")
    form_heading.wait_for()
    assert page.url == address  # in place: no navigation, the address bar unchanged
    # htmx moves focus once the swap has settled: wait for it rather than read it at once.
    page.wait_for_function(
        "document.activeElement && document.activeElement.textContent.startsWith('Wat klopt er niet')", timeout=5000
    )
    assert_clean(page)
    page.get_by_label("het telefoonnummer").check()
    page.get_by_role("button", name="Verstuur").click()
    page.get_by_text("Dank je. De redactie").wait_for()
    assert page.url == address
    assert Report.objects.get().service.name == "Crisismeldpunt minderjarigen"


def test_without_javascript_the_report_link_opens_the_form_page(nojs_page, live_leuven, no_wait):
    nojs_page.goto(live_leuven + "/leuven/partnerkaart/")
    nojs_page.locator('a[href="/leuven/melden/caw-onthaal/"]').first.click()
    nojs_page.get_by_role("heading", name="Klopt er iets niet?", exact=True).wait_for()
    nojs_page.get_by_label("het e-mailadres").check()
    nojs_page.get_by_label("Wat is juist? (niet verplicht)").fill("onthaal@cawoostbrabant.be")
    nojs_page.get_by_role("button", name="Verstuur").click()
    nojs_page.get_by_text("Dank je. De redactie").wait_for()
    assert Report.objects.get().kind == "email"
