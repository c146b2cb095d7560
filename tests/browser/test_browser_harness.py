"""The browser harness itself: Chromium drives a real page and axe-core checks it."""

import pytest
from playwright.sync_api import expect

from tests.helpers.axe import axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_login_page_has_no_axe_violations(page, live_server):
    page.goto(f"{live_server.url}/admin/login/")
    expect(page.get_by_label("Gebruikersnaam")).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_axe_finds_a_planted_violation(page):
    # A check that cannot fail is no check: an image without alt text must be reported.
    page.set_content('<html lang="nl"><head><title>t</title></head><body><main><img src="x.png"></main></body></html>')
    ids = {v["id"] for v in axe_violations(page)}
    assert "image-alt" in ids
