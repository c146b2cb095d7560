"""The zone dashboard lists real gaps, deletions show under "Onlangs verwijderd", and the redactie
Vlaanderen sees every zone against the essential roles (with a CSV), through the real admin URLs."""

import csv
import io

import pytest
from django.utils import timezone

from partners.models import ConsultContact, Region, Role, Service

pytestmark = pytest.mark.django_db


@pytest.fixture
def brugge_client(client, make_editor, leuven):
    """Logged in as Bea, ELZ-redacteur of Brugge (a template zone)."""
    client.force_login(make_editor("bea", Region.objects.get(slug="brugge")))
    return client


def test_the_dashboard_of_a_template_zone_lists_what_is_missing(brugge_client):
    html = brugge_client.get("/admin/overzicht/").content.decode()
    assert "Wat ontbreekt" in html
    assert "Geen Vertrouwenscentrum Kindermishandeling (VK)" in html
    assert "Consult ‘Kindermishandeling’ heeft geen contacten" in html
    assert "Rubriek ‘Overleg" in html or "van de partnerkaart is leeg" in html
    assert "Alles is recent nagekeken" not in html
    assert "Geen problemen gevonden" not in html


def test_a_gap_filled_by_the_editor_leaves_the_list(brugge_client):
    brugge = Region.objects.get(slug="brugge")
    topic = brugge.consult_topics.get(theme__slug="kindermishandeling")
    ConsultContact.objects.create(topic=topic, service=Service.objects.get(key="awel-102"))
    html = brugge_client.get("/admin/overzicht/").content.decode()
    assert "Consult ‘Kindermishandeling’ heeft geen contacten" not in html


def test_leuven_has_every_essential_role(leuven_client):
    html = leuven_client.get("/admin/overzicht/").content.decode()
    assert "Geen Vertrouwenscentrum" not in html and "Geen Centrum voor leerlingenbegeleiding" not in html


def test_a_line_the_editor_deletes_shows_under_recently_deleted(brugge_client):
    brugge = Region.objects.get(slug="brugge")
    contact = ConsultContact.objects.filter(topic__region=brugge).first()
    response = brugge_client.post(f"/admin/partners/consultcontact/{contact.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not ConsultContact.objects.filter(pk=contact.pk).exists()
    html = brugge_client.get("/admin/overzicht/").content.decode()
    recently = html.split("Onlangs verwijderd", 1)[1]
    assert "Niets verwijderd" not in recently
    assert str(contact.service) in recently


def test_the_national_view_shows_every_zone_against_the_roles(superuser_client):
    html = superuser_client.get("/admin/vlaanderen/").content.decode()
    assert html.count('<th scope="row">') == 60
    brugge = html.split("ELZ Brugge</a>", 1)[1].split("</tr>", 1)[0]
    leuven = html.split("ELZ Leuven</a>", 1)[1].split("</tr>", 1)[0]
    assert "ontbreekt" in brugge
    assert "ontbreekt" not in leuven.split("<td>", 1)[0]  # every role filled in Leuven
    assert 'href="/admin/vlaanderen.csv"' in html


def test_the_national_view_downloads_as_csv(superuser_client):
    response = superuser_client.get("/admin/vlaanderen.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert len(body) == 60
    keys = list(Role.objects.values_list("key", flat=True))
    assert header[4 : 4 + len(keys)] == keys
    by_slug = {row[1]: dict(zip(header, row, strict=True)) for row in body}
    assert by_slug["brugge"]["vk"] == "ontbreekt" and by_slug["leuven"]["vk"] in {"gevuld", "nagekeken"}
    assert by_slug["herkenrode"]["ocj"] in {"gevuld", "nagekeken"}  # the Limburg consult of seed 003


def test_a_verified_service_makes_its_role_verified(superuser_client):
    def leuven_vk() -> str:
        rows = list(
            csv.reader(io.StringIO(superuser_client.get("/admin/vlaanderen.csv").content.decode("utf-8-sig")), delimiter=";")
        )
        return dict(zip(rows[0], next(r for r in rows if r[1] == "leuven"), strict=True))["vk"]

    Service.objects.filter(key="vk-leuven").update(assured_date=None)
    assert leuven_vk() == "gevuld"
    Service.objects.filter(key="vk-leuven").update(assured_date=timezone.localdate())
    assert leuven_vk() == "nagekeken"


def test_an_elz_editor_cannot_see_the_national_view(brugge_client):
    assert brugge_client.get("/admin/vlaanderen/").status_code == 403
    assert brugge_client.get("/admin/vlaanderen.csv").status_code == 403
    assert "/admin/vlaanderen/" not in brugge_client.get("/admin/").content.decode()


def test_anonymous_visitors_are_sent_to_the_login(client, leuven):
    for path in ("/admin/vlaanderen/", "/admin/vlaanderen.csv"):
        response = client.get(path)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_admin_home_links_the_national_view_for_the_redactie(superuser_client):
    assert 'href="/admin/vlaanderen/"' in superuser_client.get("/admin/").content.decode()


def test_an_elz_editor_cannot_change_the_essential_roles(brugge_client):
    role = Role.objects.get(key="vk")
    response = brugge_client.post(f"/admin/partners/role/{role.pk}/change/", {"name": "Iets anders", "key": "vk", "order": 0})
    assert response.status_code == 403
    role.refresh_from_db()
    assert role.name == "Vertrouwenscentrum Kindermishandeling (VK)"
