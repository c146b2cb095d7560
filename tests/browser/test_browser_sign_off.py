"""The page "Vertaling nakijken" in Chromium, checked by axe-core: as it opens, after ticking a line,
and with the Dutch list of what is left when signing off too early."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from partners.models import Entry
from tests.browser.conftest import assert_clean, log_in_editor

pytestmark = pytest.mark.browser


@pytest.fixture
def editor_page(page, live_leuven, django_user_model, settings):
    return log_in_editor(page, live_leuven, settings, django_user_model, "an", "leuven")


def test_the_sign_off_page_is_accessible_and_ticks_a_line(editor_page, live_leuven):
    page = editor_page
    page.goto(f"{live_leuven}/admin/overzicht/")
    page.get_by_role("link", name="Nakijken en aftekenen (ar)").click()
    expect(page).to_have_url(re.compile(r"/admin/vertalingen/leuven/ar/$"))
    expect(page.get_by_role("heading", name="Vertaling nakijken: العربية")).to_be_visible()
    assert_clean(page)
    entry = Entry.objects.get(section__region__slug="leuven", section__card="contactfiche", service__key="antigifcentrum")
    box = page.locator(f'input[name="nagekeken"][value="entry:{entry.pk}"]')
    box.check()
    page.get_by_role("button", name="Bewaar de vinkjes", exact=True).click()
    expect(page.get_by_text("1 vinkje bewaard.")).to_be_visible()
    assert page.locator(f'input[name="nagekeken"][value="entry:{entry.pk}"]').is_checked()
    entry.refresh_from_db()
    assert entry.translation_checked_ar
    assert_clean(page)
    # Signing off with lines left: the page says, in Dutch, what is left; still accessible.
    page.get_by_role("textbox", name="Nagekeken door").fill("Samira")
    page.get_by_role("button", name="Bewaar de vinkjes en teken de taal af").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert "nog niet aangevinkt" in page.get_by_role("alert").inner_text()
    assert_clean(page)
