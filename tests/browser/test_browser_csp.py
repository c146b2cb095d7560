"""In Chromium, the Content-Security-Policy blocks nothing the pages need: no violation anywhere."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_browser_wegwijzer import PAGES, walk_to_support_contacts

pytestmark = pytest.mark.browser

# Runs before any page script; CSP does not apply to what the browser's driver injects.
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`);
});
"""


@pytest.fixture
def watched_page(browser):
    """A page that records CSP violations, reported both as events and on the console."""
    context = browser.new_context(locale="nl-BE")
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.console_messages = []
    page.on("console", lambda message: page.console_messages.append(message.text))
    yield page
    context.close()


def violations(page) -> list[str]:
    events = page.evaluate("window.__cspViolations")
    console = [m for m in page.console_messages if "Content Security Policy" in m or "Content-Security-Policy" in m]
    return events + console


def test_public_pages_cause_no_csp_violations(watched_page, live_leuven):
    found = {}
    for path in PAGES:
        response = watched_page.goto(live_leuven + path)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        watched_page.wait_for_load_state("load")
        if problems := violations(watched_page):
            found[path] = problems
    assert found == {}


def test_the_htmx_walk_works_under_the_policy(watched_page, live_leuven):
    walk_to_support_contacts(watched_page, live_leuven)
    expect(watched_page.locator('a[href="tel:+3224251770"]').first).to_be_visible()
    assert violations(watched_page) == []


def test_the_admin_works_under_the_policy(watched_page, live_leuven, django_user_model, settings):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False  # the live server speaks plain HTTP
    from tests.helpers.second_factor import current_code, linked_device

    user = django_user_model.objects.create_superuser("beheer", "beheer@example.org", "een-lang-wachtwoord-123")
    device = linked_device(user)
    page = watched_page
    page.goto(f"{live_leuven}/admin/login/")
    page.get_by_label("Gebruikersnaam").fill("beheer")
    page.get_by_label("Wachtwoord").fill("een-lang-wachtwoord-123")
    page.get_by_role("button", name="Aanmelden").click()
    page.get_by_label("Code").fill(current_code(device))  # the second factor, under the same policy
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url(f"{live_leuven}/admin/")
    from partners.models import Section

    section = Section.objects.filter(region__slug="leuven").first()
    for path in ["/admin/partners/service/", "/admin/partners/theme/", f"/admin/partners/section/{section.pk}/change/"]:
        page.goto(live_leuven + path)
        page.wait_for_load_state("load")
    # The inline "add another" links and the filter widgets are drawn by the admin's own scripts.
    page.goto(f"{live_leuven}/admin/partners/section/{section.pk}/change/")
    expect(page.locator(".add-row a").first).to_be_visible()
    page.goto(f"{live_leuven}/admin/partners/service/add/")
    expect(page.locator(".selector-filter").first).to_be_visible()  # filter_horizontal for themes
    assert violations(page) == []
