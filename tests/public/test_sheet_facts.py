"""Every language of the residents' sheet gives the same facts as the Dutch one: numbers, e-mails and links, card by card
(HTML) and over the whole PDF; and the wordings an outside review found misleading stay gone."""

import io
import re
from html import unescape

import pytest
from django.conf import settings
from pypdf import PdfReader

from tests.public.test_languages import pdf_text

pytestmark = pytest.mark.django_db

OTHER_LANGUAGES = [code for code, _name in settings.SHEET_LANGUAGES if code != "nl-be"]
DIGITS = re.compile(r"[0-9]+")
OTHER_DIGITS = re.compile(r"[\u0660-\u0669\u06f0-\u06f9]")  # Arabic-Indic and Persian digits: never on the sheet
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
DUTCH_ONLY = re.compile(r'<span class="nl-text"[^>]*>.*?</span>', re.S)


def cards(html: str) -> list[dict]:
    """Per card of the sheet: its links (href and link text), the numbers and e-mail addresses in its text."""
    main = html.split('<main id="inhoud"', 1)[1].split("</main>", 1)[0]
    result = []
    for card in main.split("<article")[1:]:
        card = DUTCH_ONLY.sub("", card.split("</article>", 1)[0])
        # The ways to reach a service; the Dutch page's "Klopt er iets niet?" link is for the professional only.
        found = re.findall(r'href="((?:tel:|mailto:|https?:)[^"]+)"[^>]*>(.*?)</a>', card)
        links = [(href, unescape(re.sub(r"<[^>]+>", "", text)).strip()) for href, text in found]
        text = unescape(re.sub(r"<[^>]+>", " ", card.split(">", 1)[1]))
        text = text.replace("\u2066", "").replace("\u2069", "")
        result.append({"links": links, "numbers": set(DIGITS.findall(text)), "emails": set(EMAIL.findall(text)), "text": text})
    return result


def sheet(client, **params) -> str:
    response = client.get("/leuven/contactfiche/", params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("bilingual", [False, True])
@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_each_card_has_the_same_numbers_emails_and_links_as_in_dutch(client, leuven, code, bilingual):
    dutch = cards(sheet(client))
    translated = cards(sheet(client, taal=code, **({"tweetalig": "1"} if bilingual else {})))
    assert len(dutch) > 50 and len(translated) == len(dutch)
    assert sum(len(card["links"]) for card in dutch) > 60
    for nl, other in zip(dutch, translated, strict=True):
        assert other["links"] == nl["links"], other["text"][:80]
        assert other["numbers"] == nl["numbers"], other["text"][:160]
        assert other["emails"] == nl["emails"]
        assert not OTHER_DIGITS.search(other["text"])


def pdf_facts(client, footer_email: str, **params) -> tuple[list[str], set[str], set[str]]:
    response = client.get("/leuven/contactfiche.pdf", params)
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    uris = [
        annot.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annot in page.get("/Annots") or []
        if "/URI" in annot.get_object().get("/A", {})
    ]
    # The "newest version" link carries ?taal=: the one link that is meant to differ.
    # The running footer (its e-mail repeats on every page) is left out.
    uris = [uri for uri in uris if not uri.startswith(settings.SITE_URL) and uri != f"mailto:{footer_email}"]
    text = pdf_text(response.content)
    return uris, set(DIGITS.findall(text)), set(EMAIL.findall(text))


@pytest.mark.slow  # eleven PDFs rendered and read: make test and CI run them
@pytest.mark.parametrize(
    "params", [{"taal": code} for code in OTHER_LANGUAGES] + [{"taal": "ar", "tweetalig": "1"}, {"taal": "uk", "tweetalig": "1"}]
)
def test_each_pdf_has_the_same_links_numbers_and_emails_as_the_dutch_pdf(client, leuven, params):
    dutch_uris, dutch_numbers, dutch_emails = pdf_facts(client, leuven.contact_email)
    uris, numbers, emails = pdf_facts(client, leuven.contact_email, **params)
    assert len(dutch_uris) > 40
    assert uris == dutch_uris
    assert numbers == dutch_numbers
    assert emails == dutch_emails
    assert {"1733", "112", "0800", "106", "1813"} <= numbers


# What the outside review (docs: ../shared/reviews/languages-2026-12.md §1) found misleading, per language.
MISLEADING = {
    "fa": ["بی‌نام", "مرکز پذیرش", "رفاه"],
    "ar": ["شكاوى", "مركز الاستقبال", "ودردشة", "بـ:"],
    "tr": ["kabul merkezi", "refah", "danışmanlık ve sohbet"],
    "pl": ["wezwać lekarza", "dobrostan"],
    "ru": ["вызвать дежурного", "забот", "инвалидност", "Помогает также на:", "Контактный лист"],
    "uk": ["викликати чергового", "добробут", "турбот", "підозрою", "Допомагає також:"],
    "fr": ["plaintes", "Décembre", "Turc", "handicap possible"],
    "en": ["complaints", "a chat for", "In danger, always"],
    "ro": ["Însoțire", "Decembrie", "Turcă", "probleme la început"],
}


@pytest.mark.parametrize("code", sorted(MISLEADING))
def test_the_wordings_the_review_found_misleading_are_gone_from_page_and_pdf(client, leuven, code):
    html = unescape(sheet(client, taal=code))
    text = pdf_text(client.get("/leuven/contactfiche.pdf", {"taal": code}).content)
    for wording in MISLEADING[code]:
        assert wording not in html, wording
        assert wording not in text, wording
