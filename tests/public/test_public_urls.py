"""The public URLs of BRIEF.md are a contract (printed QR codes point at them): every one answers,
for Leuven and for a template zone, and every public page is in the one registry
(`partners.public.cache.public_urls`) that the other page tests and `make bench` walk."""

import pytest

from partners.public.cache import public_urls

pytestmark = pytest.mark.django_db

# BRIEF.md, "Public URLs", with Leuven's slug.
CONTRACT = [
    "/",
    "/?postcode=3010",
    "/?q=Kessel-Lo",
    "/leuven/",
    "/leuven/acuut/",
    "/leuven/wegwijzer/",
    "/leuven/wegwijzer/actie/?urgentie=ondersteuning&leeftijd=0-3&thema=jonge-kind&erkenning=ja",
    "/leuven/partnerkaart/",
    "/leuven/partnerkaart.pdf",
    "/leuven/contactfiche/",
    "/leuven/contactfiche.pdf",
    "/leuven/contactfiche/?taal=fr",
    "/leuven/contactfiche/?taal=ar&tweetalig=1",
    "/api/hsds/",
    "/api/hsds/leuven/",
    "/admin/",
    "/healthz",
]


def test_the_registry_names_every_kind_of_public_page():
    paths = {url.split("?")[0] for url in public_urls("leuven")}
    assert {
        "/",
        "/over/",
        "/leuven/",
        "/leuven/acuut/",
        "/leuven/wegwijzer/",
        "/leuven/partnerkaart/",
        "/leuven/contactfiche/",
    } <= paths
    steps = {p for p in paths if p.startswith("/leuven/wegwijzer/") and p != "/leuven/wegwijzer/"}
    assert steps == {f"/leuven/wegwijzer/{key}/" for key in ("observeer", "bespreek", "urgentie", "actie", "registreer")}


@pytest.mark.parametrize("url", CONTRACT)
def test_every_contract_url_answers(client, leuven, url):
    response = client.get(url)
    if url in ("/?postcode=3010", "/?q=Kessel-Lo"):
        assert response.status_code == 302 and response["Location"] == "/leuven/"
    elif url == "/admin/":
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    else:
        assert response.status_code == 200, url


@pytest.mark.parametrize("region", ["leuven", "brugge"])
def test_every_registered_page_answers_for_an_own_map_and_a_template_zone(client, leuven, region):
    urls = public_urls(region)
    assert len(urls) > 20
    failed = {url: client.get(url).status_code for url in urls}
    assert {url: status for url, status in failed.items() if status != 200} == {}
