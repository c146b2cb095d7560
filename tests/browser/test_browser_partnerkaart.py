"""Searching the partnerkaart in Chromium: as you type with JavaScript, by submitting without."""

import pytest

pytestmark = pytest.mark.browser


def test_results_update_as_you_type_and_the_count_is_announced(page, live_leuven):
    page.goto(f"{live_leuven}/leuven/partnerkaart/")
    page.wait_for_load_state()
    page.get_by_label("Zoek een partner, thema of gemeente").fill("tejo")
    page.locator("#result-count").filter(has_text="1 partner gevonden").wait_for()
    assert page.locator("#result-count").get_attribute("role") == "status"
    assert page.locator("#results .card-title").first.inner_text() == "TEJO"
    assert page.url.endswith("/leuven/partnerkaart/?q=tejo")


def test_search_without_javascript_submits_the_form(nojs_page, live_leuven):
    nojs_page.goto(f"{live_leuven}/leuven/partnerkaart/")
    nojs_page.get_by_label("Zoek een partner, thema of gemeente").fill("kessel lo")
    nojs_page.get_by_role("button", name="Zoek").click()
    nojs_page.get_by_text("Buurtcentrum Casablanca").wait_for()
    assert "q=kessel+lo" in nojs_page.url
