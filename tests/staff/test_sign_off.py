"""A fluent reader signs off a language of the contactfiche in one sitting (issue 21, item 7), through
the real admin URLs: the page beside the Dutch, the ticks, the sign-off shown on the sheet and its
PDF, the PO file out and back in, and what another region's editor cannot do."""

from __future__ import annotations

import io
import re

import polib
import pytest
from django.utils import timezone

from partners.lib.catalogue import fingerprint, interface_texts
from partners.models import Entry, LanguageSignOff, Phone, Section, Service
from partners.staff import sign_off

pytestmark = pytest.mark.django_db

PAGE = "/admin/vertalingen/leuven/ar/"
PO = PAGE + "po/"
PO_IMPORT = PAGE + "po-inlezen/"
SIGNED_AR = 'class="translation-note signed-note">راجع هذه الترجمة'  # "Deze vertaling is nagekeken door …"
UNCHECKED_AR = "لم يراجع هذه الترجمة بعدُ"  # "… nog niet nagekeken …"
TRANSLATED_MODELS = (Section, Entry, Service, Phone)


def leuven_entry(leuven, key="antigifcentrum"):
    return Entry.objects.get(section__region=leuven, section__card="contactfiche", service__key=key)


def all_keys(response) -> tuple[list[str], list[str]]:
    """The keys the page showed, and those of its tick boxes (what a browser would post when all are ticked)."""
    html = response.content.decode()
    shown = re.findall(r'name="getoond" value="([^"]+)"', html)
    ticks = re.findall(r'name="nagekeken" value="([^"]+)"', html)
    return shown, ticks


def translations_snapshot(code="ar") -> dict:
    """Every translated column and check of `code`, per record."""
    suffix = code.replace("-", "_")
    result = {}
    for model in TRANSLATED_MODELS:
        names = [f.name for f in model._meta.fields if f.name.endswith("_" + suffix)]
        for row in model.objects.values("pk", *names):
            result[(model.__name__, row.pop("pk"))] = row
    return result


def check_everything_shared(code="ar"):
    """The redactie Vlaanderen checked the shared helplines (a test's system write)."""
    flag = f"translation_checked_{code}"
    for model in (Service, Phone):
        for obj in model.objects.all():
            region = obj.organization.region_id if model is Service else obj.service.organization.region_id
            if region is None:
                setattr(obj, flag, True)
                obj.save(update_fields=[flag])


def sign_everything(client, reader="متطوعة تتحدث العربية"):
    shown, ticks = all_keys(client.get(PAGE))
    return client.post(PAGE, {"getoond": shown, "nagekeken": ticks, "lezer": reader, "actie": "aftekenen"})


# -- the page -------------------------------------------------------------------------------------


def test_the_page_lists_every_text_of_the_sheet_beside_the_dutch(leuven_client, leuven, django_assert_max_num_queries):
    with django_assert_max_num_queries(25):  # 17 today: a fixed number, not one per line
        response = leuven_client.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    entry = leuven_entry(leuven)
    # content: the Dutch and the Arabic of a line, marked right to left
    assert entry.description_nl_be in html and entry.description_ar in html
    assert 'lang="ar" dir="rtl"' in html
    # a section title and a phone label of the sheet, with their tick
    section = entry.section
    assert section.title_nl_be in html and section.title_ar in html
    assert f'name="nagekeken" value="entry:{entry.pk}"' in html
    # the interface texts of the sheet, from the catalogue
    assert "Gevaar? Bel 112" in html and "في خطر؟ اتصل بالرقم 112" in html
    # a shared helpline is listed, but an ELZ-redacteur cannot tick it
    tele = Service.objects.get(key="tele-onthaal-106")
    assert tele.availability_ar and tele.availability_ar in html
    assert f'value="service:{tele.uuid}"' in html and f'name="nagekeken" value="service:{tele.uuid}"' not in html
    assert "gedeelde dienst: de redactie Vlaanderen vinkt dit aan" in html
    # not yet signed off
    assert "Nog niet afgetekend" in html
    # the dashboard links to it
    assert PAGE in leuven_client.get("/admin/overzicht/").content.decode()


def test_every_record_of_the_sheet_is_on_the_page(leuven_client, leuven, client):
    """What the sheet counts as 'not yet checked' in Arabic is exactly what the page offers to tick."""
    from partners.public.languages import SheetLanguage, build_sheet
    from partners.public.selectors import RegionContent

    sheet = build_sheet(RegionContent(leuven).contactfiche, SheetLanguage("ar", "العربية"))
    shown, _ticks = all_keys(leuven_client.get(PAGE))
    assert {sign_off.record_key(record) for record in sheet.unchecked_records} <= set(shown)
    interface = {text.key for text in interface_texts("ar")}
    assert interface <= set(shown)


def test_ticking_lines_saves_the_records_check_with_history(leuven_client, leuven):
    entry = leuven_entry(leuven)
    shown, ticks = all_keys(leuven_client.get(PAGE))
    key = f"entry:{entry.pk}"
    ui = interface_texts("ar")[0].key
    response = leuven_client.post(PAGE, {"getoond": shown, "nagekeken": [key, ui], "actie": "bewaren"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.translation_checked_ar and not entry.translation_checked_fa
    record = entry.history.first()
    assert record.translation_checked_ar and record.history_user.username == "an"
    assert "nagekeken" in record.history_change_reason
    assert LanguageSignOff.objects.get(region=leuven, language="ar").checked_strings == [ui]
    # the page shows both ticked; nothing is signed off by ticking
    html = leuven_client.get(PAGE).content.decode()
    assert f'value="{key}" checked' in html and f'value="{ui}" checked' in html
    assert not LanguageSignOff.objects.get(region=leuven, language="ar").is_signed
    # un-ticking takes it away again, also with a history row
    count = entry.history.count()
    leuven_client.post(PAGE, {"getoond": shown, "nagekeken": [ui], "actie": "bewaren"})
    entry.refresh_from_db()
    assert not entry.translation_checked_ar and entry.history.count() == count + 1


@pytest.mark.slow  # renders PDFs, ~3 s
def test_signing_off_needs_every_line_ticked(leuven_client, leuven):
    shown, ticks = all_keys(leuven_client.get(PAGE))
    almost = ticks[:-1]
    response = leuven_client.post(PAGE, {"getoond": shown, "nagekeken": almost, "lezer": "Samira", "actie": "aftekenen"})
    assert response.status_code == 400
    assert "nog niet aangevinkt" in response.content.decode()
    assert not LanguageSignOff.objects.filter(signed_on__isnull=False).exists()
    # an ELZ-redacteur cannot tick the shared helplines: the page says who does
    check_everything_shared("fa")
    response = sign_everything(leuven_client)
    assert response.status_code == 400
    assert "gedeelde dienst" in response.content.decode()
    # without a name, no sign-off either
    check_everything_shared("ar")
    shown, ticks = all_keys(leuven_client.get(PAGE))
    response = leuven_client.post(PAGE, {"getoond": shown, "nagekeken": ticks, "lezer": "  ", "actie": "aftekenen"})
    assert response.status_code == 400 and "Schrijf wie de vertaling nakeek" in response.content.decode()
    assert not LanguageSignOff.objects.filter(signed_on__isnull=False).exists()


@pytest.mark.slow  # renders PDFs, ~3 s
def test_a_signed_off_language_says_who_checked_it_on_the_sheet(leuven_client, leuven, client, committed):
    before = client.get("/leuven/contactfiche/", {"taal": "ar"}).content.decode()
    assert UNCHECKED_AR in before and SIGNED_AR not in before
    with committed():
        check_everything_shared("ar")
        response = sign_everything(leuven_client)
    assert response.status_code == 302, response.content.decode()[:2000]
    sign_off_row = LanguageSignOff.objects.get(region=leuven, language="ar")
    assert sign_off_row.reader == "متطوعة تتحدث العربية" and sign_off_row.signed_on == timezone.localdate()
    assert sign_off_row.signed_by.username == "an" and sign_off_row.history.count() >= 1
    html = client.get("/leuven/contactfiche/", {"taal": "ar"}).content.decode()
    assert SIGNED_AR in html and "متطوعة تتحدث العربية" in html and UNCHECKED_AR not in html
    # The other languages still say they are not checked.
    assert "pas encore été vérifiée" in client.get("/leuven/contactfiche/", {"taal": "fr"}).content.decode()
    # Unticking one line (or a translation that changes and is unticked) brings the note back.
    shown, ticks = all_keys(leuven_client.get(PAGE))
    with committed():
        leuven_client.post(PAGE, {"getoond": shown, "nagekeken": ticks[1:], "actie": "bewaren"})
    html = client.get("/leuven/contactfiche/", {"taal": "ar"}).content.decode()
    assert UNCHECKED_AR in html and SIGNED_AR not in html
    assert "sindsdien is er iets veranderd" in leuven_client.get(PAGE).content.decode()
    # ticked again, and one interface text un-ticked: still not signed off
    shown, ticks = all_keys(leuven_client.get(PAGE))
    ui = [key for key in ticks if key.startswith("ui:")]
    with committed():
        leuven_client.post(PAGE, {"getoond": shown, "nagekeken": [k for k in ticks if k != ui[0]], "actie": "bewaren"})
    html = client.get("/leuven/contactfiche/", {"taal": "ar"}).content.decode()
    assert UNCHECKED_AR in html and SIGNED_AR not in html
    with committed():
        leuven_client.post(PAGE, {"getoond": shown, "nagekeken": ticks, "actie": "bewaren"})
    assert SIGNED_AR in client.get("/leuven/contactfiche/", {"taal": "ar"}).content.decode()


@pytest.mark.slow  # renders PDFs, ~3 s
def test_the_pdf_names_the_reader(leuven_client, leuven, client):
    from pypdf import PdfReader

    check_everything_shared("fr")
    page = leuven_client.get("/admin/vertalingen/leuven/fr/")
    shown, ticks = all_keys(page)
    response = leuven_client.post(
        "/admin/vertalingen/leuven/fr/",
        {"getoond": shown, "nagekeken": ticks, "lezer": "Claire, bénévole", "actie": "aftekenen"},
    )
    assert response.status_code == 302
    pdf = client.get("/leuven/contactfiche.pdf", {"taal": "fr"})
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    text = re.sub(r"\s+", " ", text)
    assert "Cette traduction a été vérifiée par Claire, bénévole le" in text
    assert "pas encore été vérifiée" not in text


def test_a_changed_interface_text_lapses_the_sign_off(leuven_client, leuven, client):
    check_everything_shared("ar")
    assert sign_everything(leuven_client).status_code == 302
    LanguageSignOff.objects.filter(region=leuven, language="ar").update(interface_fingerprint="0" * 64)
    from partners.versions import mark_changed

    mark_changed({leuven.pk})
    html = client.get("/leuven/contactfiche/", {"taal": "ar"}).content.decode()
    assert UNCHECKED_AR in html and SIGNED_AR not in html
    assert fingerprint("ar") != "0" * 64


def test_withdrawing_a_sign_off(leuven_client, leuven, client):
    check_everything_shared("ar")
    assert sign_everything(leuven_client).status_code == 302
    response = leuven_client.post(PAGE, {"actie": "intrekken"})
    assert response.status_code == 302
    assert LanguageSignOff.objects.get(region=leuven, language="ar").signed_on is None
    assert UNCHECKED_AR in client.get("/leuven/contactfiche/", {"taal": "ar"}).content.decode()


def test_the_redactie_vlaanderen_ticks_shared_helplines_too(superuser_client, leuven, client):
    response = sign_everything(superuser_client, reader="Samira")
    assert response.status_code == 302
    assert Service.objects.get(key="tele-onthaal-106").translation_checked_ar
    assert SIGNED_AR in client.get("/leuven/contactfiche/", {"taal": "ar"}).content.decode()


# -- another region's editor -----------------------------------------------------------------------


def test_another_regions_editor_cannot_sign_off_leuven(client, make_editor, leuven, zenne, leuven_client):
    shown, ticks = all_keys(leuven_client.get(PAGE))  # what the page would offer (as an attacker could guess)
    catalogue = polib.pofile(leuven_client.get(PO).content.decode())
    client.force_login(make_editor("zoe", zenne))  # the same client, now logged in as Zennevallei's editor
    before = translations_snapshot()
    assert client.get(PAGE).status_code == 403
    assert client.get(PO).status_code == 403
    response = client.post(PAGE, {"getoond": shown, "nagekeken": ticks, "lezer": "Zoë", "actie": "aftekenen"})
    assert response.status_code == 403
    assert client.post(PAGE, {"actie": "intrekken"}).status_code == 403
    assert not LanguageSignOff.objects.filter(region=leuven).exists()
    assert translations_snapshot() == before
    # nor through a PO file
    for entry in catalogue:
        entry.msgstr = "مخترق"
        entry.flags = []
    response = client.post(PO_IMPORT, {"po_bestand": io.BytesIO(str(catalogue).encode())})
    assert response.status_code == 403
    assert translations_snapshot() == before
    # their own region's page works, and does not list Leuven's lines
    own = client.get("/admin/vertalingen/zenne/ar/")
    assert own.status_code == 200
    assert f"entry:{leuven_entry(leuven).pk}" not in own.content.decode()


def test_ticks_for_records_of_another_sheet_are_ignored(client, make_editor, leuven, zenne, leuven_client):
    """Zenne's editor posts Leuven's keys to Zenne's own page: nothing of Leuven changes."""
    shown, ticks = all_keys(leuven_client.get(PAGE))
    client.force_login(make_editor("zoe", zenne))
    before = translations_snapshot()
    response = client.post("/admin/vertalingen/zenne/ar/", {"getoond": shown, "nagekeken": ticks, "actie": "bewaren"})
    assert response.status_code == 302
    assert translations_snapshot() == before


def test_an_editor_posting_a_tick_for_a_shared_helpline_changes_nothing(leuven_client, leuven):
    tele = Service.objects.get(key="tele-onthaal-106")
    key = f"service:{tele.uuid}"
    shown, ticks = all_keys(leuven_client.get(PAGE))
    assert key in shown and key not in ticks
    before = translations_snapshot()
    response = leuven_client.post(PAGE, {"getoond": shown, "nagekeken": [key], "actie": "bewaren"})
    assert response.status_code == 302
    assert not Service.objects.get(pk=tele.pk).translation_checked_ar
    assert translations_snapshot() == before


def test_an_unknown_language_or_region(leuven_client):
    assert leuven_client.get("/admin/vertalingen/leuven/xx/").status_code == 404
    assert leuven_client.get("/admin/vertalingen/leuven/nl-be/").status_code == 404
    assert leuven_client.get("/admin/vertalingen/nergens/ar/").status_code == 404


# -- PO files --------------------------------------------------------------------------------------


def exported(client, path=PO) -> polib.POFile:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/x-gettext-translation")
    assert 'filename="contactfiche-leuven-' in response["Content-Disposition"]
    return polib.pofile(response.content.decode())


def upload(client, text: str, path=PO_IMPORT):
    return client.post(path, {"po_bestand": io.BytesIO(text.encode())}, follow=True)


def page_messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_a_language_goes_out_as_a_po_file_and_comes_back(leuven_client, leuven, client):
    entry = leuven_entry(leuven)
    catalogue = exported(leuven_client)
    assert catalogue.metadata["Language"] == "ar"
    found = catalogue.find(f"entry:{entry.pk}:description", by="msgctxt")
    assert found.msgid == entry.description_nl_be and found.msgstr == entry.description_ar
    assert "fuzzy" in found.flags  # not yet checked
    tele = Service.objects.get(key="tele-onthaal-106")
    assert catalogue.find(f"service:{tele.uuid}:availability", by="msgctxt").msgstr == tele.availability_ar
    # Unchanged, it changes nothing.
    before = translations_snapshot()
    response = upload(leuven_client, str(catalogue))
    assert "verandert niets" in page_messages(response)
    assert translations_snapshot() == before
    # One text changed by the translator: that text, a history row, nothing else.
    history = entry.history.count()
    found.msgstr = "اتصل إذا كان هناك احتمال تسمم."
    response = upload(leuven_client, str(catalogue))
    assert "1 tekst ingelezen" in page_messages(response)
    entry.refresh_from_db()
    assert entry.description_ar == "اتصل إذا كان هناك احتمال تسمم." and not entry.translation_checked_ar
    assert entry.history.count() == history + 1
    assert entry.history.first().history_user.username == "an"
    assert "po-bestand" in entry.history.first().history_change_reason
    after = translations_snapshot()
    changed = {key for key in before if before[key] != after[key]}
    assert changed == {("Entry", entry.pk)}
    assert "اتصل إذا كان هناك احتمال تسمم." in client.get("/leuven/contactfiche/", {"taal": "ar"}).content.decode()
    # The reader removes 'fuzzy': the text is checked, and the next export says so.
    found.flags = []
    upload(leuven_client, str(catalogue))
    entry.refresh_from_db()
    assert entry.translation_checked_ar
    assert "fuzzy" not in exported(leuven_client).find(f"entry:{entry.pk}:description", by="msgctxt").flags


@pytest.mark.parametrize(
    "text, message",
    [
        ("dit is geen po-bestand\n\x00\x01", "geen geldig po-bestand"),
        ('msgid "a"\nmsgid "b"\nmsgstr "c"\n', "geen geldig po-bestand (fout op regel 2)"),
        ("", "leeg"),
        ('msgid ""\nmsgstr ""\n"Language: fa\\n"\n\nmsgctxt "x"\nmsgid "a"\nmsgstr "b"\n', "niet voor ‘ar’"),
        ('msgid "Bel bij een mogelijke vergiftiging."\nmsgstr "x"\n', "msgctxt"),
        ('msgctxt "entry:999999:description"\nmsgid "a"\nmsgstr "b"\n', "staat niet op de contactfiche"),
    ],
)
def test_a_malformed_po_file_changes_nothing(leuven_client, leuven, text, message):
    before = translations_snapshot()
    response = upload(leuven_client, text)
    assert message in page_messages(response)
    assert translations_snapshot() == before


def test_a_po_file_with_a_binary_or_oversized_upload(leuven_client, settings):
    before = translations_snapshot()
    response = leuven_client.post(PO_IMPORT, {"po_bestand": io.BytesIO(b"\xff\xfe\x00garbage")}, follow=True)
    assert "UTF-8" in page_messages(response)
    settings.WEGWIJZER_IMPORT_MAX_BYTES = 100
    response = upload(leuven_client, "x" * 200)
    assert "te groot" in page_messages(response)
    assert translations_snapshot() == before


def test_a_po_file_naming_another_regions_record_is_refused_whole(leuven_client, leuven, zenne):
    """All or nothing: one line for a record of Zennevallei, and the good line beside it is not read either."""
    zenne_entry = Entry.objects.filter(section__region=zenne).first()
    zenne_entry.description_ar = "نص"
    zenne_entry.save()
    catalogue = exported(leuven_client)
    entry = leuven_entry(leuven)
    catalogue.find(f"entry:{entry.pk}:description", by="msgctxt").msgstr = "ترجمة جيدة"
    catalogue.append(
        polib.POEntry(msgctxt=f"entry:{zenne_entry.pk}:description", msgid="Opvoedingsondersteuning.", msgstr="مخترق")
    )
    before = translations_snapshot()
    response = upload(leuven_client, str(catalogue))
    text = page_messages(response)
    assert "Niets ingelezen" in text and f"entry:{zenne_entry.pk}:description" in text
    assert translations_snapshot() == before


def test_an_editor_cannot_change_a_shared_helpline_through_a_po_file(leuven_client, leuven):
    catalogue = exported(leuven_client)
    tele = Service.objects.get(key="tele-onthaal-106")
    catalogue.find(f"service:{tele.uuid}:availability", by="msgctxt").msgstr = "نص آخر"
    before = translations_snapshot()
    response = upload(leuven_client, str(catalogue))
    assert "gedeelde dienst" in page_messages(response)
    assert translations_snapshot() == before


def test_a_po_file_for_a_changed_dutch_text_is_refused(leuven_client, leuven):
    catalogue = exported(leuven_client)
    entry = leuven_entry(leuven)
    found = catalogue.find(f"entry:{entry.pk}:description", by="msgctxt")
    found.msgid = "Een oude Nederlandse tekst."
    found.msgstr = "نص"
    before = translations_snapshot()
    response = upload(leuven_client, str(catalogue))
    assert "intussen veranderd" in page_messages(response)
    assert translations_snapshot() == before


def test_a_too_long_translation_is_refused(leuven_client, leuven):
    catalogue = exported(leuven_client)
    section = leuven_entry(leuven).section
    found = catalogue.find(f"section:{section.pk}:title", by="msgctxt")
    found.msgstr = "ا" * 300  # a title holds at most 200
    before = translations_snapshot()
    response = upload(leuven_client, str(catalogue))
    assert "Niets ingelezen" in page_messages(response)
    assert translations_snapshot() == before
