"""A translated contactfiche is the residents' page: danger means 112 in their language, no way into the
professionals' Dutch tool, and every way back to the sheet keeps its language."""

import re
from html import unescape

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

OTHER_LANGUAGES = [code for code, _name in settings.SHEET_LANGUAGES if code != "nl-be"]
DANGER = {
    "fr": "Danger ? Appelez le 112",
    "uk": "Небезпека? Телефонуйте 112",
    "ar": "في خطر؟ اتصل بالرقم 112",
    "fa": "در خطر هستید؟ با 112 تماس بگیرید",
}


def page(client, **params) -> str:
    response = client.get("/leuven/contactfiche/", params)
    assert response.status_code == 200
    return unescape(response.content.decode())


def hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_a_translated_sheet_offers_112_and_no_link_into_the_professionals_tool(client, leuven, code):
    html = page(client, taal=code)
    header = html.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]
    assert re.search(r'<a class="acute-link" href="tel:112">[^<]*112[^<]*</a>', header)
    assert 'id="gevaar"' in html and '<a class="acute-call" href="tel:112">' in html
    for href in hrefs(html):
        assert not href.startswith(("/leuven/acuut", "/leuven/wegwijzer", "/#acuut")), href
    assert "/leuven/acuut/" not in html


@pytest.mark.parametrize("code", sorted(DANGER))
def test_the_112_label_is_in_the_readers_language(client, leuven, code):
    html = page(client, taal=code)
    assert f'<a class="acute-link" href="tel:112">{DANGER[code]}</a>' in html


@pytest.mark.parametrize("params", [{"taal": "ar"}, {"taal": "uk", "tweetalig": "1"}, {"taal": "fr", "gratis": "1"}])
def test_every_link_back_to_the_sheet_keeps_its_language(client, leuven, params):
    html = page(client, **params)
    switcher = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
    rest = html.replace(switcher, "")
    sheet_links = [h for h in hrefs(rest) if h.startswith("/leuven/contactfiche")]
    assert len(sheet_links) >= 4  # the brand, the menu, the PDF, the bilingual switch
    for href in sheet_links:
        assert f"taal={params['taal']}" in href, href
    brand = re.search(r'<a class="brand" href="([^"]+)"', html).group(1)
    assert brand.startswith("/leuven/contactfiche/?") and f"taal={params['taal']}" in brand


def test_the_dutch_sheet_keeps_the_professionals_header(client, leuven):
    html = page(client)
    assert '<a class="acute-link" href="/leuven/acuut/">Acuut gevaar?</a>' in html
    assert 'href="/leuven/wegwijzer/"' in html
    assert 'id="gevaar"' not in html


def test_the_dutch_links_in_the_footer_of_a_translated_sheet_say_they_are_dutch(client, leuven):
    html = page(client, taal="ar")
    footer = html.split('<footer class="site-footer">', 1)[1]
    assert '<p lang="nl-BE" dir="ltr"><a href="/over/" hreflang="nl-BE">Over deze wegwijzer</a>' in footer


def test_the_sheet_speaks_of_leuven_and_surroundings_not_of_an_elz(client, leuven):
    assert "Voor inwoners van Leuven en omgeving." in page(client)
    assert "Pour les habitants de Leuven et environs." in page(client, taal="fr")
    lead = re.search(r'<p class="lead">(.*?)</p>', page(client, taal="uk"), re.S).group(1)
    assert "ELZ" not in lead and "Leuven та околиць" in lead


@pytest.mark.parametrize(
    "code,place", [("fr", "Leuven et environs"), ("uk", "Leuven та околиць"), ("ar", "والمناطق المحيطة بها")]
)
def test_the_translated_sheets_header_and_title_name_the_place_not_the_elz(client, leuven, code, place):
    html = page(client, taal=code)
    brand = re.search(r'<span class="brand-region">(.*?)</span>', html, re.S).group(1)
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "ELZ" not in brand and place in brand
    assert "ELZ" not in title and place in title
    # the Dutch page is the professionals' site: it keeps the zone's name
    assert '<span class="brand-region">ELZ Leuven</span>' in page(client)


@pytest.mark.parametrize("code,place", [("nl-be", "Leuven en omgeving"), ("fr", "Leuven et environs")])
def test_the_pdf_margin_names_the_place_not_the_elz(client, leuven, code, place):
    import io

    from pypdf import PdfReader

    response = client.get("/leuven/contactfiche.pdf", {"taal": code})
    reader = PdfReader(io.BytesIO(response.content))
    for sheet in reader.pages:
        text = sheet.extract_text()
        assert place in text and "ELZ Leuven ·" not in text


@pytest.mark.parametrize(
    "code,reassurance",
    [
        ("fr", "Les numéros de téléphone, les adresses e-mail et les sites web sont les mêmes que sur la fiche en néerlandais."),
        ("ar", "أرقام الهاتف وعناوين البريد الإلكتروني والمواقع الإلكترونية هي نفسها الموجودة في البطاقة الهولندية."),
    ],
)
def test_the_not_yet_checked_note_says_the_numbers_are_the_same_as_in_dutch(client, leuven, code, reassurance):
    note = re.search(r'<p class="translation-note checked-note">(.*?)</p>', page(client, taal=code), re.S).group(1)
    assert reassurance in note
