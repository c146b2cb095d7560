"""The partnerkaart and contactfiche PDFs: complete, the right size, clickable, cached per version."""

import io
import re
import shutil
import subprocess
from unittest import mock

import pytest
from pypdf import PdfReader

from partners.models import Card, Entry, Phone, RenderedPdf, Service
from partners.public import pdf as pdf_module
from tests.conftest import IN_CI

pytestmark = pytest.mark.django_db

A4 = (595.28, 841.89)


def download(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return response


def read(response) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    return reader, " ".join(text.split())


def links(reader) -> set[str]:
    uris = set()
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action and "/URI" in action:
                uris.add(action["/URI"])
    return uris


def card_services(leuven, card):
    entries = Entry.objects.filter(section__region=leuven, section__card=card).select_related("service")
    return {e.service for e in entries if e.service_id}


def test_partnerkaart_pdf_is_a4_landscape_within_four_pages_with_every_partner(client, leuven):
    reader, text = read(download(client, "/leuven/partnerkaart.pdf"))
    assert 1 <= len(reader.pages) <= 4
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (round(A4[1]), round(A4[0]))
    for service in card_services(leuven, Card.PARTNERKAART):
        for phone in service.phones.all():
            assert phone.display in text, (service.name, phone.display)
    for entry in Entry.objects.filter(section__region=leuven, section__card=Card.PARTNERKAART):
        assert " ".join(entry.display_title.split()) in text, entry.display_title
    assert "ELZ Leuven" in text and "versie van" in text and "pagina 1 van" in text
    assert "info@elzleuven.be" in text and "niet volledig" in text


def test_contactfiche_pdf_is_a4_portrait_within_two_pages_with_lines_to_write_on(client, leuven):
    reader, text = read(download(client, "/leuven/contactfiche.pdf"))
    assert 1 <= len(reader.pages) <= 2
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (round(A4[0]), round(A4[1]))
    for service in card_services(leuven, Card.CONTACTFICHE):
        for phone in service.phones.all():
            assert phone.display in text, (service.name, phone.display)
    assert "Mijn eigen contacten" in text


def test_phones_and_emails_in_the_pdf_are_clickable(client, leuven, settings):
    settings.SITE_URL = "https://wegwijzer.example.be"
    reader, _ = read(download(client, "/leuven/partnerkaart.pdf"))
    uris = links(reader)
    assert "tel:+3216272490" in uris and "mailto:onthaal@cawoostbrabant.be" in uris
    assert "https://wegwijzer.example.be/leuven/partnerkaart/" in uris


def test_pdf_text_is_selectable_in_the_shipped_font(client, leuven):
    reader, text = read(download(client, "/leuven/contactfiche.pdf"))
    fonts = {str(f) for page in reader.pages for f in page["/Resources"]["/Font"].values() for f in [f.get_object()["/BaseFont"]]}
    assert any("Open-Sans" in f for f in fonts), fonts
    assert "Tele-Onthaal" in text


@pytest.fixture
def pdftoppm():
    path = shutil.which("pdftoppm")
    if not path:
        message = "pdftoppm not found (apt-get install poppler-utils)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return path


def qr_codes(pdf: bytes, pdftoppm: str, tmp_path) -> list[str]:
    import zxingcpp
    from PIL import Image

    source = tmp_path / "kaart.pdf"
    source.write_bytes(pdf)
    subprocess.run([pdftoppm, "-png", "-r", "150", "-f", "1", "-l", "1", str(source), str(tmp_path / "p")], check=True)
    image = Image.open(next(tmp_path.glob("p*.png")))
    return [c.text for c in zxingcpp.read_barcodes(image) if c.format == zxingcpp.BarcodeFormat.QRCode]


def test_the_qr_code_leads_to_the_online_page_with_the_same_filters(client, leuven, pdftoppm, tmp_path, settings):
    settings.SITE_URL = "https://wegwijzer.example.be"
    response = download(client, "/leuven/partnerkaart.pdf", thema="verslaving")
    expected = "https://wegwijzer.example.be/leuven/partnerkaart/?thema=verslaving"
    assert qr_codes(response.content, pdftoppm, tmp_path) == [expected]


def test_filters_apply_to_the_pdf_too(client, leuven):
    _, text = read(download(client, "/leuven/partnerkaart.pdf", thema="verslaving"))
    assert "MSOC Het Veerhuis" in text and "TEJO" not in text


def test_a_second_download_is_served_from_the_cache(client, leuven):
    first = download(client, "/leuven/partnerkaart.pdf")
    with mock.patch.object(pdf_module, "render_pdf", side_effect=AssertionError("rendered again")):
        second = download(client, "/leuven/partnerkaart.pdf")
    assert first["X-PDF-Cache"] == "miss" and second["X-PDF-Cache"] == "hit"
    assert second.content == first.content
    assert RenderedPdf.objects.filter(region=leuven, card=Card.PARTNERKAART).count() == 1


def test_an_edit_makes_the_next_download_fresh(client, leuven, committed):
    download(client, "/leuven/partnerkaart.pdf")
    phone = Phone.objects.get(service__key="tejo")
    with committed():
        phone.number = "0472 60 26 99"
        phone.save()
    response = download(client, "/leuven/partnerkaart.pdf")
    assert response["X-PDF-Cache"] == "miss"
    _, text = read(response)
    assert "0472 60 26 99" in text and "0472 60 26 03" not in text


def test_an_edit_of_a_shared_helpline_refreshes_the_contactfiche(client, leuven, committed):
    download(client, "/leuven/contactfiche.pdf")
    service = Service.objects.get(key="druglijn")
    with committed():
        service.name = "De DrugLijn"
        service.save()
    response = download(client, "/leuven/contactfiche.pdf")
    assert response["X-PDF-Cache"] == "miss" and "De DrugLijn" in read(response)[1]


def test_one_address_gets_only_a_few_new_pdfs_an_hour_and_stored_ones_always(client, leuven, settings):
    """Every filter combination is a new PDF and half a second of CPU: curl with a million variants
    must not keep the server busy. Stored PDFs cost nothing and stay served to everyone."""
    settings.WEGWIJZER_NEW_PDFS_PER_HOUR = 2

    def get(theme, address="198.51.100.7"):
        return client.get("/leuven/partnerkaart.pdf", {"thema": theme}, REMOTE_ADDR=address)

    first = get("verslaving")
    assert first.status_code == 200 and get("armoede").status_code == 200
    with mock.patch.object(pdf_module, "render_pdf", side_effect=AssertionError("rendered past the budget")):
        refused = get("jonge-kind")
        assert refused.status_code == 429 and refused["Retry-After"] == "3600"
        assert "no-store" in refused["Cache-Control"]
        page = refused.content.decode()
        assert "Probeer het over een uur opnieuw" in page
        assert 'href="/leuven/partnerkaart/?thema=jonge-kind"' in page and 'href="tel:112"' in page
        # The stored one is still there for the same address.
        again = get("verslaving")
        assert again["X-PDF-Cache"] == "hit" and again.content == first.content
    assert RenderedPdf.objects.filter(region=leuven).count() == 2
    # Another address has its own budget.
    other = get("jonge-kind", address="198.51.100.8")
    assert other.status_code == 200 and other["X-PDF-Cache"] == "miss"


def test_odd_filters_give_a_pdf_and_an_unknown_region_a_404(client, leuven):
    assert download(client, "/leuven/partnerkaart.pdf", leeftijd="oud", thema="%00", gratis="x")
    assert client.get("/nergens/partnerkaart.pdf").status_code == 404
    assert client.get("/nergens/contactfiche.pdf").status_code == 404


def test_version_date_in_the_header_follows_the_last_change(client, leuven):
    _, text = read(download(client, "/leuven/partnerkaart.pdf"))
    assert re.search(r"versie van \d{1,2} \w+ 20\d\d", text)


def test_past_the_installs_render_cap_every_address_is_asked_to_wait_a_moment(client, leuven, settings):
    """Renders at once are capped across the install (all addresses and workers together), so PDFs
    can never occupy every worker; a stored PDF is still served, and the cap frees up again."""
    from partners.lib.budgets import PDF_RENDERS

    settings.WEGWIJZER_PDF_RENDERS_AT_ONCE = 1
    stored = download(client, "/leuven/partnerkaart.pdf", thema="verslaving")
    elsewhere = PDF_RENDERS.take()  # another worker, perhaps on another instance, is rendering
    assert elsewhere is not None and PDF_RENDERS.take() is None
    with mock.patch.object(pdf_module, "render_pdf", side_effect=AssertionError("rendered past the cap")):
        for address in ["198.51.100.1", "198.51.100.2", "203.0.113.3"]:
            busy = client.get("/leuven/partnerkaart.pdf", {"thema": "armoede"}, REMOTE_ADDR=address)
            assert busy.status_code == 503 and busy["Retry-After"] == "10" and "no-store" in busy["Cache-Control"]
            page = busy.content.decode()
            assert "Probeer het over enkele seconden opnieuw" in page and 'href="/leuven/partnerkaart/?thema=armoede"' in page
        again = client.get("/leuven/partnerkaart.pdf", {"thema": "verslaving"})
        assert again["X-PDF-Cache"] == "hit" and again.content == stored.content
    PDF_RENDERS.give_back(elsewhere)
    assert download(client, "/leuven/partnerkaart.pdf", thema="armoede")["X-PDF-Cache"] == "miss"
    assert PDF_RENDERS.take() is not None  # the render gave its slot back


def test_a_busy_moment_does_not_spend_the_visitors_hourly_budget(client, leuven, settings):
    from partners.lib.budgets import NEW_PDFS, PDF_RENDERS

    settings.WEGWIJZER_PDF_RENDERS_AT_ONCE = 1
    slot = PDF_RENDERS.take()
    request = client.get("/leuven/partnerkaart.pdf", {"thema": "pesten"}, REMOTE_ADDR="198.51.100.9").wsgi_request
    PDF_RENDERS.give_back(slot)
    from django.core.cache import cache

    assert cache.get(NEW_PDFS.key(request)) is None


@pytest.mark.slow  # four PDFs rendered, ~5 s
def test_the_pdfs_print_the_hours_in_words_where_a_service_has_rows_and_no_live_status(client, leuven, committed):
    from datetime import time

    from partners.models import Schedule

    words = "Bereikbaar: di en do 10u–12u en 14u–16u"
    _, before = read(download(client, "/leuven/partnerkaart.pdf"))
    assert words not in before
    # The Limburg consult line's hours (seed 003, r. 573) on CAW onthaal, which is on both cards:
    # a test value, no hour invented.
    service = Service.objects.get(key="caw-onthaal")
    assert service in card_services(leuven, Card.PARTNERKAART) & card_services(leuven, Card.CONTACTFICHE)
    with committed():
        for day in ("TU", "TH"):
            for opens, closes in ((10, 12), (14, 16)):
                Schedule.objects.create(service=service, weekday=day, opens_at=time(opens), closes_at=time(closes))
    for path in ("/leuven/partnerkaart.pdf", "/leuven/contactfiche.pdf"):
        _, text = read(download(client, path))
        assert words in text, path
        assert "Nu bereikbaar" not in text and "Nu gesloten" not in text, path  # no live status on paper
    _, french = read(download(client, "/leuven/contactfiche.pdf", taal="fr"))
    assert "mar et jeu 10h–12h et 14h–16h" in french
