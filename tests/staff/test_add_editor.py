"""`manage.py add_editor`: a new ELZ-redacteur can log in, sees only their region and edits it."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from partners.models import Region, Service
from tests.helpers.admin_forms import save_change

PASSWORD = "zennevallei-is-mooi-2025"


def add_editor(*args) -> str:
    out = io.StringIO()
    call_command("add_editor", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_new_editor_of_a_second_region_logs_in_edits_a_partner_and_the_public_card_shows_it(client, zenne, monkeypatch):
    monkeypatch.setenv("WEGWIJZER_EDITOR_PASSWORD", PASSWORD)
    assert "beheert ELZ Zennevallei" in add_editor("zoe", "--elz", "zenne", "--first-name", "Zoë", "--noinput")

    response = client.post(reverse("admin:login") + "?next=/admin/", {"username": "zoe", "password": PASSWORD})
    assert response.status_code == 302

    listed = client.get(reverse("admin:partners_service_changelist")).context["cl"].queryset
    assert {s.organization.region_id for s in listed} <= {zenne.pk, None}
    assert "hvhk-halle" in {s.key for s in listed}
    assert client.get(reverse("admin:partners_region_changelist")).context["cl"].queryset.get() == zenne

    service = Service.objects.get(key="hvhk-halle")
    response = save_change(
        client, service, description="Gratis opvoedingsondersteuning voor elk gezin in Halle.",
        **{"phones-0-number": "02 356 11 11"},
    )  # fmt: skip
    assert response.status_code == 302
    card = client.get("/zenne/partnerkaart/").content.decode()
    assert "Gratis opvoedingsondersteuning voor elk gezin in Halle." in card
    assert "02 356 11 11" in card
    dashboard = client.get(reverse("admin:dashboard")).context
    assert dashboard["regions"] == [zenne]
    assert dashboard["overview"].region == zenne


@pytest.mark.django_db
def test_add_editor_links_an_existing_user_to_another_region(zenne, leuven, make_editor):
    user = make_editor("bo", leuven)
    assert "bijgewerkt: beheert ELZ Leuven, ELZ Zennevallei" in add_editor("bo", "--elz", "zenne", "--noinput")
    assert set(user.editor.regions.values_list("slug", flat=True)) == {"leuven", "zenne"}


@pytest.mark.django_db
def test_add_editor_shows_a_random_password_once_without_input(leuven, django_user_model):
    output = add_editor("cas", "--elz", "leuven", "--noinput")
    password = output.split("Tijdelijk wachtwoord (wordt niet opnieuw getoond): ")[1].split()[0]
    assert django_user_model.objects.get(username="cas").check_password(password)


@pytest.mark.django_db
def test_add_editor_refuses_a_weak_password_and_an_unknown_region(leuven, monkeypatch):
    monkeypatch.setenv("WEGWIJZER_EDITOR_PASSWORD", "12345678")
    with pytest.raises(CommandError, match="geen goed wachtwoord"):
        add_editor("dirk", "--elz", "leuven", "--noinput")
    with pytest.raises(CommandError, match="Onbekende eerstelijnszone: nergens"):
        add_editor("dirk", "--elz", "nergens", "--noinput")
    assert not Region.objects.filter(slug="nergens").exists()


@pytest.mark.django_db
def test_superuser_makes_an_editor_in_the_admin_too(superuser_client, django_user_model, zenne):
    from partners.models import Editor

    user = django_user_model.objects.create_user("els", password=PASSWORD)
    response = superuser_client.post(
        reverse("admin:partners_editor_add"), {"user": user.pk, "regions": [zenne.pk], "_save": "Opslaan"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.is_staff and user.has_perm("partners.change_service")
    assert list(Editor.objects.get(user=user).regions.all()) == [zenne]
