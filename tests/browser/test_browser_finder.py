"""The finder on `/` in Chromium, with and without JavaScript, and axe on the new pages."""

import re

import pytest
from playwright.sync_api import expect

from tests.helpers.axe import problems_at_320px

pytestmark = pytest.mark.browser

# A postcode of each Flemish province and of Brussels, and the ELZ it leads to (fixtures/geo/elz-2025.tsv).
ONE_ZONE = [
    ("2800", "mechelen-katelijne", "ELZ Mechelen-Katelijne"),
    ("3010", "leuven", "ELZ Leuven"),
    ("3500", "herkenrode", "ELZ Herkenrode"),
    ("8900", "westhoek", "ELZ Westhoek"),
    ("9000", "gent", "ELZ Gent"),
    ("1080", "bruzel", "ELZ Bruzel"),
]
ANTWERP_ZONES = ["ELZ Antwerpen Centrum", "ELZ Antwerpen Oost", "ELZ Antwerpen Zuid", "ELZ Noord Antwerpen"]


def search(page, base, text):
    page.goto(f"{base}/")
    page.wait_for_load_state()
    page.get_by_label("Waar werk je? Geef een postcode of gemeente").fill(text)
    page.get_by_role("button", name="Zoek").click()


def test_every_kind_of_postcode_ends_at_the_right_page_without_javascript(nojs_page, live_leuven):
    page = nojs_page
    for postcode, slug, name in ONE_ZONE:
        search(page, live_leuven, postcode)
        page.wait_for_url(f"{live_leuven}/{slug}/")
        assert page.locator(".brand-region").inner_text() == name, postcode
        expect(page.get_by_role("link", name="Acuut gevaar?", exact=True), str(postcode)).to_be_visible()
    search(page, live_leuven, "2060")
    page.get_by_text("verdeeld over vier eerstelijnszones").wait_for()
    links = page.locator("#matches a.button-primary").all_inner_texts()
    assert links == ANTWERP_ZONES
    page.locator("#matches").get_by_role("link", name="ELZ Antwerpen Oost").click()
    page.wait_for_url(f"{live_leuven}/antwerpen-oost/")
    search(page, live_leuven, "5000")
    page.get_by_role("heading", name="Geen Vlaamse eerstelijnszone").wait_for()
    expect(page.locator('#matches a[href="tel:112"]')).to_be_visible()


def test_every_kind_of_postcode_ends_at_the_right_page_with_javascript(page, live_leuven):
    field = page.get_by_label("Waar werk je? Geef een postcode of gemeente")
    for postcode, slug, name in ONE_ZONE:
        page.goto(f"{live_leuven}/")
        # typing is enough to see the answer
        field.fill(postcode)
        link = page.locator("#matches a.button-primary")
        link.wait_for()
        assert link.all_inner_texts() == [name], postcode
        link.click()
        page.wait_for_url(f"{live_leuven}/{slug}/")
    search(page, live_leuven, "2060")
    page.get_by_text("verdeeld over vier eerstelijnszones").wait_for()
    assert page.locator("#matches a.button-primary").all_inner_texts() == ANTWERP_ZONES
    field.fill("5000")
    page.get_by_role("heading", name="Geen Vlaamse eerstelijnszone").wait_for()
    assert re.search(r"[?&]q=5000", page.url)


@pytest.mark.parametrize("javascript", [True, False])
def test_enter_in_the_finder_goes_where_the_server_sends_it_with_and_without_javascript(page, nojs_page, live_leuven, javascript):
    """Enter right after typing: one place goes to its ELZ, a name of two places shows the choice."""
    page = page if javascript else nojs_page
    for typed, slug in [("Hoboken", "antwerpen-zuid"), ("Kessel-Lo (Leuven)", "leuven"), ("8000 Brugge", "brugge")]:
        page.goto(f"{live_leuven}/")
        field = page.get_by_label("Waar werk je? Geef een postcode of gemeente")
        field.fill(typed)
        field.press("Enter")
        page.wait_for_url(f"{live_leuven}/{slug}/")
        expect(page.get_by_role("link", name="Acuut gevaar?", exact=True), str(typed)).to_be_visible()
    page.goto(f"{live_leuven}/")
    field = page.get_by_label("Waar werk je? Geef een postcode of gemeente")
    field.fill("Deurne")
    field.press("Enter")
    page.wait_for_url(re.compile(r".*/\?q=Deurne$"))
    page.get_by_text("Deurne (Diest)").wait_for()
    choice = page.locator("#matches li", has_text="Deurne (Antwerpen)")
    choice.get_by_role("link", name="ELZ Antwerpen Oost").click()
    page.wait_for_url(f"{live_leuven}/antwerpen-oost/")


def test_acute_numbers_are_one_click_from_the_landing_page(page, live_leuven):
    page.goto(f"{live_leuven}/")
    for number in ("112", "1733"):
        expect(page.locator(f'a[href="tel:{number}"]').first).to_be_visible()


def test_the_new_pages_have_no_axe_violations_and_fit_320_pixels(narrow_page, live_leuven):
    page = narrow_page
    problems = {}
    for path in [
        "/",
        "/?q=2000",
        "/?q=Deurne",
        "/?q=5000",
        "/?q=9999",
        "/?q=1",
        "/over/",
        "/westhoek/",
        "/westhoek/partnerkaart/",
    ]:
        problems |= problems_at_320px(page, live_leuven + path, path)
    assert problems == {}
