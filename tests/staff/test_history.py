"""Nothing an editor does loses data: every change is kept, can be reverted, and a delete restored."""

import pytest
from django.urls import reverse

from partners.models import Entry, Phone, Resource, Section, Service, Theme
from tests.helpers.admin_forms import admin_url, form_data, save_change
from tests.helpers.pages import without_changed_date


def own_service(key="kind-en-gezin-leuven"):
    return Service.objects.get(key=key)


@pytest.fixture
def spare_service(leuven):
    """A Leuven service on no card, with phones and themes, so it can be deleted."""
    from partners.models import Organization

    organization = Organization.objects.create(name="Babbelpunt", region=leuven)
    service = Service.objects.create(organization=organization, key="babbelpunt", name="Babbelpunt", description="Praten.")
    service.themes.set(Theme.objects.filter(slug__in=["armoede", "pesten"]))
    service.regions.add(leuven)
    Phone.objects.create(service=service, number="016 24 24 24", label="onthaal")
    Phone.objects.create(service=service, number="0800 13 500", order=1)
    return service


@pytest.mark.django_db
def test_history_shows_who_changed_what(leuven_client):
    service = own_service()
    save_change(leuven_client, service, availability="di en do 10–12u")
    page = leuven_client.get(admin_url(service, "history")).content.decode()
    assert "an" in page
    assert "di en do 10–12u" in page


@pytest.mark.django_db
def test_editor_reverts_a_change(leuven_client):
    service = own_service()
    before = service.description
    save_change(leuven_client, service, description="Een vergissing.")
    assert Service.objects.get(pk=service.pk).description == "Een vergissing."

    earlier = service.history.exclude(description="Een vergissing.").order_by("-history_date").first()
    url = reverse("admin:partners_service_simple_history", args=[service.pk, earlier.history_id])
    page = leuven_client.get(url)
    assert page.status_code == 200
    assert leuven_client.post(url, form_data(page)).status_code == 302
    assert Service.objects.get(pk=service.pk).description == before
    assert service.history.count() >= 3  # the revert is itself in the history


@pytest.mark.django_db
def test_deleted_service_is_restored_with_its_phones_and_themes(leuven_client, spare_service):
    pk = spare_service.pk
    assert leuven_client.post(admin_url(spare_service, "delete"), {"post": "yes"}).status_code == 302
    assert not Service.objects.filter(pk=pk).exists()

    dashboard = leuven_client.get(reverse("admin:dashboard"))
    deleted = [item for item in dashboard.context["deleted"] if item.label == "Babbelpunt"]
    assert len(deleted) == 1
    assert leuven_client.get(deleted[0].restore_url).status_code == 200
    assert leuven_client.post(deleted[0].restore_url).status_code == 302

    restored = Service.objects.get(pk=pk)
    assert [(p.display, p.label) for p in restored.phones.all()] == [("016 24 24 24", "onthaal"), ("0800 13 500", "")]
    assert set(restored.themes.values_list("slug", flat=True)) == {"armoede", "pesten"}
    deletion = restored.history.filter(history_type="-").latest("history_date")
    restore = restored.history.filter(history_type="+").latest("history_date")
    assert restore.history_date > deletion.history_date
    assert restore.history_user.username == "an"  # the restore is in the history, with who did it
    assert not [item for item in leuven_client.get(reverse("admin:dashboard")).context["deleted"] if item.label == "Babbelpunt"]


@pytest.mark.django_db
def test_deleted_section_comes_back_with_its_entries_on_the_public_card(leuven_client, leuven, committed):
    section = Section.objects.get(region=leuven, card="partnerkaart", slug="gezinnen")
    assert Entry.objects.filter(section=section, parent__isnull=False).exists()  # with sub-entries
    before = leuven_client.get("/leuven/partnerkaart/").content.decode()
    entries = set(Entry.objects.filter(section=section).values_list("pk", "parent_id", "service_id", "title", "order"))

    with committed():
        assert leuven_client.post(admin_url(section, "delete"), {"post": "yes"}).status_code == 302
    assert "Gezinsbegeleiding op verschillende domeinen" not in leuven_client.get("/leuven/partnerkaart/").content.decode()

    deleted = [item for item in leuven_client.get(reverse("admin:dashboard")).context["deleted"] if item.what == "rubriek"]
    assert [item.label for item in deleted] == [str(section)]  # its entries come back with it, not one by one
    with committed():
        leuven_client.post(deleted[0].restore_url)

    assert (
        set(Entry.objects.filter(section_id=section.pk).values_list("pk", "parent_id", "service_id", "title", "order")) == entries
    )
    # The same page, but for its "last changed" date (which moves with the restore, and the day at midnight).
    assert without_changed_date(leuven_client.get("/leuven/partnerkaart/").content.decode()) == without_changed_date(before)


@pytest.mark.django_db
def test_editor_cannot_see_or_restore_other_region_deletions(leuven_client, zenne):
    resource = Resource.objects.get(region=zenne)
    pk = resource.pk
    resource.delete()
    record = Resource.history.get(id=pk, history_type="-")
    dashboard = leuven_client.get(reverse("admin:dashboard"))
    assert not [item for item in dashboard.context["deleted"] if item.label == resource.title]
    url = reverse("admin:restore_deleted", args=["partners", "resource", record.history_id])
    assert leuven_client.get(url).status_code == 403
    assert leuven_client.post(url).status_code == 403
    assert not Resource.objects.filter(pk=pk).exists()


@pytest.mark.django_db
def test_editor_cannot_revert_a_shared_service(leuven_client):
    shared = Service.objects.filter(organization__region__isnull=True, coverage="flanders").first()
    version = shared.history.first()
    url = reverse("admin:partners_service_simple_history", args=[shared.pk, version.history_id])
    page = leuven_client.get(url)
    assert page.status_code == 200
    assert page.context["revert_disabled"]
    assert leuven_client.post(url, form_data(page)).status_code == 403


@pytest.mark.django_db
def test_editor_cannot_open_other_region_versions(leuven_client, zenne):
    other = Service.objects.get(key="hvhk-halle")
    url = reverse("admin:partners_service_simple_history", args=[other.pk, other.history.first().history_id])
    assert leuven_client.get(url).status_code == 403
