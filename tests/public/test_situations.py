"""Every situation of tests/public/situations.yaml, walked through the real pages: the right numbers first.

A situation names the numbers that must come first on its page, those that must be in (or not in)
the first group of contacts, under "Hulp voor de ouder", or nowhere. See the file's header.
"""

import re
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.django_db

SITUATIONS = yaml.safe_load((Path(__file__).parent / "situations.yaml").read_text(encoding="utf-8"))
TEL = re.compile(r'<a class="tel" href="tel:[^"]*">([^<]+)</a>')
KNOWN_KEYS = {"name", "zone", "query", "first", "in_first", "not_first", "for_parent", "absent", "absent_names"}


def path_of(situation: dict) -> str:
    zone = situation["zone"]
    return f"/{zone}/wegwijzer/actie/?{situation['query']}" if situation.get("query") else f"/{zone}/acuut/"


def numbers(html: str) -> list[str]:
    """The phone numbers shown, in page order, each once."""
    result = []
    for number in TEL.findall(html):
        if number not in result:
            result.append(number)
    return result


def section_after(html: str, marker: str) -> str:
    """The <section> that starts with `marker` (its first heading), up to its end."""
    start = html.rindex("<section", 0, html.index(marker))
    return html[start : html.index("</section>", start)]


def test_the_file_holds_at_least_thirty_situations_in_leuven_and_a_template_zone():
    assert len(SITUATIONS) >= 30
    assert {s["zone"] for s in SITUATIONS} >= {"leuven", "brugge"}
    for situation in SITUATIONS:
        assert set(situation) <= KNOWN_KEYS, situation["name"]
        assert set(situation) & {"first", "in_first", "not_first", "for_parent", "absent", "absent_names"}, situation["name"]


@pytest.mark.parametrize("situation", SITUATIONS, ids=[s["name"] for s in SITUATIONS])
def test_situation_shows_the_right_numbers_first(client, demo_content, situation):
    response = client.get(path_of(situation))
    assert response.status_code == 200
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    shown = numbers(main)
    first = situation.get("first", [])
    assert shown[: len(first)] == first, shown[:6]
    first_group = section_after(main, 'id="resultaat"') if 'id="resultaat"' in main else ""
    in_first = numbers(first_group)
    for number in situation.get("in_first", []):
        assert number in in_first, (number, in_first)
    for number in situation.get("not_first", []):
        assert number not in in_first, (number, in_first)
    if situation.get("for_parent"):
        parent = numbers(section_after(main, ">Hulp voor de ouder</h2>"))
        for number in situation["for_parent"]:
            assert number in parent, (number, parent)
    for number in situation.get("absent", []):
        assert number not in shown, (number, shown)
    for name in situation.get("absent_names", []):
        assert name not in first_group, name
