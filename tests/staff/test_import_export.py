"""Services and card lines go out as CSV or XLSX and come back in, previewed, all or nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partners.models import ConsultContact, Entry, Organization, Section, Service, TierContact
from tests.helpers.attacker import rows_of, to_csv
from tests.helpers.pages import without_changed_date

CSV_FORMAT, XLSX_FORMAT = "0", "1"


def export(client, model_name, fmt=CSV_FORMAT, **filters) -> bytes:
    url = reverse(f"admin:partners_{model_name}_export")
    if filters:
        url += "?" + "&".join(f"{k}={v}" for k, v in filters.items())
    response = client.post(url, {"format": fmt, "resource": "0"})
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Disposition"].startswith("attachment")
    return response.content


def preview(client, model_name, content: bytes, fmt=CSV_FORMAT, name="bestand.csv"):
    url = reverse(f"admin:partners_{model_name}_import")
    response = client.post(url, {"import_file": SimpleUploadedFile(name, content), "format": fmt, "resource": "0"})
    assert response.status_code == 200
    return response


def confirm(client, model_name, previewed):
    form = previewed.context["confirm_form"]
    assert form is not None, [r for r in previewed.context["rows"] if r["reasons"]]
    data = {name: form.initial.get(name, "") for name in form.fields}
    return client.post(reverse(f"admin:partners_{model_name}_process_import"), data)


def reasons(previewed, number):
    return " ".join(previewed.context["rows"][number - 1]["reasons"])


@pytest.mark.django_db
def test_export_holds_own_region_only(leuven_client, zenne):
    keys = {row["sleutel"] for row in rows_of(export(leuven_client, "service"))}
    assert "kind-en-gezin-leuven" in keys
    assert "hvhk-halle" not in keys  # another region
    assert not keys & set(Service.objects.filter(organization__region__isnull=True).values_list("key", flat=True))
    assert rows_of(export(leuven_client, "service", organization__region__id__exact=zenne.pk)) == []
    entries = rows_of(export(leuven_client, "entry"))
    assert {row["regio"] for row in entries} == {"leuven"}


@pytest.mark.django_db
def test_export_shows_phones_and_themes_in_one_cell(leuven_client):
    row = next(r for r in rows_of(export(leuven_client, "service")) if r["sleutel"] == "kind-en-gezin-leuven")
    service = Service.objects.get(key="kind-en-gezin-leuven")
    assert row["telefoon"] == "; ".join(p.display for p in service.phones.all())
    assert row["regio"] == "leuven"
    assert row["gratis"] in {"ja", "nee"}


@pytest.mark.django_db
def test_import_with_one_bad_row_changes_nothing_and_names_the_row(leuven_client):
    rows = rows_of(export(leuven_client, "service"))
    rows[0]["omschrijving"] = "Nieuwe omschrijving."
    rows[2]["telefoon"] = "016 30 17"
    before = Service.objects.get(key=rows[0]["sleutel"]).description

    previewed = preview(leuven_client, "service", to_csv(rows))
    assert previewed.context["rows"][2]["label"] == "geweigerd"
    assert "telefoon: ‘016 30 17’ is geen geldig Belgisch telefoonnummer" in reasons(previewed, 3)
    assert previewed.context["rows"][0]["label"] == "gewijzigd"
    assert previewed.context.get("confirm_form") is None
    assert "Er wordt niets geïmporteerd" in previewed.content.decode()
    assert Service.objects.get(key=rows[0]["sleutel"]).description == before

    # Confirming anyway (a forged request) still changes nothing: one transaction, rolled back.
    upload = previewed.context["form"].cleaned_data["import_file"]
    forged = leuven_client.post(
        reverse("admin:partners_service_process_import"),
        {"import_file_name": upload.tmp_storage_name, "original_file_name": "bestand.csv", "format": CSV_FORMAT, "resource": "0"},
    )
    assert forged.status_code == 302
    assert Service.objects.get(key=rows[0]["sleutel"]).description == before


@pytest.mark.django_db
def test_import_rejects_rows_of_another_region_and_says_why(leuven_client, zenne):
    rows = rows_of(export(leuven_client, "service"))
    template = rows[0]
    into_zenne = {**template, "sleutel": "nieuw-in-zenne", "regio": "zenne"}
    takeover = {**template, "sleutel": "hvhk-halle", "naam": "Overgenomen"}
    shared_key = Service.objects.filter(organization__region__isnull=True).first().key
    national = {**template, "sleutel": shared_key, "regio": ""}
    wider = {**template, "werkgebied": "vlaanderen"}
    previewed = preview(leuven_client, "service", to_csv([into_zenne, takeover, national, wider]))

    assert [row["label"] for row in previewed.context["rows"]] == ["geweigerd"] * 4
    assert (
        "regio: Deze rij hoort bij ELZ Zennevallei; je kan alleen importeren in je eigen eerstelijnszone (ELZ Leuven)."
        in reasons(previewed, 1)
    )
    assert "hoort bij ELZ Zennevallei" in reasons(previewed, 2)
    assert "redactie Vlaanderen" in reasons(previewed, 3)
    assert "werkgebied" in reasons(previewed, 4)
    assert not Service.objects.filter(key="nieuw-in-zenne").exists()
    assert Service.objects.get(key="hvhk-halle").name == "Huis van het Kind Halle"


@pytest.mark.django_db
def test_import_rejects_unknown_theme_and_bad_email(leuven_client):
    rows = rows_of(export(leuven_client, "service"))[:2]
    rows[0]["themas"] = "armoede; bestaat-niet"
    rows[1]["email"] = "geen-adres"
    previewed = preview(leuven_client, "service", to_csv(rows))
    assert "themas: Onbekend thema ‘bestaat-niet’" in reasons(previewed, 1)
    assert "email: ‘geen-adres’ is geen geldig e-mailadres." in reasons(previewed, 2)


@pytest.mark.django_db
def test_preview_says_per_row_what_is_new_changed_or_unchanged_then_imports(leuven_client, leuven):
    rows = rows_of(export(leuven_client, "service"))
    rows[1]["telefoon"] = "016 30 17 30 (dringend); 0800 13 500"
    new = {**rows[0], "sleutel": "babbelpunt", "naam": "Babbelpunt", "organisatie": "Babbelpunt vzw", "telefoon": "016 24 24 24",
           "email": "Info@Babbelpunt.be (onthaal)", "themas": "pesten", "nagekeken_op": "", "nagekeken_door": ""}  # fmt: skip
    history_before = Service.objects.get(key=rows[3]["sleutel"]).history.count()
    previewed = preview(leuven_client, "service", to_csv([*rows, new]))
    labels = [row["label"] for row in previewed.context["rows"]]
    assert labels.count("nieuw") == 1 and labels[-1] == "nieuw"
    assert labels[1] == "gewijzigd" and "verandert: telefoon" in reasons(previewed, 2)
    assert labels.count("ongewijzigd") == len(rows) - 1
    assert not Service.objects.filter(key="babbelpunt").exists()  # a preview changes nothing

    done = confirm(leuven_client, "service", previewed)
    assert done.status_code == 302
    changed = Service.objects.get(key=rows[1]["sleutel"])
    assert [(p.display, p.label) for p in changed.phones.all()] == [("016 30 17 30", "dringend"), ("0800 13 500", "")]
    assert changed.history.first().history_user.username == "an"
    added = Service.objects.get(key="babbelpunt")
    assert added.organization.region == leuven
    assert [(e.address, e.label) for e in added.emails.all()] == [("info@babbelpunt.be", "onthaal")]
    unchanged = Service.objects.get(key=rows[3]["sleutel"])
    assert unchanged.history.count() == history_before  # an unchanged row leaves no history entry behind


def empty_region(region):
    """Remove everything the exports hold (services, organisations, card lines); sections stay."""
    TierContact.objects.filter(tier__region=region).delete()
    ConsultContact.objects.filter(topic__region=region).delete()
    Entry.objects.filter(section__region=region).delete()
    Service.objects.filter(organization__region=region).delete()
    Organization.objects.filter(region=region).delete()


@pytest.mark.slow  # a whole region out and back in
@pytest.mark.django_db
def test_export_imports_cleanly_into_an_empty_region(leuven_client, leuven):
    cards_before = [leuven_client.get(f"/leuven/{card}/").content.decode() for card in ("partnerkaart", "contactfiche")]
    services_csv = export(leuven_client, "service", CSV_FORMAT)
    entries_xlsx = export(leuven_client, "entry", XLSX_FORMAT)

    empty_region(leuven)
    assert not Entry.objects.filter(section__region=leuven).exists()

    previewed = preview(leuven_client, "service", services_csv)
    assert {row["label"] for row in previewed.context["rows"]} == {"nieuw"}, [
        (r["record"], r["reasons"]) for r in previewed.context["rows"] if r["reasons"]
    ][:4]
    assert confirm(leuven_client, "service", previewed).status_code == 302
    previewed = preview(leuven_client, "entry", entries_xlsx, fmt=XLSX_FORMAT, name="regels.xlsx")
    assert {row["label"] for row in previewed.context["rows"]} == {"nieuw"}, [
        (r["record"], r["reasons"]) for r in previewed.context["rows"] if r["reasons"]
    ][:4]
    assert confirm(leuven_client, "entry", previewed).status_code == 302

    cards_after = [leuven_client.get(f"/leuven/{card}/").content.decode() for card in ("partnerkaart", "contactfiche")]
    assert list(map(without_changed_date, cards_after)) == list(map(without_changed_date, cards_before))
    assert rows_of(export(leuven_client, "service")) == rows_of(services_csv)


@pytest.mark.django_db
def test_entries_import_creates_a_missing_section_and_links_shared_services(make_editor, client, zenne):
    client.force_login(make_editor("zoe", zenne))
    shared = Service.objects.filter(organization__region__isnull=True, coverage="flanders").first()
    rows = [
        {"id": "", "regio": "zenne", "kaart": "contactfiche", "rubriek": "telefonische-hulp", "rubriek_titel": "Telefonische hulp",
         "volgorde": "1", "onder": "", "dienst": shared.key, "titel": "", "omschrijving": ""},
        {"id": "", "regio": "zenne", "kaart": "contactfiche", "rubriek": "telefonische-hulp", "rubriek_titel": "Telefonische hulp",
         "volgorde": "2", "onder": "", "dienst": "kind-en-gezin-leuven", "titel": "", "omschrijving": ""},
    ]  # fmt: skip
    previewed = preview(client, "entry", to_csv(rows))
    assert previewed.context["rows"][0]["label"] == "nieuw"
    assert "dienst: De dienst ‘kind-en-gezin-leuven’ hoort bij een andere eerstelijnszone." in reasons(previewed, 2)

    previewed = preview(client, "entry", to_csv(rows[:1]))
    assert confirm(client, "entry", previewed).status_code == 302
    section = Section.objects.get(region=zenne, slug="telefonische-hulp")
    assert section.title == "Telefonische hulp"
    assert shared.name in client.get("/zenne/contactfiche/").content.decode()


@pytest.mark.django_db
def test_import_without_the_key_column_says_so_in_dutch(leuven_client):
    previewed = preview(leuven_client, "service", b"naam,regio\nIets,leuven\n")
    assert "De kolom ‘sleutel’ ontbreekt" in previewed.content.decode()
    assert previewed.context.get("confirm_form") is None
