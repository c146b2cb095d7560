"""The audit of the shipped data (fixtures/CORRECTIONS.md #17–#23), as rules the data keeps."""

import pytest
from django.db.models import Q
from django.template.loader import render_to_string

from partners.lib.ages import AGE_BANDS
from partners.models import Entry, Service


@pytest.mark.django_db
def test_the_error_pages_list_only_emergency_lines(leuven):
    html = render_to_string("_acute_numbers.html")
    assert 'href="tel:112"' in html and 'href="tel:1733"' in html
    assert "1712" not in html  # a help line for violence, not an emergency number


@pytest.mark.django_db
def test_the_crisis_line_for_minors_is_for_minors_only(leuven):
    crisis = Service.objects.get(key="crisismeldpunt-minderjarigen")
    adult = AGE_BANDS["18+"]
    assert not adult.overlaps(crisis.age_min_months, crisis.age_max_months)
    assert AGE_BANDS["12-18"].overlaps(crisis.age_min_months, crisis.age_max_months)
    assert crisis.age_max_months == 17 * 12 + 11  # up to the 18th birthday


@pytest.mark.django_db
def test_no_line_says_apply_via_the_website_without_a_website(leuven):
    for entry in Entry.objects.select_related("service"):
        shown = entry.description or (entry.service.description if entry.service_id else "")  # as the card shows it
        if "via de website" in shown.lower():
            assert entry.service_id and entry.service.url, entry


@pytest.mark.django_db
def test_a_service_that_offers_mail_or_chat_says_where(leuven):
    for service in Service.objects.filter(Q(channel_email=True) | Q(channel_chat=True)).prefetch_related("emails"):
        if service.channel_email:
            assert service.emails.all() or service.url, service.key
        if service.channel_chat:
            assert service.url, service.key


@pytest.mark.django_db
def test_every_shared_service_is_used_on_some_card_or_list(leuven):
    used = Q(entries__isnull=False) | Q(tiercontact__isnull=False) | Q(consultcontact__isnull=False)
    unused = Service.objects.filter(organization__region__isnull=True).exclude(pk__in=Service.objects.filter(used).values("pk"))
    assert list(unused.values_list("key", flat=True)) == []


@pytest.mark.django_db
def test_the_street_of_t_lampeke_is_riddersstraat(leuven):
    assert Service.objects.get(key="buurtwerk-t-lampeke").street == "Riddersstraat 147"
    assert Entry.objects.get(title="Sociale Kruidenier ’t Lampeke").description == "Riddersstraat 57, Leuven."


@pytest.mark.django_db
def test_the_cgg_descriptions_keep_matig(leuven):
    texts = [Service.objects.get(key="cgg-vbo-kinderen-jongeren").description]
    texts += [
        e.description
        for e in Entry.objects.filter(title="Centrum Geestelijke Gezondheidszorg (CGG)", section__card="contactfiche")
    ]
    assert texts and all("matig meervoudige of ernstige psychische problemen" in t for t in texts), texts
