""" "Een partner toevoegen": one form, one save, history for every record, through the write guard;
the admin home starts with the zone; a template zone asks for its own map in one click."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partners.models import (
    ConsultContact,
    ConsultTopic,
    Entry,
    MapRequest,
    Organization,
    Region,
    Section,
    Service,
    TierContact,
    UrgencyTier,
)

URL = reverse("admin:add_partner")
COUNTED = [Organization, Service, Entry, ConsultContact, TierContact]


@pytest.fixture
def brugge(demo_content, db):
    return Region.objects.get(slug="brugge")


@pytest.fixture
def brugge_client(client, make_editor, brugge):
    client.force_login(make_editor("bea", brugge))
    return client


def counts():
    return [model.objects.count() for model in COUNTED]


def partner_data(region, **changes) -> dict:
    section = Section.objects.get(region=region, card="partnerkaart", slug="gezinnen")
    topic = ConsultTopic.objects.get(region=region, theme__slug="jonge-kind")
    tier = UrgencyTier.objects.get(region=region, slug="ondersteuning")
    data = {
        "region": region.slug,
        "organization": "Huis van het Kind Brugge",
        "name": "Opvoedingswinkel",
        "description": "Vragen over opvoeden, voor alle ouders.",
        "phones": "050 44 82 00",
        "emails": "info@example.org",
        "url": "https://www.example.org",
        "street": "Markt 1",
        "postcode": "8000",
        "city": "Brugge",
        "ages": ["0-3", "3-12"],
        "themes": [],
        "sections": [str(section.pk)],
        "topics": [str(topic.pk)],
        "tiers": [str(tier.pk)],
        "verified": "on",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_one_save_puts_a_new_partner_on_the_card_the_topic_and_the_tier(brugge_client, brugge):
    page = brugge_client.get(URL)
    assert page.status_code == 200 and "Een partner toevoegen" in page.content.decode()
    response = brugge_client.post(URL + "?elz=brugge", partner_data(brugge))
    assert response.status_code == 302, response.content.decode()[:2000]
    service = Service.objects.get(name="Opvoedingswinkel")
    assert service.organization.region == brugge and service.organization.name == "Huis van het Kind Brugge"
    assert [p.number for p in service.phones.all()] == ["+3250448200"]
    assert [e.address for e in service.emails.all()] == ["info@example.org"]
    assert (service.age_min_months, service.age_max_months) == (0, 155)
    assert list(service.regions.all()) == [brugge]
    assert service.assured_by == "bea" and service.assured_date is not None
    assert Entry.objects.filter(service=service, section__slug="gezinnen", section__region=brugge).count() == 1
    assert ConsultContact.objects.filter(service=service, topic__region=brugge).count() == 1
    assert TierContact.objects.filter(service=service, tier__region=brugge).count() == 1
    # every record has its history, by the editor
    for record in [service.organization, service, service.phones.get(), service.emails.get(), *service.entries.all()]:
        assert record.history.filter(history_user__username="bea", history_type="+").exists(), record
    for model in (ConsultContact, TierContact):
        assert model.history.filter(service_id=service.pk, history_user__username="bea").exists()
    # and professionals see it
    kaart = brugge_client.get("/brugge/partnerkaart/").content.decode()
    assert "Opvoedingswinkel" in kaart and "050 44 82 00" in kaart


@pytest.mark.django_db
def test_an_editor_cannot_place_a_partner_in_another_zone(brugge_client, brugge, leuven):
    before = counts()
    other = partner_data(leuven)
    ours = partner_data(brugge)
    attacks = [
        {**ours, "sections": other["sections"]},
        {**ours, "topics": other["topics"]},
        {**ours, "tiers": other["tiers"]},
        {**ours, "region": "leuven"},
        other,
        {**ours, "region": "bestaat-niet"},
        {**ours, "sections": ["999999999"]},
        {**ours, "sections": ["x" * 500]},
        {**ours, "phones": "geen nummer"},
        {**ours, "organization": "x" * 5000},
        {**ours, "sections": [], "topics": [], "tiers": []},
    ]
    for data in attacks:
        response = brugge_client.post(URL, data)
        assert response.status_code in (400, 403), data
    assert counts() == before
    assert not Organization.objects.filter(region=leuven, name="Huis van het Kind Brugge").exists()


@pytest.mark.django_db
def test_the_write_guard_refuses_the_save_whatever_the_form_lets_through(make_editor, brugge, leuven):
    from partners.staff import guard
    from partners.staff.partner_form import add_partner

    editor = make_editor("bea", brugge)
    before = counts()
    data = {
        "organization": "Ergens",
        "age_range": (None, None),
        "sections": [Section.objects.filter(region=leuven).first()],
    }
    with pytest.raises(guard.Refused):
        add_partner(user=editor, region=brugge, data=data)
    with pytest.raises(guard.Refused):
        add_partner(user=editor, region=leuven, data={"organization": "Ergens", "age_range": (None, None)})
    assert counts() == before


@pytest.mark.django_db
def test_anonymous_and_people_without_a_zone_cannot_add(client, brugge, django_user_model):
    before = counts()
    assert client.post(URL, partner_data(brugge)).status_code == 302  # to the login page
    staff = django_user_model.objects.create_user("zonder", password="x", is_staff=True)
    client.force_login(staff)
    assert client.post(URL, partner_data(brugge)).status_code == 403
    assert counts() == before


@pytest.mark.django_db
def test_an_editors_admin_home_starts_with_their_zone(brugge_client, brugge):
    page = brugge_client.get(reverse("admin:index")).content.decode()
    assert page.index("ELZ Brugge") < page.index("Partners en hun gegevens")
    assert f'{URL}?elz=brugge"' in page
    assert f'{reverse("admin:dashboard")}?elz=brugge"' in page
    assert 'href="/brugge/partnerkaart/"' in page
    assert "Vraag een eigen partnerkaart aan" in page


@pytest.mark.django_db
def test_an_editor_asks_for_an_own_map_and_the_redactie_starts_it(brugge_client, brugge, leuven, django_user_model, client):
    ask = reverse("admin:ask_own_map")
    assert brugge_client.post(ask, {"region": "leuven"}).status_code == 403
    assert brugge_client.post(ask, {"region": "brugge"}).status_code == 302
    brugge_client.post(ask, {"region": "brugge"})  # twice: still one request
    request = MapRequest.objects.get()
    assert (request.region, request.requested_by.username, request.status) == (brugge, "bea", "open")
    assert request.history.exists()
    assert "De redactie Vlaanderen beslist" in brugge_client.get(reverse("admin:index")).content.decode()
    decide = reverse("admin:decide_own_map", args=[request.pk])
    assert brugge_client.post(decide, {"_start": "1"}).status_code == 403
    assert not Region.objects.get(pk=brugge.pk).has_own_map

    boss = django_user_model.objects.create_superuser("redactie", "r@example.org", "een-lang-wachtwoord-123")
    client.force_login(boss)
    home = client.get(reverse("admin:index")).content.decode()
    assert "ELZ Brugge" in home and decide in home
    assert client.post(decide, {"_start": "1"}).status_code == 302
    assert Region.objects.get(pk=brugge.pk).has_own_map
    request.refresh_from_db()
    assert (request.status, request.decided_by) == ("started", boss)


@pytest.mark.django_db
def test_the_region_page_says_who_decides_on_an_own_map(client, brugge, leuven):
    assert "beslist de redactie Vlaanderen" in client.get("/brugge/").content.decode()
    assert "beslist de redactie Vlaanderen" not in client.get("/leuven/").content.decode()


@pytest.mark.django_db
def test_forged_fields_change_nothing_the_form_does_not_offer(brugge_client, brugge):
    forged = {
        "coverage": "flanders",
        "province": "antwerpen",
        "assured_by": "Iemand anders",
        "assured_date": "2020-01-01",
        "key": "leuven-caw",
        "organization_region": "leuven",
    }
    response = brugge_client.post(URL, {**partner_data(brugge, verified=""), **forged})
    assert response.status_code == 302
    service = Service.objects.get(name="Opvoedingswinkel")
    assert (service.coverage, service.province, service.assured_date, service.assured_by) == ("regions", "", None, "")
    assert service.key.startswith("brugge-") and service.organization.region == brugge
