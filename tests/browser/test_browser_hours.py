"""'Nu bereikbaar' in the browser: the Limburg consult line (seed 003: Tuesday and Thursday 10–12 and
14–16) at fixed moments, with and without JavaScript, and axe-clean. The clock is Playwright's
(`page.clock`), so the page itself has no test hook; the browser runs in another time zone than
Brussels on purpose."""

from datetime import datetime

import pytest
from playwright.sync_api import expect

from tests.helpers.axe import axe_violations, describe

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
CONSULT = "/haspengouw/wegwijzer/actie/?urgentie=ondersteuning&erkenning=nee&thema=verontrusting"
CARD = "[data-hours-card='consult-verontrusting-limburg']"


def open_at(browser, url: str, moment: str, *, javascript: bool = True, timezone_id: str = "America/New_York"):
    context = browser.new_context(viewport=PHONE, locale="nl-BE", java_script_enabled=javascript, timezone_id=timezone_id)
    page = context.new_page()
    if javascript:
        page.clock.set_fixed_time(datetime.fromisoformat(moment))
    page.goto(url)
    return context, page


@pytest.mark.parametrize(
    "moment, status, lead",
    [
        ("2027-03-26T17:30:00+01:00", "Nu gesloten — opent dinsdag om 10u", "Nu gesloten: Consult bij verontrusting"),
        ("2027-03-30T10:30:00+02:00", "Nu bereikbaar tot 12u", "Buiten de uren van Consult bij verontrusting"),
        # The first Tuesday of winter time, 15:59 in Brussels (14:59 UTC).
        ("2027-11-02T14:59:00+00:00", "Nu bereikbaar tot 16u", "Buiten de uren van"),
        # Thursday 6 May 2027 is Ascension Day, a public holiday: closed until the next Tuesday.
        ("2027-05-06T10:30:00+02:00", "Nu gesloten — opent dinsdag om 10u", "Nu gesloten: Consult bij verontrusting"),
        # Wednesday 23:30: opens tomorrow.
        ("2027-06-09T23:30:00+02:00", "Nu gesloten — opent morgen om 10u", "Nu gesloten: "),
    ],
)
def test_the_card_says_whether_the_consult_line_answers_now(browser, live_leuven, moment, status, lead):
    context, page = open_at(browser, live_leuven + CONSULT, moment)
    try:
        card = page.locator(CARD)
        assert card.locator(".hours-now").inner_text() == status
        assert page.locator("[data-answers-now-lead]").inner_text().startswith(lead)
        assert "di en do 10u–12u en 14u–16u" in card.inner_text()
    finally:
        context.close()


def test_closed_on_friday_evening_is_axe_clean_and_names_what_answers(browser, live_leuven):
    context, page = open_at(browser, live_leuven + CONSULT, "2027-03-26T17:30:00+01:00")
    try:
        box = page.locator("[data-answers-now]")
        assert "112" in box.inner_text() and "1733" in box.inner_text()
        assert axe_violations(page) == [], describe(axe_violations(page))
    finally:
        context.close()


def test_without_javascript_the_hours_are_in_words(browser, live_leuven):
    context, page = open_at(browser, live_leuven + CONSULT, "", javascript=False)
    try:
        card = page.locator(CARD)
        assert "Bereikbaar: di en do 10u–12u en 14u–16u" in card.inner_text()
        expect(card.locator(".hours-now")).to_be_hidden()  # no status the page cannot know
        assert (
            page.locator("[data-answers-now-lead]")
            .inner_text()
            .startswith("Buiten de uren van Consult bij verontrusting (Opgroeien Limburg):")
        )
    finally:
        context.close()


def test_the_residents_sheet_says_it_in_its_language(browser, live_leuven):
    """Test data (the content gives Leuven's CAW no hours): Tuesday 10–12 on a service of the sheet."""
    from partners.lib.acting import system_write
    from partners.models import Schedule, Service

    with system_write("test"):
        Schedule.objects.create(service=Service.objects.get(key="caw-onthaal"), weekday="TU", opens_at="10:00", closes_at="12:00")
    context, page = open_at(browser, live_leuven + "/leuven/contactfiche/?taal=fr", "2027-03-26T17:30:00+01:00")
    try:
        card = page.locator("[data-hours-card='caw-onthaal']").first
        assert card.locator(".hours-now").inner_text() == "Fermé maintenant — ouvre mardi à 10h"
        assert "Joignable : mar 10h–12h" in card.inner_text()
        assert axe_violations(page) == [], describe(axe_violations(page))
    finally:
        context.close()
