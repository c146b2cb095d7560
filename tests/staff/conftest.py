"""The attacker and the national editor, for the attack tests of the staff side."""

import pytest

from partners.models import Organization, Phone, Service
from tests.helpers.attacker import PASSWORD, browser_of
from tests.helpers.second_factor import pass_second_factor


@pytest.fixture
def an(make_editor, leuven):
    return make_editor("an", leuven)


@pytest.fixture
def attacker(an):
    """An, ELZ-redacteur of Leuven, in a browser that sends CSRF tokens only as a real one would."""
    return browser_of(an)


@pytest.fixture
def national(django_user_model, demo_content):
    user = django_user_model.objects.create_superuser("beheer", "beheer@example.org", PASSWORD)
    browser = browser_of(user)
    pass_second_factor(browser, user)
    return browser


@pytest.fixture
def spare_service(leuven):
    """A Leuven service on no card, with a phone, so it can be deleted."""
    organization = Organization.objects.create(name="Babbelpunt", region=leuven)
    service = Service.objects.create(organization=organization, key="babbelpunt", name="Babbelpunt", description="Praten.")
    service.regions.add(leuven)
    Phone.objects.create(service=service, number="016 24 24 24")
    return service


@pytest.fixture
def behind_nginx(settings, monkeypatch):
    """The settings that wegwijzer/settings.py makes of AXES_PROXY_COUNT=1 (docs/deploy.md):
    nginx at 127.0.0.1 replaces X-Forwarded-For with the client's address."""
    import runpy
    from pathlib import Path

    import wegwijzer.settings

    monkeypatch.setenv("AXES_PROXY_COUNT", "1")
    monkeypatch.setenv("SECRET_KEY", "x")
    made = runpy.run_path(str(Path(wegwijzer.settings.__file__)))
    for name in ("WEGWIJZER_PROXY_COUNT", "AXES_CLIENT_IP_CALLABLE", "AXES_LOCKOUT_PARAMETERS"):
        if name in made:
            setattr(settings, name, made[name])
