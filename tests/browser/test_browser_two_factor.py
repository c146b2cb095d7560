"""The staff second factor in Chromium (partners/staff/two_factor.py): linking an app (the QR code and
the key to type), the recovery codes, the code at the next login, and new recovery codes. Each page
and each refused code is checked by axe-core at 320 px; the whole way is walked without JavaScript."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.helpers.axe import problems_at_320px, problems_here
from tests.helpers.second_factor import current_code

pytestmark = pytest.mark.browser

PASSWORD = "een-lang-wachtwoord-123"


@pytest.fixture
def beheer(live_leuven, django_user_model, settings):
    """A superuser (the redactie Vlaanderen: the second factor is required) on the live server."""
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False  # the live server speaks plain HTTP
    # One refused code must not hold back the right one for a second: the throttle has its own test
    # (tests/staff/test_staff_logins.py), and this one must not depend on how fast the machine is.
    settings.OTP_TOTP_THROTTLE_FACTOR = settings.OTP_STATIC_THROTTLE_FACTOR = 0
    return django_user_model.objects.create_superuser("beheer", "beheer@example.org", PASSWORD)


def log_in(page, base: str, username: str = "beheer") -> None:
    page.goto(f"{base}/admin/login/?next=/admin/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()


def give_code(page, code: str) -> None:
    page.get_by_label("Code", exact=True).fill(code)
    page.get_by_role("button", name="Bevestigen").click()


def shown_codes(page) -> list[str]:
    return [text.strip() for text in page.locator(".ww-recovery-codes code").all_inner_texts()]


def test_linking_an_app_the_codes_and_the_next_login_work_without_javascript(nojs_page, live_leuven, beheer):
    page = nojs_page
    log_in(page, live_leuven)
    expect(page).to_have_url(re.compile(re.escape(f"{live_leuven}{reverse('admin:two_factor')}")))
    expect(page.get_by_role("heading", name="Tweestapsverificatie instellen")).to_be_visible()
    expect(page.get_by_role("img", name="QR-code om de app te koppelen")).to_be_visible()
    key = page.locator("#content-main code").inner_text()
    device = TOTPDevice.objects.get(user=beheer, confirmed=False)
    assert re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{1,4})+", key) and key.replace(" ", "") in device.config_url

    give_code(page, "000000")
    assert "klopt niet" in page.locator(".errornote").inner_text()
    give_code(page, current_code(device))
    expect(page.get_by_role("heading", name="Bewaar je herstelcodes")).to_be_visible()
    codes = shown_codes(page)
    assert len(codes) == 10 and StaticToken.objects.filter(device__user=beheer).count() == 10
    page.get_by_role("link", name="Ik heb ze bewaard, verder").click()
    expect(page).to_have_url(f"{live_leuven}/admin/")

    # New recovery codes: the old ones stop working.
    page.goto(f"{live_leuven}{reverse('admin:two_factor_codes')}")
    assert "Je hebt nog 10 ongebruikte herstelcodes." in page.locator("#content-main").inner_text()
    page.get_by_role("button", name="Nieuwe herstelcodes maken").click()
    fresh = shown_codes(page)
    assert len(fresh) == 10 and not set(fresh) & set(codes)

    # The next login asks for the code; a recovery code works, once.
    page.context.clear_cookies()
    log_in(page, live_leuven)
    expect(page.get_by_role("heading", name="Tweestapsverificatie: je code")).to_be_visible()
    give_code(page, codes[0])
    assert "klopt niet" in page.locator(".errornote").inner_text()  # an old code
    give_code(page, fresh[0])
    expect(page).to_have_url(f"{live_leuven}/admin/")
    assert StaticToken.objects.filter(device__user=beheer).count() == 9


def test_every_two_factor_page_has_no_axe_violations_at_320_pixels(narrow_page, live_leuven, beheer):
    page = narrow_page
    setup = reverse("admin:two_factor")
    codes_page = reverse("admin:two_factor_codes")
    problems = {}
    log_in(page, live_leuven)
    problems |= problems_at_320px(page, f"{live_leuven}{setup}", "instellen")
    give_code(page, "000000")
    problems |= problems_here(page, "instellen, code geweigerd")
    give_code(page, current_code(TOTPDevice.objects.get(user=beheer, confirmed=False)))
    problems |= problems_here(page, "herstelcodes na het koppelen")
    problems |= problems_at_320px(page, f"{live_leuven}{codes_page}", "herstelcodes")
    page.get_by_role("button", name="Nieuwe herstelcodes maken").click()
    problems |= problems_here(page, "nieuwe herstelcodes")

    page.context.clear_cookies()
    log_in(page, live_leuven)
    problems |= problems_here(page, "code vragen")
    give_code(page, "000000")
    problems |= problems_here(page, "code vragen, code geweigerd")
    assert problems == {}
