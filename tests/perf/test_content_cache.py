"""The shared content cache: fast pages, and an edit shows on the very next public request."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from partners import versions
from partners.models import Phone, Service, Theme
from tests.helpers.second_factor import pass_second_factor

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client, django_user_model, leuven):
    user = django_user_model.objects.create_superuser("beheer", "beheer@example.org", "een-lang-wachtwoord-123")
    client.force_login(user)
    pass_second_factor(client, user)
    return client


def test_an_admin_edit_shows_on_the_next_public_request(superuser_client, committed):
    phone = Phone.objects.filter(service__key="vk-leuven").first()
    assert phone.display in superuser_client.get("/leuven/acuut/").content.decode()  # now cached
    with committed():
        response = superuser_client.post(
            reverse("admin:partners_phone_change", args=[phone.pk]),
            {"service": phone.service_id, "number": "016 99 88 77", "label": "", "order": 0},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = superuser_client.get("/leuven/acuut/").content.decode()
    assert "016 99 88 77" in page
    assert phone.display not in page


def test_a_theme_renamed_in_the_admin_shows_on_step_one(superuser_client, committed):
    theme = Theme.objects.get(slug="pesten")
    superuser_client.get("/leuven/wegwijzer/")
    with committed():
        superuser_client.post(
            reverse("admin:partners_theme_change", args=[theme.pk]),
            {"name": "Pesten op school", "slug": "pesten", "order": theme.order},
        )
    assert "Pesten op school" in superuser_client.get("/leuven/wegwijzer/").content.decode()


def test_a_deleted_entry_disappears_from_the_partnerkaart(client, leuven, committed):
    service = Service.objects.get(key="home-start")
    assert service.name in client.get("/leuven/partnerkaart/").content.decode()
    with committed():
        service.entries.all().delete()
    assert service.name not in client.get("/leuven/partnerkaart/").content.decode()


def test_the_version_changes_for_other_instances_only_after_the_commit(leuven, django_capture_on_commit_callbacks):
    key = versions.region_version_key("leuven")
    before = versions.region_version("leuven").token
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        Service.objects.filter(key="home-start").update(name="x")  # no signal: nothing happens
        assert cache.get(key)[0] == before
        service = Service.objects.get(key="home-start")
        service.name = "Home-Start Leuven"
        service.save()
        # Until the commit another instance must keep reading the old version, or it could
        # cache the old rows under the new one.
        assert cache.get(key)[0] == before
    assert callbacks
    for callback in callbacks:
        callback()
    assert cache.get(key)[0] != before


def test_htmx_fragments_and_full_pages_are_cached_apart(client, leuven):
    path = "/leuven/wegwijzer/bespreek/?leeftijd=0-3"
    full = client.get(path)
    fragment = client.get(path, headers={"HX-Request": "true"})
    assert b"<html" in full.content and b"<html" not in fragment.content
    assert b"<html" in client.get(path).content
    assert b"<html" not in client.get(path, headers={"HX-Request": "true"}).content
    assert "HX-Request" in fragment["Vary"] and "HX-Request" in full["Vary"]


def test_unknown_query_strings_are_answered_but_not_kept(client, leuven):
    from django.db import connection

    table = connection.ops.quote_name("wegwijzer_cache")

    def entries() -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            return cursor.fetchone()[0]

    client.get("/leuven/partnerkaart/")
    before = entries()
    for n in range(5):
        assert client.get(f"/leuven/partnerkaart/?utm_campaign={n}").status_code == 200
        assert client.get(f"/leuven/wegwijzer/actie/?urgentie=acuut&thema=<script>{n}").status_code == 200
    assert entries() == before


def test_public_pages_set_no_cookies_and_are_not_stored_for_a_visitor(client, leuven):
    for _ in range(2):
        response = client.get("/leuven/partnerkaart/")
        assert not response.cookies
        assert "Set-Cookie" not in response.headers
