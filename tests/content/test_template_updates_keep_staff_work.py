"""A template update never takes what an editor of a template zone made or changed.

`load_demo` (every deploy, every `make run`) refreshes the 59 template zones when the template
changes; only records that are still the template's own, unchanged, follow it.
"""

import io
import shutil

import pytest
from django.core.management import call_command

from partners.content import new_region
from partners.models import ConsultContact, ConsultTopic, Entry, Region, Section, Service, Step, TierContact, UrgencyTier

# Each test runs a whole load_demo with a changed template (59 zones rewritten): ~3 s each.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def changed_template(tmp_path, monkeypatch):
    """leuven.yaml as the template, with one word of a step text and one tier text changed."""
    copy = tmp_path / "leuven.yaml"
    shutil.copy(new_region.TEMPLATE_FILE, copy)

    def change(old: str, new: str) -> None:
        text = copy.read_text(encoding="utf-8")
        assert old in text
        copy.write_text(text.replace(old, new, 1), encoding="utf-8")

    monkeypatch.setattr(new_region, "TEMPLATE_FILE", copy)
    return change


def reload() -> None:
    call_command("load_demo", stdout=io.StringIO())


def test_an_editors_consult_contact_card_line_and_tier_contact_survive_a_template_update(leuven, changed_template):
    brugge = Region.objects.get(slug="brugge")
    own = Service.objects.get(key="awel-102")  # any service the zone shows
    topic = ConsultTopic.objects.get(region=brugge, theme__slug="kindermishandeling")
    contact = ConsultContact.objects.create(topic=topic, service=own, note="Ons eigen consult", order=5)
    section = Section.objects.get(region=brugge, card="partnerkaart", slug="volwassenen")
    line = Entry.objects.create(section=section, service=own, description="Onze eigen regel", order=9)
    tier = UrgencyTier.objects.get(region=brugge, slug="acuut")
    tier_contact = TierContact.objects.create(tier=tier, service=own, note="Ons eigen nummer", order=7)
    # An editor also changed a template record: that one is hers now.
    edited = UrgencyTier.objects.get(region=brugge, slug="geen-actie")
    edited.guidance = "Onze eigen uitleg."
    edited.save()

    changed_template("Blijf contact en voeling houden", "Blijf nauw contact en voeling houden")
    observe = Step.objects.get(region=brugge, key="observeer")
    changed_template(observe.title, observe.title + " (nieuw)")
    reload()

    # The template update reached Brugge …
    assert Step.objects.get(region=brugge, key="observeer").title.endswith("(nieuw)")
    # … and left all of her work as it was.
    assert ConsultContact.objects.get(pk=contact.pk).note == "Ons eigen consult"
    assert ConsultContact.objects.get(pk=contact.pk).topic_id == topic.pk
    assert Entry.objects.get(pk=line.pk).description == "Onze eigen regel"
    assert TierContact.objects.get(pk=tier_contact.pk).note == "Ons eigen nummer"
    assert UrgencyTier.objects.get(pk=edited.pk).guidance == "Onze eigen uitleg."
    # Zones nobody touched follow the template everywhere.
    assert UrgencyTier.objects.get(region__slug="gent", slug="geen-actie").guidance.startswith("Blijf nauw contact")


def test_a_template_update_changes_nothing_but_the_template_records(leuven, changed_template):
    brugge = Region.objects.get(slug="brugge")
    before = {(c.pk, c.service_id, c.note) for c in TierContact.objects.filter(tier__region=brugge)}
    changed_template("Politie, ambulance, brandweer.", "Politie, ambulance en brandweer.")
    reload()
    after = {(c.pk, c.service_id, c.note) for c in TierContact.objects.filter(tier__region=brugge)}
    changed = after - before
    assert [note for _pk, _service, note in changed] == ["Politie, ambulance en brandweer."]
    assert len(before - after) == 1  # only the old template line went, with history
    gone = next(iter(before - after))
    assert TierContact.history.filter(id=gone[0], history_type="-").exists()


def test_a_template_record_with_an_editors_line_under_it_stays_when_the_template_drops_it(leuven, changed_template, tmp_path):
    brugge = Region.objects.get(slug="brugge")
    topic = ConsultTopic.objects.get(region=brugge, theme__slug="vluchtelingen")
    mine = ConsultContact.objects.create(topic=topic, service=Service.objects.get(key="awel-102"), note="Van ons")
    changed_template("  - theme: vluchtelingen\n", "  - theme: pesten\n")
    reload()
    assert ConsultContact.objects.get(pk=mine.pk).topic_id == topic.pk
    assert ConsultTopic.objects.filter(region=brugge, theme__slug="pesten").exists()
    # Gent had nothing of its own under that topic: it follows the template.
    assert not ConsultTopic.objects.filter(region__slug="gent", theme__slug="vluchtelingen").exists()


def test_what_a_template_update_removes_shows_under_recently_deleted_for_the_zones_editor(
    client, make_editor, leuven, changed_template
):
    client.force_login(make_editor("bea", Region.objects.get(slug="brugge")))
    changed_template("Politie, ambulance, brandweer.", "Politie, ambulance en brandweer.")
    reload()  # 59 zones each lose that line at once
    html = client.get("/admin/overzicht/").content.decode()
    recently = html.split("Onlangs verwijderd", 1)[1]
    assert "Niets verwijderd" not in recently
    assert "112" in recently
