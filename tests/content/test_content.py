"""The shipped content: complete, faithful to seed 000, and clean."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from partners.content.demo import load_demo
from partners.lib import phones
from partners.models import (
    Card,
    ConsultTopic,
    Coverage,
    Email,
    Entry,
    FactorList,
    Phone,
    Region,
    Resource,
    Section,
    Service,
    Step,
    UrgencyTier,
)

# Transcribed by hand from seed 000 (lines 93–726), independently of the YAML files: every phone
# number and e-mail address of a service. Left out: the two personal contact persons of the slides
# and info@elzleuven.be (the ELZ's own address, stored as the region's contact e-mail).
# Corrected as fixtures/CORRECTIONS.md explains: Awel is 102 (the seed says 112); the Mobiel Team
# Oude Baan address was broken over two lines.
SEED_PHONES = """
02 425 17 70 · 016 30 17 30 · 02 243 50 07 · 0800 13 500 · 016 23 65 67 · 02 424 30 00
02 361 21 28 · 02 725 60 13 · 016 27 26 17 · 1733 · 112 · 078 05 00 38 · 016 34 26 08
016 27 24 90 · 0474 88 78 34 · 016 23 73 32 · 016 52 56 50 · 0490 64 44 50 · 0492 43 67 09
02 420 22 44 · 016 55 55 55 · 0800 11 205 · 016 29 81 30 · 078 15 25 35 · 0491 56 76 76
016 85 79 79 · 016 31 99 99 · 016 32 62 66 · 016 56 21 11 · 016 29 87 75 · 016 27 27 72
0472 60 26 03 · 016 33 84 00 · 016 28 24 00 · 016 30 80 10 · 070 24 52 45 · 016 34 11 11
106 · 1712 · 1813 · 078 15 10 20 · 102 · 0492 15 54 55 · 02 681 81 81 · 016 58 38 53
016 27 27 50 · 078 15 00 10
"""
SEED_EMAILS = """
consultdesk@yuneco.be onthaal@cawoostbrabant.be veilighuis.oostbrabant@vlaanderen.be
leuven@msocvlaamsbrabant.be info@aspha.be onderwijs@leuven.be mobielcrisisteam@upckuleuven.be
info@huisvanhetkind.be leuven@kindengezin.be leuven-kj@cgg-vbo.be info@mfccombo.be aanmelden@sporen.be
aanmeldingen@1g1poostbrabant.be leuven@homestartvlaanderen.be magenta@kuleuven.be
zorgzeker@zorgleuven.be leuven@familiehulp.be info@huisvanhetkindleuven.be info@pleegzorgvbb.be
leuven-vo@cgg-vbo.be info.leuven@passant.be info@praxisp.be
mobielteamleuven@kamillus.broedersvanliefde.be leuven.helpt@leuven.be info@vclbleuven.be
onthaal@clbleuventienen.be zsg@uzleuven.be info.leuven@tejo.be jeugddienst@leuven.be
vragen@opvoedingslijn.be
"""

# Seed 003 (Opgroeien, Limburg; fixtures/limburg.yaml and SOURCES.md), transcribed by hand from
# lines 255–275, 402–405, 569–579 and 672: team Jonge Kind Limburg, the consult on verontrusting,
# the Kind en Gezin teams of the Limburg regions. Left out: the staff's personal addresses (687–695).
SEED_003_PHONES = "0490 44 82 58 · 02 243 55 05 · 02/243 59 99"
SEED_003_EMAILS = """
jongekind.limburg@opgroeien.be outreachendconsult.limburg@opgroeien.be Haspengouw@kindengezin.be
Midden-Limburg@kindengezin.be Maasland@kindengezin.be Noord-Limburg@kindengezin.be West-Limburg@kindengezin.be
Midwest-Limburg@kindengezin.be Hasselt@kindengezin.be
"""

pytestmark = pytest.mark.django_db


def test_every_seed_phone_number_is_in_the_data_and_nothing_else(demo_content):
    expected = {phones.normalize(n) for n in SEED_PHONES.replace("\n", " · ").split(" · ") if n.strip()}
    assert len(expected) == 47
    expected |= {phones.normalize(n.replace("/", " ")) for n in SEED_003_PHONES.split(" · ")}
    stored = set(Phone.objects.values_list("number", flat=True))
    assert stored == expected, {"missing": expected - stored, "unexpected": stored - expected}


def test_every_seed_email_is_in_the_data_and_nothing_else(demo_content):
    expected = set(SEED_EMAILS.split())
    assert len(expected) == 30
    expected |= {address.lower() for address in SEED_003_EMAILS.split()}
    stored = set(Email.objects.values_list("address", flat=True))
    assert stored == expected, {"missing": expected - stored, "unexpected": stored - expected}


def test_leuven_is_the_zone_leuven_with_its_deelgemeenten_and_contact(leuven):
    from partners.models import Locality

    assert leuven.zone.name == "Leuven" and leuven.has_own_map
    assert [(m.refnis, m.name_nl) for m in leuven.zone.municipalities.all()] == [("24062", "Leuven")]
    assert set(leuven.zone.municipalities.get().postcodes.values_list("code", flat=True)) == {
        "3000",
        "3001",
        "3010",
        "3012",
        "3018",
    }
    assert set(Locality.objects.filter(municipality__zones=leuven.zone).exclude(postcode="").values_list("postcode", "name")) == {
        ("3001", "Heverlee"),
        ("3010", "Kessel-Lo"),
        ("3012", "Wilsele"),
        ("3018", "Wijgmaal"),
    }
    assert leuven.contact_email == "info@elzleuven.be"


def test_the_cards_have_the_seeds_sections_in_order(leuven):
    partnerkaart = list(Section.objects.filter(region=leuven, card=Card.PARTNERKAART).values_list("slug", flat=True))
    assert partnerkaart == ["zwangeren-0-3", "gezinnen", "volwassenen", "kinderen-jongeren-3-18", "overleg", "informeel-netwerk"]
    contactfiche = list(Section.objects.filter(region=leuven, card=Card.CONTACTFICHE).values_list("slug", flat=True))
    assert contactfiche == ["praktisch-financieel", "gezondheid-welzijn", "telefonische-online-hulp", "sociaal", "opvoeding"]


def test_grouped_sub_entries_sit_under_their_heading(leuven):
    heading = Entry.objects.get(section__region=leuven, section__slug="gezinnen", title__startswith="Gezinsbegeleiding")
    children = [c.display_title for c in heading.children.order_by("order")]
    assert len(children) == 8
    assert "Shelter" in children[0] and "Magenta" in children[-1]


def test_the_three_tiers_and_the_acute_contacts_in_the_seeds_order(leuven):
    assert list(UrgencyTier.objects.filter(region=leuven).values_list("slug", flat=True)) == [
        "acuut",
        "ondersteuning",
        "geen-actie",
    ]
    acute = UrgencyTier.objects.get(region=leuven, slug="acuut")
    # The seed's acute list, for every situation; lines for one theme come on top of it.
    first_numbers = [c.service.phones.first().number for c in acute.contacts.filter(theme=None).select_related("service")]
    assert first_numbers == ["1733", "112", "+3278050038", "+3216342608", "+3222435007", "+3216301730"]
    by_theme = [(c.theme.slug, c.service.phones.first().number) for c in acute.contacts.exclude(theme=None)]
    assert ("zelfmoord", "1813") in by_theme and ("zelfmoord", "+3224243000") in by_theme  # seed: "voor dringende vragen"


def test_every_consult_line_of_the_seed_is_a_topic(leuven):
    themes = set(ConsultTopic.objects.filter(region=leuven).values_list("theme__slug", flat=True))
    assert themes == {
        "zwangerschap-opvoeding", "jonge-kind", "psychische-problemen", "kindermishandeling", "verontrusting",
        "intrafamiliaal-geweld", "verslaving", "discriminatie-geweld", "zelfmoord", "cultuursensitief", "vluchtelingen",
    }  # fmt: skip
    assert all(ConsultTopic.objects.get(region=leuven, theme__slug=t).contacts.exists() for t in themes)


def test_steps_factor_lists_and_resources_are_there(leuven):
    assert list(Step.objects.filter(region=leuven).values_list("key", flat=True)) == [
        "observeer",
        "bespreek",
        "urgentie",
        "actie",
        "registreer",
    ]
    aces = FactorList.objects.get(region=leuven, key="aces")
    paces = FactorList.objects.get(region=leuven, key="paces")
    assert aces.factors.count() >= 10 and paces.factors.count() >= 10
    titles = " ".join(Resource.objects.filter(region=leuven).values_list("title", flat=True))
    for name in [
        "Augeo",
        "Kindreflex",
        "SIK",
        "LIRIK",
        "Signs of Safety",
        "Solentra",
        "Familiereflex",
        "Family Finding",
        "Born in Belgium",
        "Alivia",
        "Sociale Kaart",
    ]:
        assert name in titles


def test_national_helplines_are_entered_once_for_all_of_flanders(demo_content):
    for number in ["112", "1733", "106", "1712", "1813", "102", "+3278151020", "+3278150010", "+3270245245"]:
        services = Service.objects.filter(phones__number=number)
        assert services.count() == 1, number
        assert services.get().coverage == Coverage.FLANDERS, number
        assert services.get().organization.region is None, number


def test_loading_twice_changes_nothing(demo_content):
    models = [Service, Phone, Email, Entry, Section, Resource, ConsultTopic]
    before = {m.__name__: m.objects.count() for m in models}
    ids = set(Service.objects.values_list("id", flat=True))
    load_demo()
    assert {m.__name__: m.objects.count() for m in models} == before
    assert set(Service.objects.values_list("id", flat=True)) == ids


def _history_rows() -> int:
    from django.apps import apps

    return sum(model.objects.count() for model in apps.get_models() if model.__name__.startswith("Historical"))


def test_loading_the_same_files_again_writes_nothing(demo_content, django_capture_on_commit_callbacks):
    """A reload (after a deploy, say) of unchanged files adds no history and moves no region's "versie van"."""
    versions = dict(Region.objects.values_list("slug", "content_changed_at"))
    history = _history_rows()
    with django_capture_on_commit_callbacks(execute=True):  # the versions move after the commit
        load_demo()
    assert dict(Region.objects.values_list("slug", "content_changed_at")) == versions
    assert _history_rows() == history


def test_a_changed_line_in_a_file_is_written_and_moves_only_the_regions_that_show_it(
    demo_content, tmp_path, django_capture_on_commit_callbacks
):
    from partners.content.loader import DEMO_FILES, FIXTURES_DIR, load_files

    leuven_yaml = (FIXTURES_DIR / "leuven.yaml").read_text(encoding="utf-8")
    assert leuven_yaml.count('number: "016 27 26 17"') == 1
    changed = tmp_path / "leuven.yaml"
    changed.write_text(leuven_yaml.replace('number: "016 27 26 17"', 'number: "016 27 26 18"'), encoding="utf-8")
    versions = dict(Region.objects.values_list("slug", "content_changed_at"))
    phone_ids = set(Phone.objects.exclude(number="+3216272617").values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        load_files([FIXTURES_DIR / name for name in DEMO_FILES[:-1]] + [changed])
    assert Phone.objects.filter(number="+3216272618").exists() and not Phone.objects.filter(number="+3216272617").exists()
    moved = {slug for slug, at in Region.objects.values_list("slug", "content_changed_at") if at != versions[slug]}
    assert moved == {"leuven"}
    # Every other phone is the row it was: the unchanged lists were not rewritten.
    assert phone_ids <= set(Phone.objects.values_list("pk", flat=True))


def test_a_translation_check_ticked_in_the_admin_survives_a_reload(leuven):
    entry = Entry.objects.filter(section__region=leuven, section__card=Card.CONTACTFICHE).exclude(description_fr="").first()
    Entry.objects.filter(pk=entry.pk).update(translation_checked_fr=True)
    load_demo()
    entry.refresh_from_db()
    assert entry.translation_checked_fr and entry.description_fr


def test_check_content_passes_on_the_shipped_content(demo_content, capsys):
    call_command("check_content")
    assert "in orde" in capsys.readouterr().out


def test_check_content_catches_a_planted_bad_phone_number(demo_content, capsys):
    service = Service.objects.get(key="vk-leuven")
    # The model refuses a bad number even in .update(); raw SQL stands for data that got in another way.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE partners_phone SET number = %s WHERE service_id = %s", ["01630", service.pk])
    with pytest.raises(CommandError):
        call_command("check_content")
    assert "vk-leuven" in capsys.readouterr().out


def test_check_content_catches_a_service_without_any_contact(demo_content, capsys):
    service = Service.objects.get(key="vk-leuven")
    service.phones.all().delete()
    service.emails.all().delete()
    Service.objects.filter(pk=service.pk).update(url="", street="")
    with pytest.raises(CommandError):
        call_command("check_content")
    assert "geen enkel contact" in capsys.readouterr().out


def test_a_region_knows_its_records(leuven):
    assert Region.objects.get(slug="leuven").organizations.exists()
    assert Entry.objects.filter(section__region=leuven).exists()
