"""The answer first: contacts before explanations, acute contacts per theme as data."""

import pytest

from partners.models import Theme, TierContact

pytestmark = pytest.mark.django_db


def html_of(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/leuven/acuut/",
        "/leuven/wegwijzer/actie/?urgentie=acuut&leeftijd=12-18&thema=zelfmoord",
        "/leuven/wegwijzer/actie/?urgentie=ondersteuning",
        "/leuven/wegwijzer/actie/?urgentie=ondersteuning&erkenning=nee&leeftijd=3-12&thema=kindermishandeling",
        "/leuven/wegwijzer/actie/?urgentie=ondersteuning&erkenning=ja&leeftijd=0-3&thema=jonge-kind",
    ],
)
def test_the_first_number_comes_before_the_tier_text_and_the_chooser(client, leuven, path):
    html = html_of(client, path)
    main = html[html.index("<main") :]
    first_tel = main.index('href="tel:')
    for later in (
        'class="refine"',
        "De lichamelijke of psychische integriteit",
        "Er is nood aan ondersteuning om",
        'class="progress"',
    ):
        if later in main:
            assert first_tel < main.index(later), later
    # Only the title and one line of context stand above the first group of contacts.
    above = main[: main.index('id="resultaat"')]
    assert above.count("<p") <= 1 and above.count("<h1") == 1


def test_the_tier_box_no_longer_contradicts_a_family_that_does_not_acknowledge(client, leuven):
    html = html_of(client, "/leuven/wegwijzer/actie/?urgentie=ondersteuning&erkenning=nee")
    assert "het gezin erkent de zorg (nog) niet" in html
    assert "erkent de bezorgdheid." not in html  # the support tier's criteria say the opposite
    assert "maar het gezin erkent de zorg (nog) niet" in html


def test_a_tier_contact_for_a_theme_shows_only_with_that_theme_and_an_elz_can_add_one(client, leuven, committed):
    acute = "/leuven/wegwijzer/actie/?urgentie=acuut&leeftijd=12-18"
    assert "tel:1813" not in html_of(client, acute)
    assert "tel:1813" in html_of(client, acute + "&thema=zelfmoord")
    # Data, not code: a line for "pesten" added by the ELZ shows with that theme only.
    line = TierContact.objects.get(
        tier__region=leuven, tier__slug="acuut", theme__slug="zelfmoord", service__key="zelfmoordlijn-1813"
    )
    with committed():
        TierContact.objects.create(tier=line.tier, service=line.service, theme=Theme.objects.get(slug="pesten"), order=line.order)
    assert "tel:1813" in html_of(client, acute + "&thema=pesten")
    assert "tel:1813" not in html_of(client, acute + "&thema=verslaving")


def test_the_acute_tier_contacts_theme_is_editable_in_the_admin(superuser_client, leuven):
    tier = leuven.tiers.get(slug="acuut")
    html = superuser_client.get(f"/admin/partners/urgencytier/{tier.pk}/change/").content.decode()
    assert 'name="contacts-0-theme"' in html
    assert "alleen bij thema" in html.lower()
