"""Keeping it current: who verified what when, what is stale, and the ELZ dashboard."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from partners.models import Email, Entry, Service, stale_before
from tests.helpers.admin_forms import admin_url, save_change


def months_ago(months: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=round(months * 30.5))


def stale_filter(client, **params):
    response = client.get(reverse("admin:partners_service_changelist"), {"verouderd": "ja", **params})
    return {service.key for service in response.context["cl"].queryset}


@pytest.mark.django_db
def test_stale_filter_lists_services_not_verified_for_twelve_months(leuven_client, leuven):
    own = Service.objects.filter(organization__region=leuven)
    own.update(assured_date=months_ago(2), assured_by="An")
    old, never = own.order_by("key")[:2]
    Service.objects.filter(pk=old.pk).update(assured_date=months_ago(13))
    Service.objects.filter(pk=never.pk).update(assured_date=None, assured_by="")
    stale = stale_filter(leuven_client, organization__region__id__exact=leuven.pk)
    assert stale == {old.key, never.key}


@pytest.mark.django_db
def test_stale_threshold_is_a_setting(leuven_client, leuven, settings):
    service = Service.objects.filter(organization__region=leuven).first()
    Service.objects.filter(pk=service.pk).update(assured_date=months_ago(4))
    assert service.key not in stale_filter(leuven_client)
    settings.WEGWIJZER_STALE_AFTER_MONTHS = 3
    assert stale_before() > months_ago(4)
    assert service.key in stale_filter(leuven_client)


@pytest.mark.django_db
def test_mark_as_verified_records_today_and_who(client, make_editor, leuven):
    user = make_editor("an", leuven)
    user.first_name, user.last_name = "An", "Peeters"
    user.save()
    client.force_login(user)
    own = Service.objects.get(key="kind-en-gezin-leuven")
    shared = Service.objects.filter(organization__region__isnull=True, coverage="flanders").first()
    response = client.post(
        reverse("admin:partners_service_changelist"),
        {"action": "mark_verified", "_selected_action": [own.pk, shared.pk]},
        follow=True,
    )
    text = response.content.decode()
    assert "1 dienst gemarkeerd als nagekeken." in text
    assert "1 gedeelde dienst overgeslagen" in text
    own.refresh_from_db()
    assert (own.assured_date, own.assured_by) == (timezone.localdate(), "An Peeters")
    assert Service.objects.get(pk=shared.pk).assured_date is None
    assert own.verified_label == f"laatst nagekeken op {date_format(timezone.localdate(), 'j F Y')} door An Peeters"
    assert own.history.first().history_user == user


@pytest.mark.django_db
def test_change_form_checkbox_marks_as_verified(leuven_client):
    service = Service.objects.get(key="kind-en-gezin-leuven")
    assert save_change(leuven_client, service, verified_now="on").status_code == 302
    service.refresh_from_db()
    assert service.assured_date == timezone.localdate()
    assert service.assured_by == "an"
    page = leuven_client.get(admin_url(service)).content.decode()
    assert "laatst nagekeken op" in page and "door an" in page


@pytest.mark.django_db
def test_public_card_shows_the_verified_date_in_small_print(client, leuven):
    Service.objects.filter(key="kind-en-gezin-leuven").update(assured_date=datetime.date(2025, 3, 4), assured_by="An")
    page = client.get("/leuven/partnerkaart/").content.decode()
    assert '<p class="verified">Nagekeken op 4 maart 2025</p>' in page


@pytest.mark.django_db
def test_dashboard_counts_what_needs_attention(leuven_client, leuven):
    own = Service.objects.filter(organization__region=leuven)
    own.update(assured_date=months_ago(1), assured_by="An")
    stale = own.order_by("key").first()
    Service.objects.filter(pk=stale.pk).update(assured_date=months_ago(14))
    broken = own.order_by("key")[1]
    Email.objects.create(service=broken, address="onthaal(at)example.be")  # as older data may hold it

    response = leuven_client.get(reverse("admin:dashboard"))
    assert response.status_code == 200
    overview = response.context["overview"]
    counts = overview.counts
    assert counts["services"] == own.count()
    assert counts["stale"] == 1
    assert [s.key for s in overview.stale] == [stale.key]
    assert any(p.obj == broken and "ongeldig e-mailadres" in p.message for p in overview.problems)
    assert counts["partnerkaart"] == Entry.objects.filter(section__region=leuven, section__card="partnerkaart").count()
    assert "Parel Leuven" in [e.display_title for e in overview.without_contact]  # a line the paper gave no contact for
    assert counts["shared"] > 0
    text = response.content.decode()
    assert stale.name in text and "Regels zonder contact" in text


@pytest.mark.django_db
def test_dashboard_lists_recent_changes_with_who(leuven_client, leuven):
    service = Service.objects.get(key="kind-en-gezin-leuven")
    save_change(leuven_client, service, availability="ma–vr 9–17u")
    changes = leuven_client.get(reverse("admin:dashboard")).context["overview"].changes
    assert changes[0].who == "an"
    assert changes[0].label == service.name
    assert changes[0].kind == "gewijzigd"


@pytest.mark.django_db
def test_dashboard_shows_only_own_region_and_offers_a_choice_with_two(client, make_editor, leuven, zenne):
    client.force_login(make_editor("bo", leuven, zenne))
    response = client.get(reverse("admin:dashboard"), {"elz": "zenne"})
    assert response.context["overview"].region == zenne
    assert [r.slug for r in response.context["regions"]] == ["leuven", "zenne"]
    assert response.context["overview"].counts["services"] == 1
