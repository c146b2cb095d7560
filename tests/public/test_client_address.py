"""One client address for every per-address limit: the PDF budget, the report limit and the login lockouts.

Behind the nginx of docs/deploy.md every request comes from 127.0.0.1 and nginx writes the
client's address into X-Forwarded-For; the deploy guide sets AXES_PROXY_COUNT=1 for that.
"""

import runpy
from pathlib import Path

import pytest
from django.test import Client

import wegwijzer.settings
from partners.lib.budgets import client_address
from tests.public.test_report import URL, form_data

pytestmark = pytest.mark.django_db
NGINX = "127.0.0.1"


def settings_from_environment(monkeypatch, **environ) -> dict:
    """What wegwijzer/settings.py makes of this environment."""
    monkeypatch.setenv("SECRET_KEY", "x")
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(Path(wegwijzer.settings.__file__)))


@pytest.fixture
def behind_nginx(settings, monkeypatch):
    """The deploy guide's setting, AXES_PROXY_COUNT=1, read by the real settings module."""
    made = settings_from_environment(monkeypatch, AXES_PROXY_COUNT="1")
    settings.WEGWIJZER_PROXY_COUNT = made["WEGWIJZER_PROXY_COUNT"]
    settings.AXES_CLIENT_IP_CALLABLE = made["AXES_CLIENT_IP_CALLABLE"]


def through_nginx(address: str) -> Client:
    return Client(REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=address)


def new_pdfs(client: Client, themes: list[str]) -> list[int]:
    return [client.get("/leuven/partnerkaart.pdf", {"thema": theme}).status_code for theme in themes]


def test_behind_the_documented_proxy_two_clients_have_two_pdf_budgets(leuven, behind_nginx, settings):
    settings.WEGWIJZER_NEW_PDFS_PER_HOUR = 1
    assert new_pdfs(through_nginx("198.51.100.7"), ["verslaving", "armoede"]) == [200, 429]
    assert new_pdfs(through_nginx("198.51.100.8"), ["pesten"]) == [200]


def test_behind_the_documented_proxy_two_clients_have_two_report_limits(leuven, behind_nginx, settings):
    settings.WEGWIJZER_REPORTS_PER_HOUR = 1
    settings.WEGWIJZER_REPORT_MIN_SECONDS = 0
    first, second = through_nginx("198.51.100.7"), through_nginx("198.51.100.8")
    assert [first.post(URL, form_data(first)).status_code for _ in range(2)] == [200, 400]
    assert second.post(URL, form_data(second)).status_code == 200


def test_without_the_proxy_setting_a_forged_forwarded_for_is_ignored(leuven, settings, monkeypatch):
    made = settings_from_environment(monkeypatch)
    assert made["WEGWIJZER_PROXY_COUNT"] == 0
    settings.WEGWIJZER_PROXY_COUNT = 0
    settings.WEGWIJZER_NEW_PDFS_PER_HOUR = 1
    forger = "203.0.113.5"
    assert new_pdfs(Client(REMOTE_ADDR=forger, HTTP_X_FORWARDED_FOR="198.51.100.1"), ["verslaving"]) == [200]
    assert new_pdfs(Client(REMOTE_ADDR=forger, HTTP_X_FORWARDED_FOR="198.51.100.2"), ["armoede"]) == [429]


def test_a_header_nginx_did_not_write_is_not_trusted(rf, behind_nginx):
    def address(forwarded: str) -> str:
        return client_address(rf.get("/", REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=forwarded))

    assert address("198.51.100.7") == "198.51.100.7"
    assert address(" 2001:db8::1 ") == "2001:db8::1"
    for forged in ["198.51.100.1, 198.51.100.7", "", "niet-een-adres", "198.51.100.7\x00"]:
        assert address(forged) == NGINX, forged


def test_the_login_lockout_uses_the_same_address(rf, behind_nginx):
    from axes.helpers import get_client_ip_address

    request = rf.get("/admin/login/", REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert get_client_ip_address(request) == client_address(request) == "198.51.100.7"
