"""The contactfiche in the residents' languages: ?taal=, &tweetalig=1, RTL, fallback to Dutch, the page cache."""

import io
import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from pypdf import PdfReader

from partners import versions
from partners.content.loader import ContentError, load_files
from partners.models import Entry, Phone, Section, Service
from tests.conftest import IN_CI

pytestmark = pytest.mark.django_db

TRANSLATIONS = Path(settings.BASE_DIR) / "fixtures" / "translations"
OTHER_LANGUAGES = [code for code, _name in settings.SHEET_LANGUAGES if code != "nl-be"]
# What the sheet's heading says in each language (the catalogues must deliver this).
HEADINGS = {
    "nl-be": "Hulplijnen en contactpunten",
    "fr": "Lignes d'aide et points de contact",
    "en": "Helplines and contact points",
    "ar": "خطوط المساعدة ونقاط الاتصال",
    "fa": "خطوط کمک و مراکز تماس",
    "tr": "Yardım hatları ve iletişim noktaları",
    "pl": "Telefony zaufania i punkty kontaktowe",
    "ro": "Linii de ajutor și puncte de contact",
    "ru": "Телефоны помощи и контактные пункты",
    "uk": "Гарячі лінії та контактні пункти",
}
FREE = {"nl-be": "gratis", "fr": "gratuit", "en": "free", "ar": "مجاني", "fa": "رایگان", "tr": "ücretsiz", "pl": "bezpłatnie",
        "ro": "gratuit", "ru": "бесплатно", "uk": "безкоштовно"}  # fmt: skip


def sheet(client, **params):
    response = client.get("/leuven/contactfiche/", params)
    assert response.status_code == 200
    return response, response.content.decode()


def translation_file(code: str) -> dict:
    return yaml.safe_load((TRANSLATIONS / f"{code}.yaml").read_text(encoding="utf-8"))


def tel_links(html: str) -> list[str]:
    """The phone links of the sheet's cards (a translated sheet also offers 112 in its header and danger box)."""
    cards = html.split('<section class="card-section"', 1)[1]
    return re.findall(r'href="(tel:[^"]+)"', cards)


@pytest.mark.parametrize("code", ["nl-be", *OTHER_LANGUAGES])
def test_the_sheet_is_in_the_language_asked_for_with_its_lang_and_dir(client, leuven, code):
    response, html = sheet(client, taal=code)
    lang = "nl-BE" if code == "nl-be" else code
    direction = "rtl" if code in {"ar", "fa"} else "ltr"
    assert f'<html lang="{lang}" dir="{direction}">' in html
    assert response["Content-Language"] == lang
    assert re.search(r"<h1>\s*" + re.escape(HEADINGS[code]) + r"\s*</h1>", html.replace("&#x27;", "'"))
    assert f"<li>{FREE[code]}</li>" in html
    if code != "nl-be":
        for slug, section in translation_file(code)["sections"]["leuven"].items():
            assert section["title"] in html.replace("&#x27;", "'"), slug


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_phone_numbers_stay_as_they_are_and_remain_tel_links(client, leuven, code):
    _response, dutch = sheet(client)
    _response, translated = sheet(client, taal=code)
    assert tel_links(translated) == tel_links(dutch)
    assert len(tel_links(dutch)) > 20
    assert '<a class="tel" href="tel:1733" dir="ltr">1733</a>' in translated


def test_an_unknown_language_shows_the_dutch_sheet_without_error(client, leuven):
    for asked in ["xx", "NL", "ar-ZZ", "<script>", "", "fr" * 60]:
        _response, html = sheet(client, taal=asked)
        assert '<html lang="nl-BE" dir="ltr">' in html, asked
        assert "<h1>Hulplijnen en contactpunten</h1>" in html
    assert client.get("/leuven/contactfiche.pdf", {"taal": "xx"})["Content-Language"] == "nl-BE"


def test_a_missing_translation_shows_the_dutch_text_and_says_so(client, leuven):
    entry = Entry.objects.get(section__region=leuven, section__slug="gezondheid-welzijn", service__key="antigifcentrum")
    Entry.objects.filter(pk=entry.pk).update(description_fr="")
    _response, html = sheet(client, taal="fr")
    assert (
        '<span lang="nl-BE" dir="ltr">Bel bij een mogelijke vergiftiging.</span> <span class="untranslated">(pas encore traduit)</span>'
        in html
    )
    assert "Ce qui n'est pas encore traduit est en néerlandais." in unescape(html)
    # The other lines stay French.
    assert "Appelez le 1733 pour un médecin de garde." in html


def test_the_sheet_says_its_translation_is_not_yet_checked_until_a_fluent_reader_did(client, leuven, committed):
    note = "Cette traduction n'a pas encore été vérifiée par une personne qui lit bien le français."
    _response, html = sheet(client, taal="fr")
    assert note in unescape(html)
    for model in (Section, Entry, Service, Phone):
        model.objects.update(translation_checked_fr=True)
    versions.bump()  # update() sends no signals
    # Every line ticked is not yet the whole language: the interface texts, and a sign-off with a name.
    _response, html = sheet(client, taal="fr")
    assert note in unescape(html)
    from datetime import date

    from partners.lib.catalogue import fingerprint, interface_texts
    from partners.models import LanguageSignOff

    with committed():
        LanguageSignOff.objects.create(
            region=leuven,
            language="fr",
            reader="Claire",
            signed_on=date(2026, 12, 6),
            interface_fingerprint=fingerprint("fr"),
            checked_strings=[text.key for text in interface_texts("fr")],
        )
    _response, html = sheet(client, taal="fr")
    assert note not in unescape(html)
    assert "Cette traduction a été vérifiée par Claire le 6 décembre 2026." in unescape(html)
    _response, html = sheet(client, taal="ar")
    assert "لم يراجع هذه الترجمة بعدُ شخص يقرأ العربية بطلاقة." in html


def test_tweetalig_shows_the_dutch_text_beside_each_translation(client, leuven):
    _response, html = sheet(client, taal="ar", tweetalig="1")
    arabic = translation_file("ar")["sections"]["leuven"]["gezondheid-welzijn"]
    assert arabic["title"] in html
    assert '<span class="nl-text" lang="nl-BE" dir="ltr">Gezondheid en welzijn</span>' in html
    assert arabic["texts"]["Bel 1733 voor een dokter van wacht."] in html
    assert '<span class="nl-text" lang="nl-BE" dir="ltr">Bel 1733 voor een dokter van wacht.</span>' in html
    _response, single = sheet(client, taal="ar")
    assert 'class="nl-text"' not in single


def test_the_language_switcher_lists_each_language_in_its_own_name_and_keeps_the_filters(client, leuven):
    _response, html = sheet(client, taal="uk", gratis="1")
    for code, name in settings.SHEET_LANGUAGES:
        assert f">{name}</a>" in html, code
    assert 'href="/leuven/contactfiche/?gratis=1&amp;taal=ar" lang="ar" dir="rtl">العربية</a>' in html
    assert 'href="/leuven/contactfiche/?gratis=1&amp;taal=uk" lang="uk" dir="ltr" aria-current="page">Українська</a>' in html


def test_the_page_cache_keeps_languages_apart(client, leuven):
    _r, dutch = sheet(client)
    _r, french = sheet(client, taal="fr")
    _r, french_bilingual = sheet(client, taal="fr", tweetalig="1")
    _r, dutch_again = sheet(client)
    _r, french_again = sheet(client, taal="fr")
    assert HEADINGS["fr"] not in dutch.replace("&#x27;", "'")
    assert HEADINGS["fr"] in french.replace("&#x27;", "'")
    assert 'class="nl-text"' in french_bilingual and 'class="nl-text"' not in french
    assert dutch_again == dutch and french_again == french


def test_the_rest_of_the_site_stays_dutch_whatever_the_browser_asks(client, leuven):
    html = client.get("/leuven/partnerkaart/", HTTP_ACCEPT_LANGUAGE="fr,ar;q=0.8").content.decode()
    assert '<html lang="nl-BE" dir="ltr">' in html
    html = client.get("/leuven/contactfiche/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "<h1>Hulplijnen en contactpunten</h1>" in html


# -- the PDF -------------------------------------------------------------------------------


def pdf(client, **params):
    response = client.get("/leuven/contactfiche.pdf", params)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return response.content


BIDI_CONTROLS = dict.fromkeys([0x200C, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def pdf_text(content: bytes) -> str:
    """The text as pdftotext (poppler) gives it back: what a reader copying from the PDF gets."""
    if not shutil.which("pdftotext"):
        if IN_CI:
            pytest.fail("pdftotext not found (apt-get install poppler-utils)")
        pytest.skip("pdftotext not found (apt-get install poppler-utils)")
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True)
    return " ".join(result.stdout.decode().translate(BIDI_CONTROLS).split())


def as_extracted(arabic: str) -> str:
    """Arabic as pdftotext writes it: the lam-alef ligatures (لا لأ لإ لآ لى) come back as alef then lam,
    without the zero-width non-joiner of Farsi, and a sentence's final full stop moves (bidi)."""
    for alef in "اأإآى":
        arabic = arabic.replace("ل" + alef, alef + "ل")
    return arabic.replace("\u200c", "").rstrip(".")


def fonts(content: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(content)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return names


PDF_SECTIONS = {"nl-be": {"praktisch-financieel": {"title": "Praktisch en financieel"}, "sociaal": {"title": "Sociaal"}}}


@pytest.mark.parametrize("code", ["nl-be", *OTHER_LANGUAGES])
def test_each_language_pdf_has_its_language_headings_and_phone_links(client, leuven, code):
    content = pdf(client, taal=code)
    reader = PdfReader(io.BytesIO(content))
    assert reader.trailer["/Root"]["/Lang"] == ("nl-BE" if code == "nl-be" else code)
    assert len(reader.pages) <= 2  # one sheet of paper, printed on both sides, in every language
    uris = {annot.get_object()["/A"]["/URI"] for page in reader.pages for annot in page.get("/Annots") or []
            if "/URI" in annot.get_object().get("/A", {})}  # fmt: skip
    assert {"tel:1733", "tel:112", "tel:+3270245245"} <= uris
    text = pdf_text(content)
    sections = PDF_SECTIONS.get(code) or translation_file(code)["sections"]["leuven"]
    for slug in ("praktisch-financieel", "sociaal"):
        assert as_extracted(sections[slug]["title"]) in text, slug
    assert "1733" in text and "070 24 52 45" in text
    assert FREE[code] in text


@pytest.mark.parametrize("code", ["ar", "fa"])
def test_the_arabic_script_pdfs_embed_an_arabic_font_and_give_their_text_back(client, leuven, code):
    content = pdf(client, taal=code)
    assert "Noto-Sans-Arabic" in fonts(content)
    text = pdf_text(content)
    sections = translation_file(code)["sections"]["leuven"]
    for section in sections.values():
        assert as_extracted(section["title"]) in text
    assert as_extracted(sections["gezondheid-welzijn"]["texts"]["Zoek een huisarts via deze websites."]) in text
    assert "\ufffd" not in text and "???" not in text


def test_the_bilingual_pdf_holds_both_texts(client, leuven):
    text = pdf_text(pdf(client, taal="ar", tweetalig="1"))
    arabic = translation_file("ar")["sections"]["leuven"]
    assert as_extracted(arabic["gezondheid-welzijn"]["title"]) in text and "Gezondheid en welzijn" in text
    assert "Bel 1733 voor een dokter van wacht." in text
    assert as_extracted(arabic["sociaal"]["title"]) in text and "Sociaal" in text


@pytest.mark.slow  # renders PDFs in several languages, ~3 s
def test_pdfs_of_different_languages_are_cached_apart(client, leuven):
    first = client.get("/leuven/contactfiche.pdf", {"taal": "uk"})
    dutch = client.get("/leuven/contactfiche.pdf")
    again = client.get("/leuven/contactfiche.pdf", {"taal": "uk"})
    assert again["X-PDF-Cache"] == "hit" and again.content == first.content
    assert dutch.content != first.content
    assert client.get("/leuven/contactfiche.pdf", {"taal": "uk", "tweetalig": "1"})["X-PDF-Cache"] == "miss"


# -- the translation files -------------------------------------------------------------------


def test_a_corrected_dutch_text_is_never_shown_with_the_old_translation(client, leuven, tmp_path):
    entry = Entry.objects.get(section__region=leuven, section__slug="gezondheid-welzijn", service__key="antigifcentrum")
    entry.description = "Bel als iemand iets giftigs heeft ingeslikt."
    entry.description_fr = ""
    entry.save()
    report = load_files([TRANSLATIONS / "fr.yaml"])
    assert report.counts["translations not matched"] == 1
    _response, html = sheet(client, taal="fr")
    assert '<span lang="nl-BE" dir="ltr">Bel als iemand iets giftigs heeft ingeslikt.</span>' in html


def test_a_translation_file_in_an_unknown_language_changes_nothing(leuven, tmp_path):
    path = tmp_path / "xx.yaml"
    path.write_text("language: xx\nsections: {}\n", encoding="utf-8")
    with pytest.raises(ContentError, match="onbekende taal"):
        load_files([path])


# -- right to left in the PDF --------------------------------------------------------------


def pdf_words(content: bytes) -> list[dict]:
    """Every word of page 1 with its box, as poppler places it (visual order on the page)."""
    if not shutil.which("pdftotext"):
        if IN_CI:
            pytest.fail("pdftotext not found (apt-get install poppler-utils)")
        pytest.skip("pdftotext not found (apt-get install poppler-utils)")
    result = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True
    )
    words = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', result.stdout.decode()
    )
    return [
        {"x": float(x0), "y": float(y1), "bottom": float(y2), "text": unescape(t)}
        for x0, y0, x1, y1, y2, t in [(w[0], w[1], w[2], w[1], w[3], w[4]) for w in words]
    ]


def in_order_on_one_line(words: list[dict], *sequence: str) -> bool:
    """Some line holds the words of `sequence` from left to right, next to each other."""
    for word in words:
        if word["text"] != sequence[0]:
            continue
        same_line = sorted((w for w in words if abs(w["bottom"] - word["bottom"]) < 4), key=lambda w: w["x"])
        texts = [w["text"] for w in same_line]
        start = texts.index(sequence[0])
        if texts[start : start + len(sequence)] == list(sequence):
            return True
    return False


@pytest.mark.parametrize("code", ["ar", "fa"])
def test_dutch_names_in_the_arabic_script_pdfs_keep_their_order(client, leuven, code):
    content = pdf(client, taal=code)
    words = pdf_words(content)
    texts = [w["text"] for w in words]
    assert in_order_on_one_line(words, "Riddersstraat", "57,", "Leuven.")  # not ".Riddersstraat 57, Leuven"
    assert in_order_on_one_line(words, "Hal", "5,", "Locomotievenstraat,", "Kessel-Lo.")
    assert in_order_on_one_line(words, "1712", "–", "hulplijn", "geweld")  # not "hulplijn geweld – 1712"
    assert in_order_on_one_line(words, "’t", "Lampeke")
    # A hyphen at a line break stays with its word: no "-Sint", no "-Mannenstraat". (An Arabic sentence's
    # own full stop does sit left of a Dutch name that ends it: ".Leuven Helpt" is right to left.)
    assert not [t for t in texts if re.match(r"^-[A-Za-z]", t)]
    assert ".Riddersstraat" not in texts and ".Hal" not in texts
    # The header is mirrored: the sheet's title top right, its date top left.
    top = [w for w in words if w["y"] < 40]
    width = float(PdfReader(io.BytesIO(content)).pages[0].mediabox.width)
    assert [w for w in top if w["text"] == "Leuven" and w["x"] > width / 2]
    assert [w for w in top if w["text"] == "2026" and w["x"] < width / 2] or [
        w for w in top if "2026" in w["text"] and w["x"] < width / 2
    ]


# -- the web font ------------------------------------------------------------------------------


def test_the_arabic_script_web_font_subset_covers_every_letter_the_sheets_use():
    from fontTools.ttLib import TTFont

    used = set()
    for code in ("ar", "fa"):
        used |= set((TRANSLATIONS / f"{code}.yaml").read_text(encoding="utf-8"))
        used |= set((Path(settings.BASE_DIR) / "locale" / code / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8"))
    arabic = {ord(c) for c in used if 0x0600 <= ord(c) <= 0x06FF}
    assert len(arabic) > 40
    for weight in ("Regular", "Bold"):
        font = TTFont(Path(settings.BASE_DIR) / "static" / "fonts" / f"NotoSansArabic-{weight}-subset.woff2")
        assert arabic - set(font.getBestCmap()) == set(), weight
