"""Honest at the point of need: where a page sends a professional to a role the zone has no
contact for, one line says so and gives a true way to find it; a template zone says on every
page, its PDFs included, that it has no partner map of its own yet."""

import re

import pytest
from django.utils import timezone

from partners.models import ConsultContact, Region, Role, Service
from partners.public.selectors import RegionContent
from tests.public.test_languages import pdf_text

pytestmark = pytest.mark.django_db

NOT_ACKNOWLEDGED = "wegwijzer/actie/?urgentie=ondersteuning&erkenning=nee"
VK_SITE = 'href="https://www.vertrouwenscentrum-kindermishandeling.be"'
SOCIALE_KAART = 'href="https://www.desocialekaart.be"'
TEMPLATE_NOTE = "Nog geen eigen partnerkaart."


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def missing_lines(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", line) for line in re.findall(r'<p class="missing-role">(.*?)</p>', html, re.S)]


@pytest.mark.parametrize("slug", ["brugge", "gent", "herkenrode", "bruzel", "antwerpen-oost"])
def test_a_family_that_does_not_acknowledge_the_concern_gets_a_way_to_the_vk_in_every_template_zone(client, leuven, slug):
    html = page(client, f"/{slug}/{NOT_ACKNOWLEDGED}")
    has_vk = any(role.key == "vk" and role.filled for role in RegionContent(Region.objects.get(slug=slug)).roles)
    assert not has_vk  # no zone outside Vlaams-Brabant has a VK number in the data
    lines = missing_lines(html)
    assert any("Vertrouwenscentrum Kindermishandeling" in line for line in lines), lines
    assert VK_SITE in html and SOCIALE_KAART in html


def test_the_not_acknowledged_page_of_leuven_gives_its_numbers_and_no_missing_line(client, leuven):
    html = page(client, f"/leuven/{NOT_ACKNOWLEDGED}")
    assert 'href="tel:+3216301730"' in html  # VK Leuven
    assert missing_lines(html) == []


def test_the_acute_page_says_which_roles_the_zone_lacks(client, leuven):
    lines = missing_lines(page(client, "/brugge/acuut/"))
    assert len(lines) == 1
    assert "Crisislijn voor minderjarigen" in lines[0] and "Vertrouwenscentrum Kindermishandeling" in lines[0]
    assert missing_lines(page(client, "/leuven/acuut/")) == []
    # The numbers come first: the line stands after the contact cards.
    html = page(client, "/brugge/acuut/")
    assert html.index('href="tel:112"') < html.index('class="missing-role"')


def test_the_zones_contact_address_is_offered_when_it_has_one(client, leuven):
    Region.objects.filter(slug="brugge").update(contact_email="elz@example.org")
    html = page(client, "/brugge/acuut/")
    line = html.split('<p class="missing-role">', 1)[1].split("</p>", 1)[0]
    assert 'href="mailto:elz@example.org"' in line


def test_a_role_is_filled_once_a_service_the_zone_shows_takes_it_on(client, leuven):
    awel = Service.objects.get(key="awel-102")  # a Flemish line, shown in every zone
    awel.roles.add(Role.objects.get(key="crisis-minderjarigen"))
    lines = missing_lines(page(client, "/brugge/acuut/"))
    assert lines and "Crisislijn voor minderjarigen" not in lines[0]


def test_no_heading_of_the_partnerkaart_stands_with_nothing_under_it(client, leuven):
    html = page(client, "/brugge/partnerkaart/")
    sections = re.findall(r'<section class="card-section".*?</section>', html, re.S)
    assert len(sections) == 6
    for section in sections:
        assert 'class="card' in section.split("</h2>", 1)[1] or 'class="missing-role"' in section, section[:200]
    empty = next(s for s in sections if 'id="overleg"' in s)
    assert "ELZ Brugge heeft hier nog geen contact." in re.sub(r"<[^>]+>", "", empty)


def test_an_empty_consult_topic_says_so_instead_of_standing_empty(client, leuven):
    html = page(client, "/brugge/wegwijzer/bespreek/?thema=cultuursensitief")
    topic = html.split("Cultuursensitieve ondersteuning</h3>", 1)[1].split("</section>", 1)[0]
    assert 'class="missing-role"' in topic and SOCIALE_KAART in topic


@pytest.mark.parametrize(
    "path",
    [
        "",
        "acuut/",
        "wegwijzer/",
        "wegwijzer/bespreek/",
        "wegwijzer/urgentie/",
        NOT_ACKNOWLEDGED,
        "wegwijzer/actie/?urgentie=acuut",
        "wegwijzer/registreer/",
        "partnerkaart/",
        "contactfiche/",
    ],
)
def test_every_page_of_a_template_zone_says_it_has_no_map_of_its_own_in_one_line_above_the_content(client, leuven, path):
    html = page(client, f"/brugge/{path}")
    assert TEMPLATE_NOTE in html
    assert html.index(TEMPLATE_NOTE) < html.index('id="inhoud"')  # in the header, one short line
    assert "provincie" not in html.split('id="sjabloon"', 1)[1].split("</p>", 1)[0]  # no promise of provincial help
    assert TEMPLATE_NOTE not in page(client, f"/leuven/{path}")


@pytest.mark.parametrize("card", ["partnerkaart", "contactfiche"])
def test_both_pdfs_of_a_template_zone_say_it_has_no_map_of_its_own(client, leuven, card):
    text = pdf_text(b"".join(client.get(f"/brugge/{card}.pdf")))
    assert "ELZ Brugge heeft nog geen eigen partnerkaart" in text
    assert "nog geen eigen partnerkaart" not in pdf_text(b"".join(client.get(f"/leuven/{card}.pdf")))


def test_the_partnerkaart_pdf_of_a_template_zone_says_what_is_missing(client, leuven):
    text = pdf_text(b"".join(client.get("/brugge/partnerkaart.pdf")))
    assert "ELZ Brugge heeft hier nog geen contact voor: Centrum Algemeen Welzijnswerk (CAW)" in text


def test_limburg_zones_get_the_consult_on_verontrusting_from_seed_003(client, leuven):
    html = page(client, f"/herkenrode/{NOT_ACKNOWLEDGED}")
    assert 'href="tel:+3222435999"' in html
    assert "Bereikbaar: di en do 10u–12u en 14u–16u" in html  # the seed's hours, read into rows
    assert "outreachendconsult.limburg@opgroeien.be" in html
    assert not any("Ondersteuningscentrum Jeugdzorg" in line for line in missing_lines(html))
    # Only in Limburg: the seed says nothing of other provinces.
    assert "02 243 59 99" not in page(client, f"/brugge/{NOT_ACKNOWLEDGED}")


def test_limburg_zones_show_kind_en_gezin_and_team_jonge_kind(client, leuven):
    html = page(client, "/herkenrode/partnerkaart/")
    assert "hasselt@kindengezin.be" in html and "haspengouw@kindengezin.be" in html
    assert "Eerste lijn voor zwangeren" not in " ".join(missing_lines(html))
    action = page(client, "/herkenrode/wegwijzer/actie/?urgentie=ondersteuning&erkenning=ja&leeftijd=0-3&thema=jonge-kind")
    assert 'href="tel:+32490448258"' in action  # team Jonge Kind Limburg


def test_a_card_says_when_it_was_last_verified(client, leuven, committed):
    service = Service.objects.get(key="awel-102")
    assert "Nagekeken op" not in page(client, "/brugge/contactfiche/").split("Awel", 1)[1].split("</article>", 1)[0]
    with committed():
        service.assured_date = timezone.localdate().replace(day=1)
        service.save()
    card = page(client, "/brugge/contactfiche/").split("Awel", 1)[1].split("</article>", 1)[0]
    assert "Nagekeken op 1 " in card


def test_a_consult_contact_an_editor_adds_fills_the_line(client, leuven):
    brugge = Region.objects.get(slug="brugge")
    topic = brugge.consult_topics.get(theme__slug="cultuursensitief")
    ConsultContact.objects.create(topic=topic, service=Service.objects.get(key="awel-102"))
    html = page(client, "/brugge/wegwijzer/bespreek/?thema=cultuursensitief")
    topic_html = html.split("Cultuursensitieve ondersteuning</h3>", 1)[1].split("</section>", 1)[0]
    assert 'class="missing-role"' not in topic_html


def test_an_empty_section_of_the_contactfiche_says_so(client, leuven):
    html = page(client, "/brugge/contactfiche/")
    sections = re.findall(r'<section class="card-section".*?</section>', html, re.S)
    empty = [s for s in sections if "<article" not in s]
    assert empty  # Brugge has no local "Sociaal" contacts yet
    for section in empty:
        assert 'class="missing-role"' in section and SOCIALE_KAART in section
    assert 'class="missing-role"' not in page(client, "/leuven/contactfiche/")


def test_a_support_question_says_first_which_first_line_a_template_zone_lacks(client, leuven):
    # The GP in Antwerpen with a worry about a baby: no consult desk and no first line for 0–3 in the
    # data there. The first heading says so, before the informal network, with a true way to find one.
    path = "wegwijzer/actie/?urgentie=ondersteuning&erkenning=ja&leeftijd=0-3&thema=jonge-kind"
    html = page(client, f"/antwerpen-oost/{path}")
    lines = missing_lines(html)
    assert len(lines) == 1 and "Eerste lijn voor zwangeren en kinderen tot 3 jaar" in lines[0], lines
    assert html.index('id="resultaat"') < html.index('class="missing-role"') < html.index("Betrek het informele netwerk")
    assert SOCIALE_KAART in html
    # Leuven has that first line: a number first, and no such line.
    html = page(client, f"/leuven/{path}")
    assert missing_lines(html) == []
    assert html.index('href="tel:') < html.index("Betrek het informele netwerk")
