"""The contactfiche on paper keeps every way in (a chat service's website, the online-help card's link), and the
bilingual PDF keeps each title with its Dutch line and its text: no blank line, no title alone at a column's end."""

import io
import re
import shutil
import subprocess
from html import unescape

import pytest
from pypdf import PdfReader

from tests.conftest import IN_CI

pytestmark = pytest.mark.django_db

CHAT_SITES = ["https://www.tele-onthaal.be", "https://www.1712.be", "https://www.zelfmoord1813.be", "https://www.druglijn.be",
              "https://www.awel.be", "https://www.opvoedingslijn.be"]  # fmt: skip


def pdf(client, **params) -> bytes:
    response = client.get("/leuven/contactfiche.pdf", params)
    assert response.status_code == 200
    return response.content


def uris(content: bytes) -> set[str]:
    return {
        annot.get_object()["/A"]["/URI"]
        for page in PdfReader(io.BytesIO(content)).pages
        for annot in page.get("/Annots") or []
        if "/URI" in annot.get_object().get("/A", {})
    }


@pytest.mark.parametrize("code", ["nl-be", "ar", "uk"])
def test_the_pdf_prints_the_chat_address_of_every_service_that_offers_chat(client, leuven, code):
    links = uris(pdf(client, taal=code))
    for site in CHAT_SITES:
        assert site in links, site


def test_online_help_for_depression_links_to_its_website_on_screen_and_on_paper(client, leuven):
    html = unescape(client.get("/leuven/contactfiche/", {"taal": "fr"}).content.decode())
    card = html.split("Aide en ligne pour la dépression", 1)[1].split("</article>", 1)[0]
    assert '<a href="https://www.depressiehulp.be" dir="ltr">depressiehulp.be</a>' in card
    assert "https://www.depressiehulp.be" in uris(pdf(client))


def lines(content: bytes) -> list[dict]:
    """The PDF's text lines with page, left edge, top and bottom (pdftotext -bbox-layout)."""
    if not shutil.which("pdftotext"):
        if IN_CI:
            pytest.fail("pdftotext not found (apt-get install poppler-utils)")
        pytest.skip("pdftotext not found (apt-get install poppler-utils)")
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True
    ).stdout.decode()
    result = []
    for number, page in enumerate(out.split("<page ")[1:]):
        for x0, y0, x1, y1, body in re.findall(
            r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', page, re.S
        ):
            text = " ".join(unescape(w) for w in re.findall(r">([^<]*)</word>", body))
            result.append({"page": number, "x0": float(x0), "x1": float(x1), "top": float(y0), "bottom": float(y1), "text": text})
    return result


def neighbours(all_lines: list[dict], line: dict) -> tuple[dict | None, dict | None]:
    """The lines right above and below `line` in its column on its page."""

    # Two columns on an A4 page (595 pt); right-to-left lines are right-aligned, so a line's column is its half.
    def left_half(o: dict) -> bool:
        return (o["x0"] + o["x1"]) / 2 < 297.6

    column = [o for o in all_lines if o["page"] == line["page"] and left_half(o) == left_half(line) and o is not line]
    # By the lines' middles: Arabic glyph boxes are taller than Latin ones and overlap the next line's box.
    above = max((o for o in column if middle(o) < middle(line)), key=middle, default=None)
    below = min((o for o in column if middle(o) > middle(line)), key=middle, default=None)
    return above, below


def middle(line: dict) -> float:
    return (line["top"] + line["bottom"]) / 2


@pytest.mark.parametrize("code", ["ar", "uk", "fa"])
def test_bilingual_pdf_keeps_each_title_with_its_dutch_line_and_its_text(client, leuven, code):
    all_lines = lines(pdf(client, taal=code, tweetalig="1"))
    for dutch in ["Huisartsen en groepspraktijken", "Goedkope maaltijden en sociaal restaurant", "Solidair winkelen (Solikoop)",
                  "Centrum Geestelijke Gezondheidszorg (CGG)", "Online hulp bij depressie"]:  # fmt: skip
        line = next(line for line in all_lines if line["text"] == dutch)
        height = line["bottom"] - line["top"]
        above, below = neighbours(all_lines, line)
        # Right under its translated title: no blank line between, and not at the top of the next column.
        assert above is not None and middle(line) - middle(above) < 1.5 * height, (dutch, above)
        # And followed by the entry's text in the same column.
        assert below is not None and middle(below) - middle(line) < 1.5 * height, (dutch, below)
