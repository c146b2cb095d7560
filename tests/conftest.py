"""Shared fixtures: the demo content, and a Chromium page driven by Playwright."""

import os
import shutil

import pytest
from django.core.management import call_command

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session", autouse=True)
def _plain_http():
    """Production redirects http to https; the test client and live server speak plain HTTP.

    Session-wide and before the live server starts: its middleware reads the setting once.
    tests/test_security_headers.py turns the redirect back on where it is the subject.
    """
    from django.conf import settings

    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(scope="session")
def demo_content(django_db_setup, django_db_blocker):
    """The shipped content, loaded once per test session (tests roll back on top of it)."""
    with django_db_blocker.unblock():
        call_command("load_demo", verbosity=0)


@pytest.fixture
def leuven(demo_content, db):
    from partners.models import Region

    return Region.objects.get(slug="leuven")


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright. Locally a missing Chromium skips; in CI it fails."""
    if not CHROMIUM:
        message = "Chromium not found (apt-get install chromium); browser tests need it."
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run
    # next to one unless told that the test process knows what it is doing.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="nl-BE")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def nojs_page(browser):
    context = browser.new_context(locale="nl-BE", java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def live_leuven(transactional_db, live_server, settings):
    """The demo content in a database the live server sees (transactional tests start empty).

    The live server serves static files through Django's finders, which know no hashed
    manifest names, so pages under test link the plain names.
    """
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    call_command("load_demo", verbosity=0)
    return live_server.url
