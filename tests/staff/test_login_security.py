"""The admin is on the internet: limited login attempts, validated passwords, expiring sessions."""

import pytest
from django.test import Client
from django.urls import reverse

PASSWORD = "een-lang-wachtwoord-123"


@pytest.fixture
def an(django_user_model, leuven, make_editor):
    user = make_editor("an", leuven)
    user.set_password(PASSWORD)
    user.save()
    return user


def login(client, username, password):
    return client.post(reverse("admin:login") + "?next=/admin/", {"username": username, "password": password})


@pytest.mark.django_db
def test_login_page_is_in_dutch(client):
    page = client.get(reverse("admin:login")).content.decode()
    assert "Gebruikersnaam" in page and "Wachtwoord" in page


@pytest.mark.django_db
def test_user_is_locked_out_after_five_failed_logins_with_a_clear_message(client, an, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        assert login(client, "an", "fout").status_code == 200  # the form again, with its error
    locked = login(client, "an", "fout")
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "Aanmelden tijdelijk geblokkeerd" in text
    assert "5 keer een verkeerd wachtwoord" in text
    assert login(client, "an", PASSWORD).status_code == 429  # the right password does not help now


@pytest.mark.django_db
def test_failed_logins_as_a_colleague_from_elsewhere_do_not_lock_them_out(an):
    """Lockout is per username *and* address: guessing An's password elsewhere does not lock An out."""
    elsewhere = Client(REMOTE_ADDR="198.51.100.23")
    for _ in range(6):
        login(elsewhere, "an", "fout")
    assert login(elsewhere, "an", PASSWORD).status_code == 429
    assert login(Client(REMOTE_ADDR="192.0.2.10"), "an", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_superuser_unlocks_a_locked_out_user(an, superuser_client):
    an_browser = Client(REMOTE_ADDR="10.1.2.3")
    for _ in range(5):
        login(an_browser, "an", "fout")
    assert login(an_browser, "an", PASSWORD).status_code == 429

    changelist = reverse("admin:axes_accessattempt_changelist")
    locked = superuser_client.get(changelist, {"username": "an"})
    assert locked.status_code == 200
    attempts = [attempt.pk for attempt in locked.context["cl"].queryset]
    response = superuser_client.post(changelist, {"action": "unlock", "_selected_action": attempts}, follow=True)
    assert "blokkering opgeheven" in response.content.decode()
    assert login(an_browser, "an", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_successful_login_forgets_earlier_failures(client, an):
    for _ in range(4):
        login(client, "an", "fout")
    assert login(client, "an", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        login(client, "an", "fout")
    assert login(client, "an", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_session_ends_with_the_browser_and_after_eight_hours(client, an):
    login(client, "an", PASSWORD)
    assert client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() == 8 * 60 * 60
    assert not client.cookies["sessionid"]["max-age"]


@pytest.mark.django_db
def test_editor_cannot_manage_users_or_unlock(client, an):
    login(client, "an", PASSWORD)
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403
