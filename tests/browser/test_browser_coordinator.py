"""A coordinator's pages in Chromium, checked by axe-core: the admin home, "Een partner toevoegen"
(filled in and saved, then seen on the partnerkaart) and the public "Mis je een dienst?"."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from partners.models import Report
from tests.browser.conftest import assert_clean, log_in_editor
from tests.helpers.axe import problems_at_320px

pytestmark = pytest.mark.browser


@pytest.fixture
def editor_page(page, live_leuven, django_user_model, settings):
    return log_in_editor(page, live_leuven, settings, django_user_model, "bea", "brugge")


def test_a_coordinator_adds_a_first_partner_from_the_admin_home(editor_page, live_leuven):
    page = editor_page
    assert_clean(page)
    page.get_by_role("link", name="Een partner toevoegen").first.click()
    assert_clean(page)
    page.get_by_label("Naam van de organisatie").fill("Proefpartner Brugge")
    page.get_by_label("Telefoonnummers").fill("050 44 82 00")
    page.get_by_label("Partnerkaart: Gezinnen").check()
    page.get_by_role("button", name="Bewaar de partner").click()
    page.get_by_role("link", name="Bekijk het op de site").click()
    expect(page).to_have_url(re.compile(re.escape(f"{live_leuven}/brugge/partnerkaart/")))
    expect(page.get_by_text("Proefpartner Brugge").first).to_be_visible()


def test_a_refused_form_stays_accessible(editor_page, live_leuven):
    page = editor_page
    page.goto(f"{live_leuven}/admin/partner-toevoegen/")
    page.get_by_role("button", name="Bewaar de partner").click()
    expect(page.locator(".errornote")).to_be_visible()
    assert_clean(page)


def test_mis_je_een_dienst_works_without_javascript_and_is_clean(nojs_page, narrow_page, live_leuven, settings):
    settings.WEGWIJZER_REPORT_MIN_SECONDS = 0
    assert problems_at_320px(narrow_page, f"{live_leuven}/brugge/mis-je-een-dienst/", "mis-je-een-dienst") == {}
    page = nojs_page
    page.goto(f"{live_leuven}/brugge/partnerkaart/")
    page.get_by_role("link", name="Meld het aan de redactie").click()
    page.get_by_label("Welke dienst mis je?").fill("Een dienst die ontbreekt")
    page.get_by_role("button", name="Verstuur").click()
    expect(page.get_by_role("status")).to_be_visible()
    assert Report.objects.get().missing_name == "Een dienst die ontbreekt"
