"""The partnerkaart page: every section of the seed, search and filters, on SQLite and PostgreSQL."""

import re

import pytest

from partners.models import Card, Entry

pytestmark = pytest.mark.django_db


def titles(html: str) -> list[str]:
    return re.findall(r'class="card-title">([^<]+)<', html)


def page(client, **params):
    response = client.get("/leuven/partnerkaart/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_partnerkaart_shows_the_six_sections_in_the_seeds_order(client, leuven):
    html = page(client)
    headings = re.findall(r'<h2 id="s-[^"]+">([^<]+)</h2>', html)
    assert headings == [
        "Zwangeren en kinderen t.e.m. 3 jaar",
        "Gezinnen",
        "Volwassenen",
        "Kinderen en jongeren 3–18 jaar",
        "(Multidisciplinair) overleg",
        "Informeel netwerk",
    ]


def test_every_partnerkaart_entry_is_on_the_page(client, leuven):
    html = page(client).replace("&#x27;", "'").replace("&amp;", "&")
    for entry in Entry.objects.filter(section__region=leuven, section__card=Card.PARTNERKAART).select_related("service"):
        assert entry.display_title in html, entry.display_title


def test_partnerkaart_says_it_is_not_exhaustive_and_links_the_directories(client, leuven):
    html = page(client)
    assert "niet volledig" in html
    assert "De Sociale Kaart" in html and "Psychewijzer" in html
    assert "Laatst bijgewerkt op" in html


def test_search_verslaving_finds_the_drug_services(client, leuven):
    found = titles(page(client, q="verslaving"))
    assert "MSOC Het Veerhuis" in found and "Verslavingszorg De Spiegel" in found
    assert "Druglijn" in found  # a helpline from the contactfiche
    assert "TEJO" not in found and "Leuven Helpt" not in found


def test_search_kessel_lo_finds_what_is_in_kessel_lo(client, leuven):
    found = titles(page(client, q="kessel lo"))
    assert "Buurtcentrum Casablanca" in found and "Het Perron" in found


def test_search_tejo_finds_tejo_first(client, leuven):
    assert titles(page(client, q="tejo"))[0] == "TEJO"


def test_search_ignores_accents_and_case(client, leuven):
    # The seed writes "financiële"; people type it without the diaeresis.
    assert "OCMW Leuven" in titles(page(client, q="FINANCIELE"))
    assert "OCMW Leuven" in titles(page(client, q="financiële"))


@pytest.mark.parametrize("typo, name", [("surdoo", "Surdo"), ("praxsis p", "Praxis P"), ("famliehulp", "Familiehulp")])
def test_search_tolerates_a_typo_in_a_name(client, leuven, typo, name):
    assert name in titles(page(client, q=typo))


def test_search_ranks_a_name_match_above_a_description_match(client, leuven):
    found = titles(page(client, q="clb"))
    assert found[0].startswith("Centrum voor Leerlingenbegeleiding") or "CLB" in found[0]


def shown_services(response):
    return [
        e.contact.service for s in response.context["sections"] for top in s.entries for e in [top, *top.children] if e.contact
    ]


def test_filters_combine_and_show_in_the_form(client, leuven):
    response = client.get("/leuven/partnerkaart/", {"thema": "psychische-problemen", "leeftijd": "12-18", "gratis": "1"})
    services = shown_services(response)
    assert services
    for service in services:
        assert service.is_free, service
        assert "psychische-problemen" in {t.slug for t in service.themes.all()}, service
        assert (service.age_max_months or 999) >= 144 and (service.age_min_months or 0) <= 227, service
    html = response.content.decode()
    assert 'value="12-18" selected' in html and 'value="psychische-problemen" checked' in html
    assert 'name="gratis" value="1" checked' in html


def test_gratis_shows_only_free_services(client, leuven):
    services = shown_services(client.get("/leuven/partnerkaart/", {"gratis": "1"}))
    assert len(services) > 5 and all(s.is_free for s in services)


def test_no_results_offers_the_contactfiche_and_the_sociale_kaart(client, leuven):
    html = page(client, q="xyzzyqqq")
    assert "Geen partners gevonden" in html
    assert 'href="/leuven/contactfiche/"' in html and "Sociale Kaart" in html
    assert "0 partners gevonden" in html


def test_htmx_search_returns_the_results_and_the_count_for_screen_readers(client, leuven):
    response = client.get("/leuven/partnerkaart/", {"q": "tejo"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html and 'id="results"' in html
    assert 'data-hx-swap-oob="innerHTML:#result-count"' in html and "1 partner gevonden" in html
    assert "HX-Request" in response.headers["Vary"]


@pytest.mark.parametrize("query", ["q=" + "a" * 500, "leeftijd=oud&thema=%00&gratis=misschien", "q=%27%3B--", "q=<script>"])
def test_odd_filters_never_break_the_page(client, leuven, query):
    assert client.get(f"/leuven/partnerkaart/?{query}").status_code == 200
    assert client.get(f"/leuven/contactfiche/?{query}").status_code == 200


def test_contactfiche_has_the_five_sections_and_lines_for_own_contacts(client, leuven):
    html = client.get("/leuven/contactfiche/").content.decode()
    headings = re.findall(r'<h2 id="s-[^"]+">([^<]+)</h2>', html)
    assert headings == [
        "Praktisch en financieel",
        "Gezondheid en welzijn",
        "Telefonische of online hulp",
        "Sociaal",
        "Opvoeding van kinderen en jongeren",
    ]
    assert "Mijn eigen contacten" in html and 'class="write-lines"' in html
    assert 'href="tel:102"' in html  # Awel, corrected from the seed's "112"
