"""The wegwijzer in Chromium: walked with and without JavaScript, checked by axe-core."""

import re

import pytest
from playwright.sync_api import expect

from tests.helpers.axe import problems_at_320px

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/?postcode=3010",
    "/?q=onbestaand",
    "/leuven/",
    "/leuven/acuut/",
    "/leuven/wegwijzer/",
    "/leuven/wegwijzer/bespreek/?leeftijd=0-3&thema=jonge-kind",
    "/leuven/wegwijzer/urgentie/?leeftijd=0-3&thema=jonge-kind",
    "/leuven/wegwijzer/actie/?urgentie=acuut",
    "/leuven/wegwijzer/actie/?urgentie=ondersteuning&erkenning=ja&leeftijd=0-3&thema=jonge-kind",
    "/leuven/wegwijzer/actie/?urgentie=ondersteuning&erkenning=nee&thema=kindermishandeling",
    "/leuven/wegwijzer/actie/?urgentie=ondersteuning&leeftijd=0-3&thema=psychische-problemen",
    "/leuven/wegwijzer/actie/?urgentie=geen-actie",
    "/leuven/wegwijzer/registreer/?urgentie=ondersteuning&erkenning=ja&leeftijd=0-3",
    "/leuven/partnerkaart/",
    "/leuven/contactfiche/",
]


def walk_to_support_contacts(page, base):
    """Home → start → choose age and theme → next → next → 'ja, het gezin erkent de zorg'."""
    page.goto(f"{base}/leuven/")
    page.get_by_role("link", name="Ik twijfel nog").click()
    page.wait_for_load_state()  # a full page: let its deferred scripts (htmx) start
    page.get_by_label("Een baby of peuter").check()
    page.get_by_label("Welzijn of ontwikkeling van het jonge kind").check()
    page.get_by_role("button", name=re.compile("Volgende stap")).click()
    page.get_by_role("heading", level=1).filter(has_text="Bespreek").wait_for()
    page.get_by_role("link", name=re.compile("Volgende stap: hoe dringend")).click()
    page.get_by_role("heading", level=1).filter(has_text="dringend").wait_for()
    page.get_by_role("link", name="Ja, het gezin erkent de zorg").click()
    page.get_by_text("Stap 4 van 5").wait_for()


def wait_for_focus(page, element_id):
    """htmx moves focus after the swap has settled, a moment after the new content is there: wait for
    it (up to 5 s) rather than read it at once. Fails with a timeout if focus never gets there."""
    page.wait_for_function("id => document.activeElement && document.activeElement.id === id", arg=element_id, timeout=5000)


class ClickCounter:
    """Clicks a professional makes, counted as they are made."""

    def __init__(self, page):
        self.page, self.clicks = page, 0

    def click(self, locator):
        locator.click()
        self.clicks += 1


def three_choices_to_a_number(page, base, *, javascript):
    """ELZ home → 'Er is nood aan ondersteuning' → a baby → young child's development: the number is there."""
    counter = ClickCounter(page)
    page.goto(f"{base}/leuven/")
    counter.click(page.get_by_role("link", name="Er is nood aan ondersteuning"))
    page.locator("details.refine[open]").wait_for()
    page.wait_for_load_state()
    counter.click(page.get_by_role("link", name=re.compile("^Een baby of peuter")))
    page.locator('#kies-leeftijd-0-3[aria-current="true"]').wait_for()
    if javascript:
        wait_for_focus(page, "kies-leeftijd-0-3")  # focus stayed on the choice
    counter.click(page.get_by_role("link", name=re.compile("^Welzijn of ontwikkeling van het jonge kind")))
    page.locator('#kies-thema-jonge-kind[aria-current="true"]').wait_for(state="attached")
    assert page.locator('#kies-leeftijd-0-3[aria-current="true"]').count() == 1  # the age stayed chosen
    # The consult desk for infant mental health, in the first group, with its number as a tel: link.
    first_group = page.locator("section.group").first
    assert first_group.get_by_role("heading", level=2).inner_text() == "Past het best bij wat je ziet"
    tel = first_group.locator('a[href="tel:+3224251770"]')
    expect(tel).to_be_visible()
    return counter.clicks


def test_three_clicks_from_the_elz_home_to_the_number_with_javascript(page, live_leuven):
    requests = []
    page.on("request", lambda r: requests.append((r.url, r.headers.get("hx-request"))))
    assert three_choices_to_a_number(page, live_leuven, javascript=True) == 3
    assert page.url.endswith("/leuven/wegwijzer/actie/?urgentie=ondersteuning&leeftijd=0-3&thema=jonge-kind")
    # The two choices on the contacts page came as HTMX swaps; with age and theme chosen the choices
    # fold away and focus is on the first group of contacts.
    swaps = [h for url, h in requests if "/wegwijzer/actie/" in url]
    assert swaps == [None, "true", "true"], requests
    wait_for_focus(page, "resultaat")
    page.go_back()
    page.locator('#kies-thema-jonge-kind[aria-current="true"]').wait_for(state="detached")
    assert page.locator("details.refine[open]").count() == 1
    assert page.url.endswith("/leuven/wegwijzer/actie/?urgentie=ondersteuning&leeftijd=0-3")


def test_three_clicks_from_the_elz_home_to_the_number_without_javascript(nojs_page, live_leuven):
    assert three_choices_to_a_number(nojs_page, live_leuven, javascript=False) == 3
    assert nojs_page.url.endswith("/leuven/wegwijzer/actie/?urgentie=ondersteuning&leeftijd=0-3&thema=jonge-kind")


def test_acute_numbers_are_one_click_from_the_elz_home(page, live_leuven):
    page.goto(f"{live_leuven}/leuven/")
    page.get_by_role("link", name="Er is acuut gevaar").click()
    page.get_by_role("heading", level=1, name=re.compile("Acuut gevaar")).wait_for()
    expect(page.locator('a[href="tel:112"]').first).to_be_visible()
    expect(page.locator('a[href="tel:1733"]').first).to_be_visible()


def test_walk_with_javascript_swaps_steps_in_place_and_keeps_the_url_honest(page, live_leuven):
    requests = []
    page.on("request", lambda r: requests.append((r.url, r.headers.get("hx-request"))))
    walk_to_support_contacts(page, live_leuven)
    assert "/leuven/wegwijzer/actie/?urgentie=ondersteuning&erkenning=ja&leeftijd=0-3&thema=jonge-kind" in page.url
    expect(page.locator('a[href="tel:+3224251770"]').first).to_be_visible()  # consult desk PIMH
    # After the first full page, the steps came as HTMX fragments, and focus sits on the new heading.
    step_requests = [h for url, h in requests if "/wegwijzer/" in url and "/static/" not in url]
    assert step_requests[0] is None and all(h == "true" for h in step_requests[1:]), [
        r for r in requests if "/static/" not in r[0]
    ]
    # htmx moves focus after the swap has settled: wait for it rather than read it at once.
    wait_for_focus(page, "step-title")
    # The back button returns to the previous step.
    page.go_back()
    page.get_by_text("Stap 3 van 5").wait_for()
    assert "/wegwijzer/urgentie/" in page.url


def test_walk_without_javascript_reaches_the_same_contacts(nojs_page, live_leuven):
    walk_to_support_contacts(nojs_page, live_leuven)
    assert "/leuven/wegwijzer/actie/?urgentie=ondersteuning&erkenning=ja&leeftijd=0-3&thema=jonge-kind" in nojs_page.url
    expect(nojs_page.locator('a[href="tel:+3224251770"]').first).to_be_visible()
    nojs_page.go_back()
    assert "/wegwijzer/urgentie/" in nojs_page.url


def test_acute_contacts_are_one_click_from_every_public_page(page, live_leuven):
    for path in [p for p in PAGES if p.startswith("/leuven/")]:
        page.goto(live_leuven + path)
        page.get_by_role("link", name="Acuut gevaar?", exact=True).click()
        page.get_by_role("heading", level=1, name=re.compile("Acuut gevaar")).wait_for()
        expect(page.locator('a[href="tel:112"]').first, str(path)).to_be_visible()


def test_every_page_has_no_axe_violations_and_fits_320_pixels(narrow_page, live_leuven):
    page = narrow_page
    problems = {}
    for path in PAGES:
        problems |= problems_at_320px(page, live_leuven + path, path)
    assert problems == {}
