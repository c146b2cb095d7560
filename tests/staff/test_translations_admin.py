"""Translations in the admin, import/export and the dashboard; which languages a service helps in."""

import re

import pytest

from partners.models import Entry, Service
from tests.helpers.admin_forms import admin_url, form_data, save_change
from tests.staff.test_import_export import confirm, export, preview, rows_of, to_csv

pytestmark = pytest.mark.django_db


def leuven_entry(leuven, key="antigifcentrum"):
    return Entry.objects.get(section__region=leuven, section__card="contactfiche", service__key=key)


def test_an_editor_writes_and_checks_a_translation_next_to_the_dutch_text(leuven_client, leuven, client):
    entry = leuven_entry(leuven)
    page = leuven_client.get(admin_url(entry)).content.decode()
    assert 'name="description"' in page and 'name="description_ar"' in page and 'name="translation_checked_ar"' in page
    assert 'name="description_nl_be"' not in page and 'name="translation_checked_nl_be"' not in page
    assert 'lang="ar" dir="rtl"' in page
    response = save_change(leuven_client, entry, description_ar="اتصل إذا حدث تسمم.", translation_checked_ar="on")
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.description_ar == "اتصل إذا حدث تسمم." and entry.translation_checked_ar
    assert entry.description_nl_be == "Bel bij een mogelijke vergiftiging."  # the Dutch text is untouched
    assert entry.history.first().description_ar == "اتصل إذا حدث تسمم."  # kept in the history
    assert "اتصل إذا حدث تسمم." in client.get("/leuven/contactfiche/", {"taal": "ar"}).content.decode()


def test_an_editor_of_another_region_cannot_change_a_translation(client, make_editor, leuven, zenne):
    client.force_login(make_editor("zoe", zenne))
    entry = leuven_entry(leuven)
    before = entry.description_fr
    response = client.post(admin_url(entry), {"description_fr": "Piraté.", "translation_checked_fr": "on", "_save": "Opslaan"})
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.description_fr == before and not entry.translation_checked_fr


def test_a_shared_helpline_translation_is_read_only_for_a_region_editor(leuven_client):
    service = Service.objects.get(key="tele-onthaal-106")
    page = leuven_client.get(admin_url(service))
    response = leuven_client.post(admin_url(service), {**form_data(page), "availability_fr": "jamais"})
    service.refresh_from_db()
    assert service.availability_fr == "24h/24, 7j/7"
    assert response.status_code == 403


def test_the_dashboard_lists_unchecked_translations_per_language(leuven_client, leuven):
    html = leuven_client.get("/admin/overzicht/").content.decode()
    assert "Vertalingen van de contactfiche die nog niemand heeft nagekeken" in html
    assert '<td lang="ar" dir="rtl">العربية (ar)</td>' in html
    entries = Entry.objects.filter(section__region=leuven, section__card="contactfiche")
    assert admin_url(leuven_entry(leuven)) in html
    entries.update(translation_checked_uk=True)
    Service.objects.update(translation_checked_uk=True)
    from partners.models import Phone, Section

    Section.objects.update(translation_checked_uk=True)
    Phone.objects.update(translation_checked_uk=True)
    html = leuven_client.get("/admin/overzicht/").content.decode()
    row = html.split('<td lang="uk" dir="ltr">Українська (uk)</td>')[1].split("</tr>")[0]
    assert "<td>0</td>" in row and "<details>" not in row


def test_lines_export_with_a_column_per_language_and_an_import_fills_it(leuven_client, leuven):
    rows = rows_of(export(leuven_client, "entry"))
    assert {"titel_fr", "omschrijving_ar", "vertaling_nagekeken_fa"} <= set(rows[0])
    assert not [column for column in rows[0] if column.endswith("nl-be")]
    entry = leuven_entry(leuven)
    row = next(r for r in rows if r["id"] == str(entry.pk))
    assert row["omschrijving_fr"] == entry.description_fr and row["vertaling_nagekeken_fr"] == "nee"
    row["omschrijving_fr"] = "Appelez en cas d'empoisonnement possible."
    row["vertaling_nagekeken_fr"] = "ja"
    previewed = preview(leuven_client, "entry", to_csv([row]))
    assert "verandert" in " ".join(previewed.context["rows"][0]["reasons"])
    assert confirm(leuven_client, "entry", previewed).status_code == 302
    entry.refresh_from_db()
    assert entry.description_fr == "Appelez en cas d'empoisonnement possible." and entry.translation_checked_fr
    assert entry.description == "Bel bij een mogelijke vergiftiging."


def test_service_export_has_the_languages_and_translations(leuven_client):
    rows = rows_of(export(leuven_client, "service"))
    assert {
        "talen",
        "talen_volledig",
        "omschrijving_fr",
        "hoe_aanmelden_ar",
        "bereikbaarheid_uk",
        "vertaling_nagekeken_fa",
    } <= set(rows[0])
    ocmw = next(r for r in rows if r["sleutel"] == "ocmw-leuven")
    assert ocmw["hoe_aanmelden_uk"] == "Запис через Leuven Helpt."


def test_a_service_shows_the_languages_it_helps_in_and_the_partnerkaart_filters_on_them(client, leuven, committed):
    zanzu = Service.objects.get(key="zanzu")
    assert zanzu.language_codes == ["tr", "fa", "ro", "ru"]  # from shared.yaml, as the source says
    assert Service.objects.exclude(languages="").count() == 1  # nothing filled in without a source
    assert not zanzu.languages_complete  # the source names four of its 14 languages
    # An incomplete list is not on the residents' sheet (on the ar or pl sheet it reads as "not in
    # your language"); the professionals' partnerkaart says "onder meer".
    for taal in ("", "ar", "pl", "tr"):
        html = client.get("/leuven/contactfiche/", {"taal": taal} if taal else {}).content.decode()
        assert "help-languages" not in html
    html = client.get("/leuven/partnerkaart/", {"q": "zanzu"}).content.decode()
    assert "Helpt onder meer in: Turks, Perzisch, Roemeens, Russisch" in html
    # Where a source says the list is complete, the sheet shows it.
    with committed():
        zanzu.languages_complete = True
        zanzu.save()
    html = client.get("/leuven/contactfiche/").content.decode()
    # Each language name is marked with its own language (lang=…), so read the text without the tags.
    assert "Helpt ook in: Turks, Perzisch, Roemeens, Russisch" in re.sub(r"<[^>]+>", "", html)
    html = client.get("/leuven/partnerkaart/", {"q": "zanzu"}).content.decode()
    assert "Helpt ook in: Turks, Perzisch, Roemeens, Russisch" in html
    html = client.get("/leuven/contactfiche/", {"taal": "tr"}).content.decode()
    assert '<li class="speaks">sizin dilinizde de yardım eder</li>' in html
    assert html.count('class="speaks"') == 1
    html = client.get("/leuven/partnerkaart/", {"q": "zanzu", "taal_dienst": "fa"}).content.decode()
    assert "Zanzu" in html
    html = client.get("/leuven/partnerkaart/", {"q": "zanzu", "taal_dienst": "ar"}).content.decode()
    assert '<h3 class="card-title">Zanzu</h3>' not in html
    assert client.get("/leuven/partnerkaart/", {"taal_dienst": "<x>"}).status_code == 200
