"""`{% missing_roles "erkenning-nee" %}`: one honest line where a page sends a professional to a
role the zone has no contact for, or to a list that is empty in this zone."""

from django import template

register = template.Library()

SOCIALE_KAART_SEARCH = "https://www.desocialekaart.be"
# The `role` of a contact group on the result pages (partners/public/matching.py) -> its place.
GROUP_PLACES = {"gemandateerd": "erkenning-nee"}


@register.inclusion_tag("wegwijzer/_missing_role.html", takes_context=True)
def missing_roles(context, place: str | tuple[str, ...], contacts=None) -> dict:
    """The roles of `place` (fixtures/roles.yaml; or of several places, each role once) this region
    lacks. Given the `contacts` listed under the heading, a line also when they are none (no heading
    with nothing under it)."""
    content = context.get("content")
    places = (place,) if isinstance(place, str) else place
    return {
        "roles": content.missing_roles(*(GROUP_PLACES.get(p, p) for p in places)) if content is not None else [],
        "empty": contacts is not None and not contacts,
        "region": context.get("region"),
        "sociale_kaart": SOCIALE_KAART_SEARCH,
    }
