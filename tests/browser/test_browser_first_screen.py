"""The answer first: on a 390×844 phone the first phone number of every page that answers a situation
is on the first screen, with and without JavaScript, and the page is axe-clean."""

import pytest

from tests.helpers.axe import axe_violations, describe

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
# One page of each kind that answers a situation: the acute page, the action step for
# each tier (support acknowledged, not acknowledged, not said; acute; no action), and the contacts
# page the ELZ home links to; in Leuven and in a template zone.
PAGES = [
    "/leuven/acuut/",
    "/leuven/wegwijzer/actie/?urgentie=ondersteuning",
    "/leuven/wegwijzer/actie/?urgentie=acuut&leeftijd=12-18&thema=zelfmoord",
    "/leuven/wegwijzer/actie/?urgentie=ondersteuning&erkenning=ja&leeftijd=0-3&thema=jonge-kind&thema=psychische-problemen",
    "/leuven/wegwijzer/actie/?urgentie=ondersteuning&erkenning=nee&leeftijd=3-12&thema=kindermishandeling&thema=verslaving",
    "/leuven/wegwijzer/actie/?urgentie=ondersteuning&erkenning=nee",
    "/leuven/wegwijzer/actie/?urgentie=ondersteuning&leeftijd=0-3",
    "/leuven/wegwijzer/actie/?urgentie=geen-actie&thema=zelfmoord",
    "/brugge/acuut/",
    "/brugge/wegwijzer/actie/?urgentie=acuut&leeftijd=12-18&thema=zelfmoord",
    "/brugge/wegwijzer/actie/?urgentie=ondersteuning&erkenning=ja&leeftijd=3-12&thema=kindermishandeling",
]

FIRST_TEL_BOTTOM = """() => {
  const link = document.querySelector('main a[href^="tel:"]');
  if (!link) return null;
  const box = link.getBoundingClientRect();
  return box.bottom + window.scrollY;
}"""


def first_screen_problems(browser, base, *, javascript):
    context = browser.new_context(viewport=PHONE, locale="nl-BE", java_script_enabled=javascript)
    page = context.new_page()
    problems = {}
    try:
        for path in PAGES:
            page.goto(base + path)
            bottom = page.evaluate(FIRST_TEL_BOTTOM)
            if bottom is None or bottom > PHONE["height"]:
                problems[path] = f"first tel: link ends at {bottom} px"
            if javascript:
                violations = axe_violations(page)
                if violations:
                    problems[f"{path} (axe)"] = describe(violations)
    finally:
        context.close()
    return problems


def test_the_first_number_is_on_the_first_screen_of_a_phone_with_javascript(browser, live_leuven):
    assert first_screen_problems(browser, live_leuven, javascript=True) == {}


def test_the_first_number_is_on_the_first_screen_of_a_phone_without_javascript(browser, live_leuven):
    assert first_screen_problems(browser, live_leuven, javascript=False) == {}
