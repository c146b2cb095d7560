"""Every ELZ its own wegwijzer: the landing page, shared content, the template and opt-outs."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from partners.models import Gemeente, Organization, Region, Service, TierContact
from partners.public.selectors import RegionContent

pytestmark = pytest.mark.django_db


@pytest.fixture
def gent(leuven):
    call_command("new_elz", name="ELZ Gent", slug="gent", postcodes="9000=Gent,9030=Mariakerke", verbosity=0)
    return Region.objects.get(slug="gent")


@pytest.fixture
def brussel(leuven):
    region = Region.objects.create(name="ELZ Brussel-West", slug="brussel-west", province="brussel")
    Gemeente.objects.create(region=region, name="Sint-Jans-Molenbeek/Molenbeek-Saint-Jean", postcode="1080")
    return region


def landing(client, **params):
    response = client.get("/", params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    "params", [{"postcode": "3010"}, {"q": "Kessel-Lo"}, {"q": "kessel lo"}, {"q": "KESSEL-LÖ"}, {"q": "3010"}, {"q": "Wijgmaal"}]
)
def test_landing_finds_leuven_by_gemeente_or_postcode(client, leuven, params):
    assert 'class="button button-primary" href="/leuven/"' in landing(client, **params)


@pytest.mark.parametrize("q", ["molenbeek-saint-jean", "Sint-Jans-Molenbeek", "molenbeek", "1080"])
def test_landing_finds_brussels_double_names_on_either_part(client, brussel, q):
    assert 'href="/brussel-west/"' in landing(client, q=q).split("Alle eerstelijnszones")[0]


def test_unknown_postcode_says_so_and_points_to_de_sociale_kaart(client, leuven):
    html = landing(client, postcode="9999")
    assert "Geen wegwijzer gevonden" in html and "desocialekaart.be" in html


def test_landing_lists_every_region_and_answers_htmx_with_the_matches_only(client, gent):
    html = landing(client)
    assert 'href="/leuven/"' in html and 'href="/gent/"' in html
    partial = client.get("/", {"q": "mariakerke"}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial and 'href="/gent/"' in partial and 'href="/leuven/"' not in partial


def test_a_single_region_deployment_can_send_the_landing_page_to_its_region(client, leuven, settings):
    settings.DEFAULT_REGION = "leuven"
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/leuven/"
    assert client.get("/", {"q": "3010"}).status_code == 200


def test_a_new_region_from_the_template_works_end_to_end(client, gent):
    paths = ["/gent/", "/gent/acuut/", "/gent/wegwijzer/", "/gent/wegwijzer/bespreek/", "/gent/wegwijzer/urgentie/",
             "/gent/wegwijzer/actie/?urgentie=ondersteuning&erkenning=ja&leeftijd=0-3", "/gent/wegwijzer/registreer/",
             "/gent/partnerkaart/", "/gent/contactfiche/"]  # fmt: skip
    for path in paths:
        assert client.get(path).status_code == 200, path
    assert "Gent" in gent.intro and "Leuven" not in gent.intro
    assert gent.get_province_display() == "Oost-Vlaanderen"
    assert set(gent.gemeenten.values_list("postcode", "name")) == {("9000", "Gent"), ("9030", "Mariakerke")}
    acute = client.get("/gent/acuut/").content.decode()
    assert 'href="tel:112"' in acute and 'href="tel:1733"' in acute
    fiche = client.get("/gent/contactfiche/").content.decode()
    assert 'href="tel:106"' in fiche and 'href="tel:1813"' in fiche and 'href="tel:102"' in fiche


def test_a_new_region_has_the_standard_structure_but_no_leuven_partners(gent):
    content = RegionContent(gent)
    assert list(content.steps) == ["observeer", "bespreek", "urgentie", "actie", "registreer"]
    assert list(content.tiers) == ["acuut", "ondersteuning", "geen-actie"]
    assert set(content.factor_lists) == {"aces", "paces"}
    assert len(content.consult_topics) == 11 and any(r.kind == "signal_list" for r in content.resources)
    assert [s.section.slug for s in content.partnerkaart] == [
        "zwangeren-0-3",
        "gezinnen",
        "volwassenen",
        "kinderen-jongeren-3-18",
        "overleg",
        "informeel-netwerk",
    ]
    leuven_owned = set(Service.objects.filter(organization__region__slug="leuven").values_list("id", flat=True))
    assert leuven_owned and not leuven_owned & set(content.services)
    shown = {
        c.service.id
        for s in content.partnerkaart + content.contactfiche
        for e in s.entries
        for c in [e.contact, *[x.contact for x in e.children]]
        if c
    }
    assert shown and not shown & leuven_owned
    assert not Organization.objects.filter(region=gent).exists()


def test_a_provincial_service_shows_in_its_province_only(leuven, gent):
    call_command("new_elz", name="ELZ Demerland", slug="demerland", postcodes="3200=Aarschot", verbosity=0)
    demerland = Region.objects.get(slug="demerland")
    provincial = Service.objects.get(key="crisismeldpunt-minderjarigen")
    assert provincial.coverage == "province" and provincial.province == "vlaams-brabant"
    assert provincial.id in RegionContent(demerland).services
    assert provincial.id in RegionContent(leuven).services
    assert provincial.id not in RegionContent(gent).services
    assert TierContact.objects.filter(tier__region=demerland, service=provincial).exists()
    assert not TierContact.objects.filter(tier__region=gent, service=provincial).exists()


def test_a_region_can_leave_a_shared_service_out_of_its_cards(client, leuven, gent):
    druglijn = Service.objects.get(key="druglijn")
    leuven.excluded_services.add(druglijn)
    assert "Druglijn" not in client.get("/leuven/contactfiche/").content.decode()
    assert (
        "Druglijn"
        not in client.get("/leuven/wegwijzer/actie/?urgentie=ondersteuning&erkenning=ja&thema=verslaving").content.decode()
    )
    assert "Druglijn" in client.get("/gent/contactfiche/").content.decode()


def test_a_shared_service_is_edited_once_for_every_region(client, leuven, gent):
    service = Service.objects.get(key="tele-onthaal-106")
    service.availability = "elke dag, ook op feestdagen"
    service.save()
    for slug in ("leuven", "gent"):
        assert "Bereikbaar: elke dag, ook op feestdagen" in client.get(f"/{slug}/contactfiche/").content.decode()


@pytest.mark.parametrize("postcodes, message", [("12", "vier cijfers"), ("4000", "provincie"), ("", "minstens één")])
def test_new_elz_explains_bad_input_in_dutch(leuven, postcodes, message):
    with pytest.raises(CommandError, match=message):
        call_command("new_elz", name="ELZ X", slug="x", postcodes=postcodes, verbosity=0)
    assert not Region.objects.filter(slug="x").exists()


def test_new_elz_refuses_an_existing_slug(leuven):
    with pytest.raises(CommandError, match="bestaat al"):
        call_command("new_elz", name="ELZ Leuven 2", slug="leuven", postcodes="3000", verbosity=0)


def test_redactie_vlaanderen_creates_a_region_from_the_template_in_the_admin(client, leuven, django_user_model):
    admin = django_user_model.objects.create_superuser("redactie", "redactie@example.org", "een-lang-wachtwoord-123")
    client.force_login(admin)
    form = client.get("/admin/nieuwe-elz/")
    assert form.status_code == 200 and "Nieuwe eerstelijnszone" in form.content.decode()
    bad = client.post("/admin/nieuwe-elz/", {"name": "ELZ Kust", "slug": "kust", "postcodes": "84"})
    assert "vier cijfers" in bad.content.decode() and not Region.objects.filter(slug="kust").exists()
    response = client.post("/admin/nieuwe-elz/", {"name": "ELZ Kust", "slug": "kust", "postcodes": "8400=Oostende"})
    region = Region.objects.get(slug="kust")
    assert response.status_code == 302 and region.get_province_display() == "West-Vlaanderen"
    assert client.get("/kust/acuut/").status_code == 200


def test_an_elz_editor_cannot_create_regions(client, leuven, django_user_model):
    user = django_user_model.objects.create_user("redacteur", password="een-lang-wachtwoord-123", is_staff=True)
    from partners.models import Editor

    Editor.objects.create(user=user).regions.add(leuven)
    client.force_login(user)
    assert client.get("/admin/nieuwe-elz/").status_code == 403
