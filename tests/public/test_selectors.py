"""services_for_situation: a situation in, the right contacts out, best fit first."""

from urllib.parse import quote

import pytest
from django.http import QueryDict

from partners.lib.ages import AGE_BANDS
from partners.public.matching import MAX_BEST, services_for_situation
from partners.public.selectors import RegionContent
from partners.public.situation import Situation

pytestmark = pytest.mark.django_db


def situation(content, query: str) -> Situation:
    return Situation.from_query(QueryDict(query), set(content.themes))


def result_for(leuven, query):
    content = RegionContent(leuven)
    return services_for_situation(content, situation(content, query))


def keys(contacts):
    return [c.service.key for c in contacts]


def group(result, title_start):
    return next(g for g in result.groups if str(g.title).startswith(title_start))


def test_young_child_with_support_lists_the_infant_mental_health_partners_first(leuven):
    result = result_for(leuven, "urgentie=ondersteuning&erkenning=ja&leeftijd=0-3&thema=jonge-kind")
    best = keys(group(result, "Past het best").contacts)
    assert {"cgg-vbo-imh", "consultdesk-pimh", "zorggarantie-jonge-kind", "kind-en-gezin-leuven"} <= set(best)
    # Services for teenagers do not fit a baby.
    everything = keys(result.contacts)
    assert "tejo" not in " ".join(everything)


def test_addiction_lists_the_drug_services_and_the_national_line(leuven):
    result = result_for(leuven, "urgentie=ondersteuning&erkenning=ja&leeftijd=18%2B&thema=verslaving")
    best = keys(group(result, "Past het best").contacts)
    assert "msoc-het-veerhuis" in best and "druglijn" in best


def test_a_baby_whose_parent_drinks_still_gets_the_addiction_services(leuven):
    result = result_for(leuven, "urgentie=ondersteuning&erkenning=ja&leeftijd=0-3&thema=verslaving")
    best = keys(group(result, "Past het best").contacts)
    assert "msoc-het-veerhuis" in best and "druglijn" in best


def only_for_adults(content):
    """Services for adults: from 18, or listed on the partnerkaart only under Volwassenen."""
    sections = {}
    for section in content.partnerkaart:
        for entry in section.entries:
            for item in [entry, *entry.children]:
                if item.contact:
                    sections.setdefault(item.contact.service.key, set()).add(section.section.slug)
    listed = {key for key, slugs in sections.items() if slugs == {"volwassenen"}}
    return listed | {s.key for s in content.services.values() if (s.age_min_months or 0) >= 216}


def test_adult_services_that_fit_the_worry_are_offered_as_help_for_the_parent(leuven):
    result = result_for(leuven, "urgentie=ondersteuning&erkenning=ja&leeftijd=3-12&thema=psychische-problemen")
    parent = keys(group(result, "Hulp voor de ouder").contacts)
    # Mild to moderate problems first, as the seed's Volwassenen section lists them.
    assert parent[:2] == ["eerstelijnspsycholoog-diletti", "cgg-vbo-volwassenen"]
    assert set(parent) <= only_for_adults(RegionContent(leuven))


def test_the_adult_mobile_teams_are_help_for_the_parent_of_a_baby_not_a_best_fit(leuven):
    """Seed 000 lists them under VOLWASSENEN only (fixtures/CORRECTIONS.md)."""
    result = result_for(leuven, "urgentie=ondersteuning&leeftijd=0-3&thema=psychische-problemen")
    teams = {"mobiel-team-oude-baan", "mobiel-team-de-hulster"}
    assert not teams & set(keys(group(result, "Past het best").contacts))
    assert teams <= set(keys(group(result, "Hulp voor de ouder").contacts))


def test_more_matching_themes_rank_higher(leuven):
    result = result_for(leuven, "urgentie=ondersteuning&erkenning=ja&leeftijd=0-3&thema=jonge-kind&thema=zwangerschap-opvoeding")
    content = RegionContent(leuven)
    # After the consult desks (S1) and the first line for the age (S2): most matching themes first.
    desks = {c.service.key for t in content.consult_topics for c in t.contacts}
    first_line = {c.service.key for c in content.tiers["ondersteuning"].contacts}
    best = [c for c in group(result, "Past het best").contacts if c.service.key not in desks | first_line]
    assert len(best) >= 3
    scores = [len({t.slug for t in c.service.themes.all()} & {"jonge-kind", "zwangerschap-opvoeding"}) for c in best]
    assert scores == sorted(scores, reverse=True)


def test_not_acknowledged_lists_vk_and_ocj(leuven):
    result = result_for(leuven, "urgentie=ondersteuning&erkenning=nee")
    assert {"vk-leuven", "ocj"} <= set(keys(group(result, "Overleg anoniem").contacts))


def test_acute_lists_the_acute_tier_in_order(leuven):
    result = result_for(leuven, "urgentie=acuut&thema=pesten")
    assert keys(result.groups[0].contacts) == keys(result_for(leuven, "urgentie=acuut").groups[0].contacts)
    assert keys(result.groups[0].contacts)[:3] == ["huisartsenwachtpost-1733", "noodnummer-112", "crisismeldpunt-minderjarigen"]


def test_support_without_acknowledgement_shows_the_contacts_and_asks_beside_them(leuven):
    result = result_for(leuven, "urgentie=ondersteuning&leeftijd=0-3&thema=jonge-kind")
    assert result.needs is None and result.asks_acknowledgement
    assert keys(result.groups[0].contacts) == keys(
        result_for(leuven, "urgentie=ondersteuning&erkenning=ja&leeftijd=0-3&thema=jonge-kind").groups[0].contacts
    )
    assert not result_for(leuven, "urgentie=ondersteuning&erkenning=ja").asks_acknowledgement
    assert result_for(leuven, "").needs == "urgentie"


def test_support_with_nothing_chosen_starts_with_the_elz_entry_points(leuven):
    result = result_for(leuven, "urgentie=ondersteuning")
    assert str(result.groups[0].title) == "Begin hier"
    assert keys(result.groups[0].contacts) == ["leuven-helpt", "caw-onthaal"]  # the support tier's contacts, in order


def test_an_age_alone_lists_services_made_for_that_age(leuven):
    result = result_for(leuven, "urgentie=ondersteuning&erkenning=ja&leeftijd=0-3")
    first = result.groups[0]
    assert str(first.title) == "Voor deze leeftijd"
    assert "kind-en-gezin-leuven" in keys(first.contacts)
    assert all(c.service.age_min_months is not None or c.service.age_max_months is not None for c in first.contacts)


def every_support_situation(content):
    for age in AGE_BANDS:
        for theme in content.themes:
            yield f"urgentie=ondersteuning&erkenning=ja&leeftijd={quote(age)}&thema={theme}"


def test_the_first_group_never_holds_a_service_outside_the_asked_age(leuven):
    content = RegionContent(leuven)
    checked = 0
    for query in every_support_situation(content):
        result = services_for_situation(content, situation(content, query))
        band = result.situation.age
        first = result.groups[0]
        # The best fits, or (nothing fits, as for bullying of an adult) the ELZ's entry points.
        assert str(first.title) in ("Past het best bij wat je ziet", "Begin hier"), query
        for contact in first.contacts:
            service = contact.service
            assert band.overlaps(service.age_min_months, service.age_max_months), (query, service.key)
            checked += 1
    assert checked > 100


def test_adult_only_services_are_help_for_the_parent_never_a_fit_for_a_child(leuven):
    content = RegionContent(leuven)
    adults = only_for_adults(content)
    for query in every_support_situation(content):
        result = services_for_situation(content, situation(content, query))
        if result.situation.age.slug == "18+":
            continue
        for shown in result.groups:
            adult_only = [c.service.key for c in shown.contacts if c.service.key in adults]
            if str(shown.title) == "Hulp voor de ouder":
                assert len(adult_only) == len(shown.contacts), query
            else:
                assert adult_only == [], (query, shown.title)
    # The adults' crisis team is help for a parent in an acute situation only.
    result = result_for(leuven, "urgentie=ondersteuning&erkenning=ja&leeftijd=0-3&thema=psychische-problemen")
    assert "mobiel-crisisteam-upc" not in keys(result.contacts)
    result = result_for(leuven, "urgentie=acuut&leeftijd=0-3&thema=psychische-problemen")
    assert "mobiel-crisisteam-upc" not in keys(result.groups[0].contacts)
    assert keys(group(result, "Hulp voor de ouder").contacts) == ["mobiel-crisisteam-upc"]


def test_each_service_and_each_number_is_shown_once_and_the_best_fits_are_few(leuven):
    content = RegionContent(leuven)
    for query in every_support_situation(content):
        result = services_for_situation(content, situation(content, query))
        shown = [c for g in result.groups for c in g.contacts]
        assert len({c.service.id for c in shown}) == len(shown), query
        phones = [str(p.number) for c in shown for p in c.service.phones.all()]
        assert len(set(phones)) == len(phones), query
        assert len(result.groups[0].contacts) <= MAX_BEST, query


def test_kind_en_gezin_appears_once_for_a_baby(leuven):
    result = result_for(leuven, "urgentie=ondersteuning&erkenning=ja&leeftijd=0-3&thema=jonge-kind")
    shown = keys(c for g in result.groups for c in g.contacts)
    assert "kind-en-gezin-leuven" in shown and "kind-en-gezin" not in shown
    # Huis van het Kind Leuven answers on the same number as Kind en Gezin Leuven: one card for it.
    assert "huis-van-het-kind-leuven" not in shown
    # No long tail of 'ook mogelijk' partners: that is the filtered partnerkaart's job.
    assert [str(g.title) for g in result.groups] == [
        "Past het best bij wat je ziet",
        "Hier kan je altijd terecht",
        "Betrek het informele netwerk",
    ]


def test_services_with_similar_names_are_each_shown(leuven):
    """CGG VBO for adults is another service than CGG VBO for children: one never hides the other."""
    result = result_for(leuven, "urgentie=ondersteuning&erkenning=ja&leeftijd=3-12&thema=psychische-problemen")
    shown = keys(result.contacts)
    assert "cgg-vbo-kinderen-jongeren" in shown and "cgg-vbo-volwassenen" in shown


def test_no_action_offers_consult_desks_for_the_theme_if_things_change(leuven):
    result = result_for(leuven, "urgentie=geen-actie&thema=zelfmoord")
    assert [t.topic.theme.slug for t in result.topics] == ["zelfmoord"]


def test_situation_ignores_what_it_does_not_know(leuven):
    content = RegionContent(leuven)
    parsed = situation(content, "leeftijd=7&thema=onbekend&thema=pesten&thema=pesten&urgentie=x&erkenning=ja")
    assert parsed == Situation(age=None, themes=("pesten",), urgency=None, acknowledged=None)
    assert parsed.querystring() == "?thema=pesten"


def test_among_equal_fits_those_with_a_phone_number_come_first(leuven):
    result = result_for(leuven, "urgentie=ondersteuning&erkenning=ja&leeftijd=0-3&thema=jonge-kind")
    has_phone = [bool(c.service.phones.all()) for c in group(result, "Past het best").contacts]
    assert True in has_phone and False in has_phone
    assert has_phone == sorted(has_phone, reverse=True)
