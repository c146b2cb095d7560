"""Staff logins a crisis directory deserves: a limit per username across addresses, a second factor
for the redactie Vlaanderen (offered to editors) with recovery codes, zone names in one script,
and only http(s) links from the partner form."""

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from partners.models import Region, Service
from partners.staff import scope
from tests.helpers.admin_forms import admin_url, form_data
from tests.helpers.second_factor import current_code, linked_device

pytestmark = pytest.mark.django_db

PASSWORD = "een-lang-wachtwoord-123"


def login(client, username, password=PASSWORD, next_url="/admin/"):
    return client.post(reverse("admin:login") + "?next=" + next_url, {"username": username, "password": password})


@pytest.fixture
def an(leuven, make_editor):
    user = make_editor("an", leuven)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def beheer(django_user_model, demo_content):
    return django_user_model.objects.create_superuser("beheer", "beheer@example.org", PASSWORD)


@pytest.fixture
def vlaanderen(django_user_model, demo_content):
    user = django_user_model.objects.create_user("vlaanderen", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=scope.NATIONAL_GROUP))
    return user


# -- a limit per username, whatever the address ----------------------------------------------------


def test_failures_from_many_addresses_lock_the_username_everywhere(an, settings):
    assert settings.WEGWIJZER_USERNAME_FAILURE_LIMIT == 20
    for n in range(20):  # four guesses from each of five addresses: under the per-address limit each time
        response = login(Client(REMOTE_ADDR=f"198.51.100.{n // 4 + 1}"), "an", "fout")
    assert response.status_code == 429
    assert login(Client(REMOTE_ADDR="192.0.2.10"), "an").status_code == 429  # the right password, a new address
    assert login(Client(REMOTE_ADDR="192.0.2.10"), "someone-else", "fout").status_code == 200  # others can still try


def test_a_colleague_mistyping_elsewhere_does_not_lock_an_out(an):
    for _ in range(4):
        login(Client(REMOTE_ADDR="198.51.100.23"), "an", "fout")
    assert login(Client(REMOTE_ADDR="192.0.2.10"), "an").status_code == 302


# -- the second factor -------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["beheer", "vlaanderen"])
def test_the_redactie_vlaanderen_cannot_open_the_admin_with_a_password_alone(request, who):
    user = request.getfixturevalue(who)
    client = Client()
    response = login(client, user.username, next_url="/admin/partners/service/")
    assert response.status_code == 302
    for url in ["/admin/", "/admin/partners/service/", reverse("admin:dashboard"), admin_url(Service.objects.first())]:
        blocked = client.get(url)
        assert blocked.status_code == 302 and blocked["Location"].startswith(reverse("admin:two_factor")), url
    service = Service.objects.first()
    before = service.name
    client.post(admin_url(service), {"name": "Overgenomen"})
    service.refresh_from_db()
    assert service.name == before


def test_a_superuser_links_an_app_gets_recovery_codes_and_then_needs_a_code(beheer, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = settings.OTP_STATIC_THROTTLE_FACTOR = 0  # the throttle has its own test
    client = Client()
    login(client, "beheer")
    setup = client.get(reverse("admin:two_factor")).content.decode()
    assert "<svg" in setup and "Scan deze QR-code" in setup
    secret = re.search(r"<code>([A-Z2-7 ]+)</code>", setup).group(1)
    device = TOTPDevice.objects.get(user=beheer, confirmed=False)
    assert secret.replace(" ", "") in device.config_url

    wrong = client.post(reverse("admin:two_factor"), {"code": "000000", "next": "/admin/"})
    assert "klopt niet" in wrong.content.decode()
    linked = client.post(reverse("admin:two_factor"), {"code": current_code(device), "next": "/admin/"})
    codes = re.findall(r"<li><code>(\w+)</code></li>", linked.content.decode())
    assert len(codes) == 10 and StaticToken.objects.filter(device__user=beheer).count() == 10
    assert client.get("/admin/partners/service/").status_code == 200  # this session gave its code

    later = Client()  # the next login asks for the code, and a recovery code works once
    login(later, "beheer")
    assert later.get("/admin/").status_code == 302
    assert later.post(reverse("admin:two_factor"), {"code": codes[0], "next": "/admin/"}).status_code == 302
    assert later.get("/admin/").status_code == 200
    again = Client()
    login(again, "beheer")
    assert "klopt niet" in again.post(reverse("admin:two_factor"), {"code": codes[0]}).content.decode()
    assert again.get("/admin/").status_code == 302


def test_an_editor_may_work_without_a_second_factor_and_may_add_one(an):
    client = Client()
    login(client, "an")
    assert client.get("/admin/").status_code == 200
    setup = client.get(reverse("admin:two_factor")).content.decode()
    assert "Scan deze QR-code" in setup and "alle eerstelijnszones" not in setup
    device = TOTPDevice.objects.get(user=an, confirmed=False)
    client.post(reverse("admin:two_factor"), {"code": current_code(device)})
    later = Client()
    login(later, "an")
    assert later.get("/admin/").status_code == 302  # once linked, the code is asked at every login


def test_a_code_cannot_be_guessed_forever(beheer, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 3600  # seconds before the second try, doubling after each failure
    device = linked_device(beheer)
    client = Client()
    login(client, "beheer")
    for _ in range(3):
        client.post(reverse("admin:two_factor"), {"code": "123456"})
    response = client.post(reverse("admin:two_factor"), {"code": current_code(device)})
    assert response.status_code == 200 and "klopt niet" in response.content.decode()  # throttled: wait first
    assert client.get("/admin/").status_code == 302


def test_new_recovery_codes_replace_the_old_ones(superuser_client):
    page = superuser_client.post(reverse("admin:two_factor_codes"))
    assert len(re.findall(r"<li><code>(\w+)</code></li>", page.content.decode())) == 10


def test_the_second_factor_page_does_not_redirect_elsewhere(beheer):
    device = linked_device(beheer)
    client = Client()
    login(client, "beheer")
    response = client.post(reverse("admin:two_factor"), {"code": current_code(device), "next": "https://aanvaller.example/"})
    assert response["Location"] == reverse("admin:index")


# -- one script per zone name -------------------------------------------------------------------------


def test_an_editor_cannot_rename_the_zone_to_a_look_alike(leuven_client, leuven):
    url = admin_url(leuven)
    page = leuven_client.get(url)
    look_alike = "ELZ Leuv\u0435n"  # a Cyrillic "е"
    response = leuven_client.post(url, {**form_data(page), "name": look_alike})
    assert response.status_code == 200 and "één schrift" in response.content.decode()
    assert Region.objects.get(pk=leuven.pk).name == "ELZ Leuven"
    accented = leuven_client.post(url, {**form_data(page), "name": "ELZ Leuven – Herent, Kortenberg en Oud-Heverlee"})
    assert accented.status_code == 302


# -- http(s) only from the partner form ----------------------------------------------------------------
