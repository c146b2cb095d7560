"""What the staff-side browser tests share: an editor logged in through the real login page, and axe."""

import io

from django.core.management import call_command

from tests.helpers.axe import axe_violations, describe

PASSWORD = "een-lang-wachtwoord-123"


def assert_clean(page):
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def log_in_editor(page, live_url: str, settings, django_user_model, username: str, region: str):
    """Make `username` an editor of `region` (as staff do, add_editor) and log in through the login page."""
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False  # the live server speaks plain HTTP
    call_command("add_editor", username, "--elz", region, "--noinput", stdout=io.StringIO())
    user = django_user_model.objects.get(username=username)
    user.set_password(PASSWORD)
    user.save()
    page.goto(f"{live_url}/admin/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url(f"{live_url}/admin/")
    return page
