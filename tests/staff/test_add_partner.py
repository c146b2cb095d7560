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
from tests.helpers.second_factor import pass_second_factor

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
    pass_second_factor(client, boss)  # the redactie Vlaanderen always gives its second factor
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


# -- "Bereikbaarheid (uren)" ------------------------------------------------------------------------

# Rows in the form's plain words. The hours are those of seed 003 (r. 573, the Limburg consult line:
# "dinsdag en donderdag van 10u - 12u en 14u - 16u"), typed for a made-up test partner: no hour is invented.
SEED_HOURS = "di 10:00-12:00\ndi 14:00-16:00\ndo 10:00-12:00\ndo 14:00-16:00"


def hours_of(service) -> str:
    from partners.lib import hours

    return hours.format_rows([(s.weekday, s.opens_at, s.closes_at) for s in service.schedules.all()])


@pytest.mark.django_db
def test_the_hours_typed_as_rows_become_the_new_services_schedule_with_history(brugge_client, brugge, client):
    from partners.models import Schedule

    page = brugge_client.get(URL).content.decode()
    assert "Bereikbaarheid (uren)" in page and "Eén dag per regel" in page
    response = brugge_client.post(URL, partner_data(brugge, hours=SEED_HOURS))
    assert response.status_code == 302, response.content.decode()[:2000]
    service = Service.objects.get(name="Opvoedingswinkel")
    assert hours_of(service) == "di 10:00-12:00; di 14:00-16:00; do 10:00-12:00; do 14:00-16:00"
    assert not service.is_always_open
    records = Schedule.history.filter(service_id=service.pk)
    assert records.count() == 4 and {r.history_user.username for r in records} == {"bea"}
    assert {r.history_change_reason for r in records} == {"Toegevoegd met ‘Een partner toevoegen’"}
    client.logout()
    assert "Bereikbaar: di en do 10u–12u en 14u–16u" in client.get("/brugge/partnerkaart/").content.decode()


@pytest.mark.django_db
def test_the_seeds_own_words_and_24_7_are_read_too(brugge_client, brugge):
    response = brugge_client.post(URL, partner_data(brugge, hours="dinsdag en donderdag van 10u - 12u"))
    assert response.status_code == 302
    assert hours_of(Service.objects.get(name="Opvoedingswinkel")) == "di 10:00-12:00; do 10:00-12:00"
    response = brugge_client.post(URL, partner_data(brugge, name="Nachtlijn", hours="24/7"))
    assert response.status_code == 302
    always = Service.objects.get(name="Nachtlijn")
    assert always.is_always_open and hours_of(always) == ""


@pytest.mark.django_db
def test_hours_the_form_cannot_read_are_refused_in_dutch_and_nothing_is_saved(brugge_client, brugge):
    from partners.models import Schedule

    before, rows = counts(), Schedule.objects.count()
    for typed, message in [
        ("maandag 9-17", "kunnen we niet lezen als openingsuur"),
        ("di 10:00-10:00", "‘van’ en ‘tot’ zijn gelijk"),
        ("di 10:00-12:00\ndi 10:00-12:00", "staat er twee keer"),
    ]:
        response = brugge_client.post(URL, partner_data(brugge, hours=typed))
        assert response.status_code == 400
        assert message in str(response.context["form"].errors["hours"]), typed
        assert "Er is niets bewaard" in response.content.decode()
    assert counts() == before and Schedule.objects.count() == rows


@pytest.mark.django_db
def test_an_editor_of_another_zone_cannot_use_the_form_to_put_hours_on_a_service_outside_it(brugge_client, brugge, leuven):
    """Bea edits Brugge. She posts what an attacker would: the hours with Leuven as the zone, and with
    Leuven's service named in every field the form does not have. Leuven's service gets no row."""
    from partners.models import Schedule

    target = Service.objects.get(key="kind-en-gezin-leuven")
    forged = {
        "service": str(target.pk),
        "service_id": str(target.pk),
        "key": target.key,
        "schedules-0-service": str(target.pk),
        "schedules-TOTAL_FORMS": "1",
        "schedules-0-weekday": "MO",
        "schedules-0-opens_at": "10:00",
        "schedules-0-closes_at": "12:00",
        "organization_id": str(target.organization_id),
    }
    refused = brugge_client.post(URL, {**partner_data(brugge, hours=SEED_HOURS), "region": "leuven"})
    assert refused.status_code == 400
    assert not Schedule.objects.filter(service=target).exists()

    response = brugge_client.post(URL, {**partner_data(brugge, hours=SEED_HOURS), **forged})
    assert response.status_code == 302
    assert not Schedule.objects.filter(service=target).exists()
    assert not Schedule.history.filter(service_id=target.pk).exists()
    made = Service.objects.get(name="Opvoedingswinkel")
    assert made.pk != target.pk and made.organization.region == brugge and made.key.startswith("brugge-")
    assert set(Schedule.objects.values_list("service_id", flat=True)) - {made.pk} <= set(
        Service.objects.filter(key="consult-verontrusting-limburg").values_list("pk", flat=True)
    )
