"""A new eerstelijnszone from the template, so that it works at once and only needs local partners.

The template is the guidance of the model region's content file (ELZ Leuven, the paper original):
its step texts, urgency tiers, ACE/PACE lists, signal lists and methods, consult topics and the
sections of both cards. Of the contacts and entries only the shared services are kept, and only
those that cover the new region: nothing of the model region's local partners is copied.
"""

from __future__ import annotations

from django.db import transaction

from partners.content.loader import FIXTURES_DIR, ContentError, _Loader, read_yaml
from partners.models import Province, Region, Service
from partners.versions import deferred_bumps

TEMPLATE_FILE = FIXTURES_DIR / "leuven.yaml"
TEMPLATE_BLOCKS = ("steps", "factor_lists", "resources", "tiers", "consult_topics", "sections")

# Belgian postcodes by first digits; Wallonia has no ELZ.
POSTCODE_PROVINCES = [
    (1000, 1299, Province.BRUSSEL),
    (1500, 1999, Province.VLAAMS_BRABANT),
    (2000, 2999, Province.ANTWERPEN),
    (3000, 3499, Province.VLAAMS_BRABANT),
    (3500, 3999, Province.LIMBURG),
    (8000, 8999, Province.WEST_VLAANDEREN),
    (9000, 9999, Province.OOST_VLAANDEREN),
]


def province_for_postcode(postcode: str) -> str | None:
    number = int(postcode)
    return next((province for low, high, province in POSTCODE_PROVINCES if low <= number <= high), None)


def parse_gemeenten(spec: str, default_name: str) -> list[dict]:
    """'9000=Gent,9030=Mariakerke' or '9000,9030' (then named after the region)."""
    gemeenten = []
    for part in filter(None, (p.strip() for p in spec.split(","))):
        postcode, _, name = part.partition("=")
        postcode = postcode.strip()
        if not (postcode.isdigit() and len(postcode) == 4):
            raise ContentError(f"‘{postcode}’ is geen postcode: een postcode heeft vier cijfers.")
        gemeenten.append({"postcode": postcode, "name": name.strip() or default_name})
    if not gemeenten:
        raise ContentError("Geef minstens één postcode.")
    return gemeenten


def _shared_keys_covering(province: str) -> set[str]:
    """Keys of shared services (of no region) that a new region in this province shows."""
    return set(Service.objects.shared().in_area(provinces=[province]).values_list("key", flat=True))


def _template(keep: set[str]) -> dict:
    data = read_yaml(TEMPLATE_FILE)
    template = {block: data.get(block, []) for block in TEMPLATE_BLOCKS}
    for tier in template["tiers"]:
        tier["contacts"] = [c for c in tier.get("contacts") or [] if c["service"] in keep]
    for topic in template["consult_topics"]:
        topic["contacts"] = [c for c in topic.get("contacts") or [] if c["service"] in keep]
    for section in template["sections"]:
        entries = []
        for entry in section.get("entries") or []:
            children = [c for c in entry.get("children") or [] if c.get("service") in keep]
            if entry.get("service") in keep or children:
                entries.append({**entry, "children": children})
        section["entries"] = entries
    return template


@transaction.atomic
def region_create_from_template(
    *, name: str, slug: str, postcodes: str, province: str | None = None, contact_email: str = ""
) -> Region:
    """Create a working region with the standard structure and the shared services linked."""
    if Region.objects.filter(slug=slug).exists():
        raise ContentError(f"Er bestaat al een eerstelijnszone met slug ‘{slug}’.")
    short_name = name.removeprefix("ELZ ").strip() or name
    gemeenten = parse_gemeenten(postcodes, short_name)
    province = province or province_for_postcode(gemeenten[0]["postcode"])
    if province not in Province.values:
        raise ContentError(f"Kies een provincie: ‘{gemeenten[0]['postcode']}’ ligt niet in Vlaanderen of Brussel.")
    data = {
        "region": {
            "slug": slug,
            "name": name,
            "province": province,
            "contact_email": contact_email,
            "intro": (
                f"Maak je je zorgen over het welzijn van een kind in een gezin in een kwetsbare situatie? "
                f"Deze wegwijzer helpt professionals in {short_name} stap voor stap, met partners en contacten."
            ),
            "gemeenten": gemeenten,
        },
        **_template(_shared_keys_covering(province)),
    }
    loader = _Loader()
    with deferred_bumps():
        loader.load(data, f"sjabloon voor {slug}")
    return Region.objects.get(slug=slug)
