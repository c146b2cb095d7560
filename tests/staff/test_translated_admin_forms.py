"""Every translated admin form shows each field once, stays the same size request after request,
and saves a value typed in any language's box."""

import re
from collections import Counter

import pytest
from django.conf import settings

from partners.models import Entry, Phone, Section, Service
from tests.helpers.admin_forms import admin_url, form_data

pytestmark = pytest.mark.django_db

OTHER_LANGUAGES = [code.replace("-", "_") for code, _name in settings.SHEET_LANGUAGES if code != "nl-be"]
TRANSLATED = {
    Service: ["description", "application_process", "availability"],
    Section: ["title", "intro"],
    Entry: ["title", "description"],
    Phone: ["label"],
}


def leuven_record(model, leuven):
    if model is Service:
        return Service.objects.filter(organization__region=leuven).order_by("pk").first()
    if model is Section:
        return Section.objects.filter(region=leuven, card="contactfiche").order_by("pk").first()
    if model is Entry:
        return Entry.objects.filter(section__region=leuven, section__card="contactfiche").order_by("pk").first()
    return Phone.objects.filter(service__organization__region=leuven).order_by("pk").first()


def main_form_names(html: str) -> Counter:
    """The names of the record's own inputs (inline rows carry a prefix such as `phones-0-`)."""
    form = html.split('id="' + "content-main")[1]
    names = re.findall(r'<(?:input|textarea|select)[^>]*\bname="([^"]+)"', form)
    return Counter(name for name in names if not re.match(r"^[a-z_]+-(\d+|__prefix__|TOTAL|INITIAL|MIN|MAX)", name))


@pytest.mark.parametrize("model", list(TRANSLATED), ids=lambda m: m.__name__)
def test_each_translated_field_is_on_the_form_once_and_the_form_does_not_grow(leuven_client, leuven, model):
    url = admin_url(leuven_record(model, leuven))
    pages = [leuven_client.get(url).content.decode() for _ in range(4)]
    names = main_form_names(pages[0])
    for field in TRANSLATED[model]:
        assert names[field] == 1, field
        for code in OTHER_LANGUAGES:
            assert names[f"{field}_{code}"] == 1, f"{field}_{code}"
    for code in OTHER_LANGUAGES:
        assert names[f"translation_checked_{code}"] == 1
    own_fields = {field.name for field in model._meta.get_fields()}
    assert [name for name, count in names.items() if count > 1 and name in own_fields] == []
    assert {len(page) for page in pages} == {len(pages[0])}  # a long-lived worker does not add copies


@pytest.mark.parametrize("model", list(TRANSLATED), ids=lambda m: m.__name__)
def test_a_value_typed_in_any_language_box_is_saved(leuven_client, leuven, model):
    record = leuven_record(model, leuven)
    url = admin_url(record)
    page = leuven_client.get(url)
    data, on_page = form_data(page), main_form_names(page.content.decode())
    typed = {f"{field}_{code}": f"Vertaling {field} {code}" for field in TRANSLATED[model] for code in OTHER_LANGUAGES}
    dutch = TRANSLATED[model][0]
    posted = {**data, dutch: "Nieuwe Nederlandse tekst"}
    for name, value in typed.items():
        # As a browser sends the form: the typed value in the first box of that name, every other box as shown.
        posted[name] = [value] + [data.get(name, "")] * (on_page[name] - 1)
    response = leuven_client.post(url, posted)
    assert response.status_code == 302, response.content.decode()[:2000]
    record.refresh_from_db()
    for column, value in typed.items():
        assert getattr(record, column) == value, column
    assert getattr(record, f"{dutch}_nl_be") == "Nieuwe Nederlandse tekst"


def test_the_service_form_shows_the_dutch_fields_and_the_phone_before_the_languages_folded(leuven_client, leuven):
    page = leuven_client.get(admin_url(leuven_record(Service, leuven))).content.decode()
    phones = page.index('id="phones-group"')
    assert page.index('name="description"') < phones and page.index('name="availability"') < phones
    for code in OTHER_LANGUAGES:
        assert page.index(f'name="description_{code}"') > phones
    folded = re.findall(r"<fieldset class=\"module aligned collapse wegwijzer-language\"[^>]*>\s*<details><summary>", page)
    assert len(folded) == len(OTHER_LANGUAGES)
