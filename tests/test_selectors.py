"""services_for_situation: a situation in, the right contacts out, best fit first."""

import pytest
from django.http import QueryDict

from partners.public.selectors import RegionContent
from wegwijzer.selectors import services_for_situation
from wegwijzer.situation import Situation

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


def test_adult_services_that_fit_the_worry_are_offered_as_help_for_the_parent(leuven):
    result = result_for(leuven, "urgentie=ondersteuning&erkenning=ja&leeftijd=3-12&thema=psychische-problemen")
    parent = keys(group(result, "Hulp voor de ouder").contacts)
    assert parent and all(c.service.age_min_months >= 216 for c in group(result, "Hulp voor de ouder").contacts)


def test_more_matching_themes_rank_higher(leuven):
    result = result_for(leuven, "urgentie=ondersteuning&erkenning=ja&leeftijd=0-3&thema=jonge-kind&thema=zwangerschap-opvoeding")
    best = group(result, "Past het best").contacts
    scores = [len({t.slug for t in c.service.themes.all()} & {"jonge-kind", "zwangerschap-opvoeding"}) for c in best]
    assert scores == sorted(scores, reverse=True)


def test_not_acknowledged_lists_vk_and_ocj(leuven):
    result = result_for(leuven, "urgentie=ondersteuning&erkenning=nee")
    assert {"vk-leuven", "ocj"} <= set(keys(group(result, "Overleg anoniem").contacts))


def test_acute_lists_the_acute_tier_in_order(leuven):
    result = result_for(leuven, "urgentie=acuut&thema=pesten")
    assert keys(result.tier.contacts)[:2] == ["huisartsenwachtpost-1733", "noodnummer-112"]
    assert result.groups == []


def test_support_without_acknowledgement_asks_for_it(leuven):
    assert result_for(leuven, "urgentie=ondersteuning").needs == "erkenning"
    assert result_for(leuven, "").needs == "urgentie"


def test_no_action_offers_consult_desks_for_the_theme_if_things_change(leuven):
    result = result_for(leuven, "urgentie=geen-actie&thema=zelfmoord")
    assert [t.topic.theme.slug for t in result.topics] == ["zelfmoord"]


def test_situation_ignores_what_it_does_not_know(leuven):
    content = RegionContent(leuven)
    parsed = situation(content, "leeftijd=7&thema=onbekend&thema=pesten&thema=pesten&urgentie=x&erkenning=ja")
    assert parsed == Situation(age=None, themes=("pesten",), urgency=None, acknowledged=None)
    assert parsed.querystring() == "?thema=pesten"
