"""The step-by-step wegwijzer as a professional walks it, page by page, without JavaScript."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def get(client, path, **headers):
    response = client.get(path, **headers)
    return response, response.content.decode()


def test_home_starts_the_wegwijzer_and_shows_acute_help(client, leuven):
    response, html = get(client, "/leuven/")
    assert response.status_code == 200
    assert 'href="/leuven/wegwijzer/"' in html
    assert 'href="/leuven/partnerkaart/"' in html and 'href="/leuven/contactfiche/"' in html
    assert 'href="tel:112"' in html


@pytest.mark.parametrize(
    "path",
    [
        "/leuven/",
        "/leuven/acuut/",
        "/leuven/wegwijzer/",
        "/leuven/wegwijzer/bespreek/",
        "/leuven/wegwijzer/urgentie/",
        "/leuven/wegwijzer/actie/?urgentie=ondersteuning&erkenning=ja",
        "/leuven/wegwijzer/registreer/",
        "/leuven/partnerkaart/",
        "/leuven/contactfiche/",
    ],
)
def test_every_public_page_links_to_acute_help(client, leuven, path):
    response, html = get(client, path)
    assert response.status_code == 200
    assert '<a class="acute-link" href="/leuven/acuut/">Acuut gevaar?</a>' in html


def test_acute_page_lists_crisis_lines_with_tel_links(client, leuven):
    response, html = get(client, "/leuven/acuut/")
    for href in ["tel:1733", "tel:112", "tel:+3278050038", "tel:+3216342608", "tel:+3222435007", "tel:+3216301730"]:
        assert f'href="{href}"' in html
    assert "078 05 00 38" in html and "24/7" in html
    assert html.index("tel:1733") < html.index("tel:+3216301730")


def test_step_one_asks_age_and_themes_and_shows_aces_and_paces(client, leuven):
    response, html = get(client, "/leuven/wegwijzer/")
    assert "Stap 1 van 5" in html
    assert 'name="leeftijd" value="0-3"' in html and 'name="thema" value="verslaving"' in html
    assert 'action="/leuven/wegwijzer/bespreek/"' in html
    assert "<details" in html and "Chronisch pesten" in html and "Een hobby hebben" in html


def test_step_one_remembers_choices_when_you_go_back(client, leuven):
    _, html = get(client, "/leuven/wegwijzer/?leeftijd=12-18&thema=pesten")
    assert 'value="12-18" checked' in html and 'value="pesten" checked' in html


def test_step_two_narrows_signal_lists_and_consult_desks_to_the_themes(client, leuven):
    _, all_html = get(client, "/leuven/wegwijzer/bespreek/")
    _, html = get(client, "/leuven/wegwijzer/bespreek/?thema=zelfmoord")
    assert "Stap 2 van 5" in html
    assert "Signalen zelfmoord" in html
    assert "LIRIK" in all_html and "LIRIK" not in html
    assert "02 424 30 00" in html  # the suicide-prevention consult line
    assert "016 30 17 30" not in html  # the VK belongs to another theme
    assert 'href="/leuven/wegwijzer/urgentie/?thema=zelfmoord"' in html
    assert "Family Finding" in html


def test_step_three_offers_the_three_tiers_and_asks_about_acknowledgement(client, leuven):
    _, html = get(client, "/leuven/wegwijzer/urgentie/?leeftijd=0-3&thema=jonge-kind")
    assert "Stap 3 van 5" in html
    assert "integriteit" in html  # the seed's acute criterion
    assert 'href="/leuven/wegwijzer/actie/?urgentie=acuut&amp;leeftijd=0-3&amp;thema=jonge-kind"' in html
    assert 'href="/leuven/wegwijzer/actie/?urgentie=ondersteuning&amp;erkenning=ja&amp;leeftijd=0-3&amp;thema=jonge-kind"' in html
    assert (
        'href="/leuven/wegwijzer/actie/?urgentie=ondersteuning&amp;erkenning=nee&amp;leeftijd=0-3&amp;thema=jonge-kind"' in html
    )
    assert 'href="/leuven/wegwijzer/actie/?urgentie=geen-actie&amp;leeftijd=0-3&amp;thema=jonge-kind"' in html


def test_action_acute_shows_the_acute_contacts(client, leuven):
    _, html = get(client, "/leuven/wegwijzer/actie/?urgentie=acuut")
    assert "Stap 4 van 5" in html
    assert 'href="tel:112"' in html and 'href="tel:+3216301730"' in html


def test_action_support_acknowledged_lists_matching_partners_first(client, leuven):
    _, html = get(client, "/leuven/wegwijzer/actie/?urgentie=ondersteuning&erkenning=ja&leeftijd=12-18&thema=verslaving")
    assert "Past het best" in html
    best = html[html.index("Past het best") :]
    assert best.index("leuven@msocvlaamsbrabant.be") < best.index("Hier kan je altijd terecht")
    assert "078 15 10 20" in html  # Druglijn, a national helpline that fits the theme
    assert "Betrek het informele netwerk" in html
    assert "Ook mogelijk" not in html  # the long tail is one link away, below
    assert 'href="/leuven/partnerkaart/?leeftijd=12-18&amp;thema=verslaving"' in html


def test_the_long_tail_is_one_link_to_the_partnerkaart_with_the_same_count(client, leuven):
    _, html = get(client, "/leuven/wegwijzer/actie/?urgentie=ondersteuning&erkenning=ja&leeftijd=0-3&thema=jonge-kind")
    link = re.search(r'<a href="/leuven/partnerkaart/\?leeftijd=0-3&amp;thema=jonge-kind">Bekijk alle (\d+) partners', html)
    assert link, "no link to the filtered partnerkaart"
    _, kaart = get(client, "/leuven/partnerkaart/?leeftijd=0-3&thema=jonge-kind")
    assert f"{link.group(1)} partners gevonden" in kaart


def test_a_babys_best_fits_hold_no_adult_service(client, leuven):
    _, html = get(client, "/leuven/wegwijzer/actie/?urgentie=ondersteuning&erkenning=ja&leeftijd=0-3&thema=psychische-problemen")
    first = html[html.index("Past het best") : html.index("Hulp voor de ouder")]
    assert "016 33 84 00" in first  # CGG VBO for children and young people
    # Help for the parent is the first line for mild to moderate problems (CGG VBO volwassenen)…
    assert "016 85 79 79" in html[html.index("Hulp voor de ouder") :]
    # …and the adults' crisis team is no answer to a non-acute situation (it is on the acute page).
    assert "016 34 26 08" not in html
    assert html.count('<h3 class="card-title">Kind en Gezin') == 1  # the first line for a baby, once


def test_home_asks_how_urgent_it_is_first(client, leuven):
    _, html = get(client, "/leuven/")
    choices = html[html.index('class="urgency-choices"') :]
    assert (
        choices.index('href="/leuven/acuut/">Er is acuut gevaar')
        < choices.index('href="/leuven/wegwijzer/actie/?urgentie=ondersteuning">Er is nood aan ondersteuning')
        < choices.index('href="/leuven/wegwijzer/">Ik twijfel nog')
    )


def test_the_support_page_offers_age_themes_and_acknowledgement_as_links_that_keep_the_rest(client, leuven):
    _, html = get(client, "/leuven/wegwijzer/actie/?urgentie=ondersteuning&leeftijd=0-3")
    base = "/leuven/wegwijzer/actie/?urgentie=ondersteuning"
    # Choosing a theme keeps the age; the chosen age is marked and clicking it again clears it.
    assert f'href="{base}&amp;leeftijd=0-3&amp;thema=pesten" data-hx-get="{base}&amp;leeftijd=0-3&amp;thema=pesten"' in html
    assert (
        f'href="{base}" data-hx-get="{base}" data-hx-swap="outerHTML" data-refine aria-current="true">Een baby of peuter' in html
    )
    assert f'href="{base}&amp;leeftijd=3-12"' in html
    assert 'href="/leuven/wegwijzer/actie/?urgentie=ondersteuning&amp;erkenning=nee&amp;leeftijd=0-3"' in html
    assert "Kies dan bij de erkenning ‘Nee’" in html  # acknowledgement not chosen yet: said beside the contacts
    assert '<details class="refine" open>' in html  # no theme yet: the choices stay open
    _, html = get(client, "/leuven/wegwijzer/actie/?urgentie=ondersteuning&leeftijd=0-3&thema=pesten&thema=armoede")
    assert f'href="{base}&amp;leeftijd=0-3&amp;thema=armoede"' in html  # un-choosing pesten keeps armoede
    assert '<details class="refine">' in html  # age and theme chosen: the choices fold away, the contacts come first


def test_action_not_acknowledged_points_to_vk_and_ocj_for_an_anonymous_consult(client, leuven):
    _, html = get(client, "/leuven/wegwijzer/actie/?urgentie=ondersteuning&erkenning=nee&thema=intrafamiliaal-geweld")
    assert "anoniem" in html
    assert "016 30 17 30" in html and "02 243 50 07" in html
    assert "0800 13 500" in html  # the consult desk for the chosen theme


def test_action_without_acknowledgement_shows_where_to_start_and_asks_for_it(client, leuven):
    _, html = get(client, "/leuven/wegwijzer/actie/?urgentie=ondersteuning")
    assert "erkenning=ja" in html and "erkenning=nee" in html
    assert 'href="tel:+3216272772"' in html  # Leuven Helpt, the support tier's first contact


def test_action_no_action_gives_the_seeds_guidance_and_a_way_back(client, leuven):
    _, html = get(client, "/leuven/wegwijzer/actie/?urgentie=geen-actie")
    assert "waakzaam" in html.lower()
    assert 'href="/leuven/wegwijzer/urgentie/"' in html


def test_action_without_urgency_offers_the_tiers(client, leuven):
    _, html = get(client, "/leuven/wegwijzer/actie/")
    assert "urgentie=acuut" in html


def test_register_step_summarises_the_path_without_anything_about_the_family(client, leuven):
    response, html = get(
        client, "/leuven/wegwijzer/registreer/?urgentie=ondersteuning&erkenning=ja&leeftijd=0-3&thema=jonge-kind"
    )
    assert "Stap 5 van 5" in html
    assert "Born in Belgium" in html and "Alivia" in html
    assert "Overzicht van je stappen" in html and "Een baby of peuter" in html and "Nood aan ondersteuning" in html
    assert "02 425 17 70" in html  # the infant-mental-health consult desk was shown, so it is in the summary
    assert "Set-Cookie" not in response.headers


def test_every_step_has_a_back_link_to_the_previous_step(client, leuven):
    _, html = get(client, "/leuven/wegwijzer/urgentie/?thema=pesten")
    assert 'href="/leuven/wegwijzer/bespreek/?thema=pesten"' in html
    _, html = get(client, "/leuven/wegwijzer/bespreek/?thema=pesten")
    assert 'href="/leuven/wegwijzer/?thema=pesten"' in html


def test_htmx_requests_get_only_the_step_and_vary_on_the_header(client, leuven):
    full = client.get("/leuven/wegwijzer/bespreek/")
    partial = client.get("/leuven/wegwijzer/bespreek/", headers={"HX-Request": "true"})
    assert b"<html" in full.content and b"<html" not in partial.content
    assert b'id="flow"' in partial.content and b"Stap 2 van 5" in partial.content
    assert "HX-Request" in partial.headers["Vary"] and "HX-Request" in full.headers["Vary"]


def test_unknown_region_or_step_is_a_404(client, leuven):
    assert client.get("/nergens/").status_code == 404
    assert client.get("/nergens/wegwijzer/").status_code == 404
    assert client.get("/leuven/wegwijzer/onbekend/").status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "urgentie=paniek",
        "leeftijd=99&thema=&thema=%00",
        "urgentie=acuut&urgentie=geen-actie",
        "erkenning=misschien&urgentie=ondersteuning",
        "thema=" + "x" * 5000,
        "leeftijd[]=1",
    ],
)
def test_odd_query_strings_are_ignored_not_errors(client, leuven, query):
    for step in ["", "bespreek/", "urgentie/", "actie/", "registreer/"]:
        assert client.get(f"/leuven/wegwijzer/{step}?{query}").status_code == 200


def test_reverse_names_match_the_public_url_contract():
    assert reverse("acute", args=["leuven"]) == "/leuven/acuut/"
    assert reverse("step", args=["leuven", "actie"]) == "/leuven/wegwijzer/actie/"


def test_a_missing_page_answers_in_dutch_with_the_way_back_and_acute_numbers(client, leuven):
    response, html = get(client, "/nergens/")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in html and 'href="/"' in html and 'href="tel:112"' in html
