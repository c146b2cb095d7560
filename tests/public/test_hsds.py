"""The HSDS 3.0 API (/api/hsds/): every object it returns validates against the official schemas.

Walked for the Leuven content and for generated scale data, on whatever database the suite
runs on (SQLite by default, PostgreSQL with DATABASE_URL).
"""

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from jsonschema import Draft202012Validator

from partners import versions
from partners.models import Coverage, Organization, Region, Service, Theme
from partners.public.selectors import RegionContent
from tests.helpers.growth import grow
from tests.helpers.hsds_schemas import FORMATS_CHECKED, errors, page_validator


def get_json(client, path: str):
    response = client.get(path)
    assert response.status_code == 200, (path, response.content[:300])
    assert response["Access-Control-Allow-Origin"] == "*", path
    return response.json()


def ndjson(client, path: str) -> list[dict]:
    """Every object of an ndjson list, following its pages (the `Link: <…>; rel="next"` header)."""
    items = []
    while path:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Content-Type"].startswith("application/x-ndjson")
        items += [json.loads(line) for line in response.content.decode().splitlines()]
        link = response.get("Link", "")
        path = link[1 : link.index(">")] if link else ""
    assert len(items) == int(response["X-Total-Count"])
    return items


def all_pages(client, path: str, per_page: int = 40) -> list[dict]:
    """Every item of a list endpoint, page by page, each page checked against the spec's Page."""
    items, page = [], 1
    while True:
        body = get_json(client, f"{path}{'&' if '?' in path else '?'}page={page}&per_page={per_page}")
        assert not list(page_validator().iter_errors(body)), path
        assert body["page_number"] == page and body["size"] == len(body["contents"])
        items += body["contents"]
        if body["last_page"]:
            assert body["total_items"] == len(items)
            return items
        page += 1


def assert_valid(schema: str, objects: list[dict]) -> None:
    problems = {obj.get("id"): errors(schema, obj) for obj in objects}
    problems = {key: value for key, value in problems.items() if value}
    assert not problems, (schema, list(problems.items())[:3])


def walk(client, scope: str, details: bool = True) -> int:
    """Validate every object of one scope; returns how many were checked.

    Without `details` the /{id} endpoints are skipped (another scope's walk asks the same objects).
    """
    checked = 0
    services = all_pages(client, f"{scope}/services")
    assert_valid("compiled/service_list.json", services)
    full = ndjson(client, f"{scope}/services?format=ndjson")
    assert {s["id"] for s in full} == {s["id"] for s in services}
    assert_valid("compiled/service.json", full)
    for service in services if details else []:
        assert not errors("compiled/service.json", get_json(client, f"{scope}/services/{service['id']}"))
    checked += 2 * len(services)

    organizations = all_pages(client, f"{scope}/organizations")
    assert_valid("compiled/organization_list.json", organizations)
    assert organizations
    for org in organizations if details else []:
        detail = get_json(client, f"{scope}/organizations/{org['id']}?full_service=true")
        assert not errors("compiled/organization.json", detail)
        assert detail["services"], org["name"]
    checked += len(organizations)

    located = all_pages(client, f"{scope}/service_at_locations")
    assert_valid("compiled/service_at_location_list.json", located)
    for item in located if details else []:
        assert not errors("compiled/service_at_location.json", get_json(client, f"{scope}/service_at_locations/{item['id']}"))
    checked += len(located)

    taxonomies = all_pages(client, f"{scope}/taxonomies")
    assert_valid("taxonomy.json", taxonomies)
    terms = all_pages(client, f"{scope}/taxonomy_terms")
    assert_valid("taxonomy_term.json", terms)
    for term in terms if details else []:
        assert not errors("taxonomy_term.json", get_json(client, f"{scope}/taxonomy_terms/{term['id']}"))
    checked += len(taxonomies) + len(terms)
    return checked


# -- the standard ------------------------------------------------------------------------------


def test_the_format_checks_really_run():
    assert FORMATS_CHECKED <= set(Draft202012Validator.FORMAT_CHECKER.checkers)
    good = {"id": "6def7cb5-9247-4225-bf36-7b51dc2c1095", "name": "TEJO", "status": "active"}
    assert errors("compiled/service.json", good) == []
    for field, bad in [
        ("id", "6def7cb5-9247-4225-bf36"),
        ("email", "info.tejo.be"),
        ("url", "tejo be"),
        ("last_modified", "2025-13-01 08:00"),
        ("status", "open"),
    ]:
        assert errors("compiled/service.json", good | {field: bad}), field


@pytest.mark.slow  # every object against the JSON schemas, ~3.5 s
@pytest.mark.django_db
def test_every_object_of_leuven_validates(client, leuven):
    assert walk(client, "/api/hsds/leuven") > 150
    assert walk(client, "/api/hsds", details=False) > 150


@pytest.mark.slow  # generates scale data
@pytest.mark.django_db
def test_every_object_of_the_scale_data_validates(client, leuven):
    call_command("generate_scale_data", regions=3, services=30, force=True, stdout=io.StringIO())
    slug = Region.objects.filter(slug__startswith="proef-").order_by("slug").first().slug
    assert walk(client, f"/api/hsds/{slug}") > 30
    assert walk(client, "/api/hsds", details=False) > 150


@pytest.mark.django_db
def test_the_region_download_is_an_hsds_service_package(client, leuven):
    response = client.get("/api/hsds/leuven/download.json")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    package = response.json()
    assert not errors("compiled/service_package.json", package)
    assert len(package) == len(RegionContent(leuven).services)


@pytest.mark.django_db
def test_root_and_openapi(client, leuven):
    root = get_json(client, "/api/hsds/leuven/")
    assert root["version"] == "3.0"
    assert root["openapi_url"] == "http://testserver/api/hsds/openapi.json"
    document = get_json(client, "/api/hsds/openapi.json")
    text = json.dumps(document)
    assert "REQUIRED --" not in text and "HERE" not in text  # the spec's placeholders are filled in
    assert document["info"]["license"]["name"]
    assert "x_minimum_age_months" in document["info"]["description"]


# -- what it holds ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_region_holds_exactly_what_its_pages_show(client, leuven, zenne, committed):
    shown = {str(s.uuid) for s in RegionContent(leuven).services.values()}
    assert {s["id"] for s in ndjson(client, "/api/hsds/leuven/services?format=ndjson")} == shown
    halle = Service.objects.get(key="hvhk-halle")
    assert str(halle.uuid) not in shown
    assert str(halle.uuid) in {s["id"] for s in ndjson(client, "/api/hsds/zenne/services?format=ndjson")}
    assert client.get(f"/api/hsds/leuven/services/{halle.uuid}").status_code == 404
    assert client.get(f"/api/hsds/services/{halle.uuid}").status_code == 200

    flemish = Service.objects.filter(coverage=Coverage.FLANDERS).first()
    with committed():
        leuven.excluded_services.add(flemish)
    ids = {s["id"] for s in ndjson(client, "/api/hsds/leuven/services?format=ndjson")}
    assert str(flemish.uuid) not in ids
    assert str(flemish.uuid) in {s["id"] for s in ndjson(client, "/api/hsds/zenne/services?format=ndjson")}


@pytest.mark.django_db
def test_phones_areas_dates_and_extensions(client, leuven):
    tejo = Service.objects.get(key="tejo")
    tejo.assured_date = "2025-03-04"
    tejo.save()
    body = get_json(client, f"/api/hsds/leuven/services/{tejo.uuid}")
    assert [p["number"] for p in body["phones"]] == ["+32472602603"]
    assert body["assured_date"] == "2025-03-04"
    assert body["status"] == "active"
    assert [a["name"] for a in body["service_areas"]] == ["ELZ Leuven"]
    # The zone's municipalities with their postcodes (fixtures/geo): Kessel-Lo is 3010, in Leuven.
    assert "Leuven (3000, 3001, 3010, 3012, 3018)" in body["service_areas"][0]["description"]
    assert body["minimum_age"] == 10 and body["x_minimum_age_months"] == 120
    address = body["service_at_locations"][0]["location"]["addresses"][0]
    assert (address["address_1"], address["postal_code"], address["state_province"]) == (
        "Tervuursevest 176",
        "3000",
        "Vlaams-Brabant",
    )
    flemish = get_json(client, f"/api/hsds/services/{Service.objects.filter(coverage=Coverage.FLANDERS).first().uuid}")
    assert [a["name"] for a in flemish["service_areas"]] == ["Vlaanderen en Brussel"]


@pytest.mark.django_db
def test_ids_are_stored_and_survive_a_reload(client, leuven):
    before = {
        s["x_key"]: (s["id"], [p["id"] for p in s["phones"]]) for s in ndjson(client, "/api/hsds/leuven/services?format=ndjson")
    }
    call_command("load_demo", verbosity=0)
    after = {
        s["x_key"]: (s["id"], [p["id"] for p in s["phones"]]) for s in ndjson(client, "/api/hsds/leuven/services?format=ndjson")
    }
    assert after == before
    assert len({ids[0] for ids in before.values()}) == len(before)


@pytest.mark.django_db
def test_filters(client, leuven):
    found = get_json(client, "/api/hsds/leuven/services?search=tejo")
    assert [s["x_key"] for s in found["contents"]] == ["tejo"]

    theme = Theme.objects.get(slug="verslaving")
    by_theme = get_json(client, f"/api/hsds/leuven/services?taxonomy_term_id={theme.uuid}&per_page=500")
    expected = {str(s.uuid) for s in RegionContent(leuven).services.values() if theme in s.themes.all()}
    assert {s["id"] for s in by_theme["contents"]} == expected and expected

    terms = get_json(client, "/api/hsds/taxonomy_terms?search=baby")["contents"]
    baby = next(t for t in terms if t["code"] == "0-3")
    for_babies = {
        s["x_key"] for s in get_json(client, f"/api/hsds/leuven/services?taxonomy_term_id={baby['id']}&per_page=500")["contents"]
    }
    assert "kind-en-gezin-leuven" in for_babies and "tejo" not in for_babies

    Service.objects.filter(key="tejo").update(updated_at="2030-01-01T00:00:00Z")
    versions.bump()
    recent = get_json(client, "/api/hsds/leuven/services?modified_after=2029-12-31T00:00:00Z")
    assert [s["x_key"] for s in recent["contents"]] == ["tejo"]

    org = Organization.objects.get(name="TEJO")
    assert [s["x_key"] for s in get_json(client, f"/api/hsds/leuven/services?organization_id={org.uuid}")["contents"]] == ["tejo"]

    empty = get_json(client, "/api/hsds/leuven/services?search=zzzgeenzulkedienst")
    assert (empty["total_items"], empty["empty"], empty["contents"]) == (0, True, [])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/api/hsds/leuven/services?page=twee",
        "/api/hsds/leuven/services?per_page=0",
        "/api/hsds/leuven/services?modified_after=gisteren",
        "/api/hsds/leuven/services?format=xml",
        "/api/hsds/taxonomies?page=-1",
    ],
)
def test_bad_parameters_get_a_400_with_a_message(client, leuven, path):
    response = client.get(path)
    assert response.status_code == 400
    assert response.json()["error"]
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/api/hsds/nergens/services", "/api/hsds/services/niet-een-uuid", "/api/hsds/services/6def7cb5-9247-4225-bf36-7b51dc2c1095",
     "/api/hsds/organizations/6def7cb5-9247-4225-bf36-7b51dc2c1095", "/api/hsds/taxonomy_terms/x", "/api/hsds/nergens/"],
)  # fmt: skip
def test_unknown_things_get_a_json_404(client, leuven, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.json() == {"error": "Niet gevonden."}


@pytest.mark.django_db
def test_it_is_read_only(client, leuven):
    tejo = Service.objects.get(key="tejo")
    for method in (client.post, client.put, client.delete, client.patch):
        response = method(f"/api/hsds/services/{tejo.uuid}", data={"name": "Overgenomen"}, content_type="application/json")
        assert response.status_code == 405
    assert Service.objects.get(key="tejo").name == "TEJO"


@pytest.mark.django_db
def test_huge_pages_are_capped(client, leuven):
    body = get_json(client, "/api/hsds/leuven/services?per_page=100000")
    assert body["size"] == min(500, body["total_items"])


# -- cost ------------------------------------------------------------------------------------

API_PATHS = [
    "/api/hsds/leuven/services?per_page=30",
    "/api/hsds/leuven/services?per_page=30&full=true",
    "/api/hsds/leuven/services?format=ndjson",
    "/api/hsds/leuven/organizations?per_page=30",
    "/api/hsds/leuven/service_at_locations",
    "/api/hsds/leuven/taxonomy_terms",
    "/api/hsds/leuven/download.json",
    "/api/hsds/services?per_page=30&full=true",
    "/api/hsds/services?format=ndjson",
]


def cold_counts(client) -> dict[str, int]:
    result = {}
    for path in API_PATHS:
        versions.bump()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200, path
        result[path] = len(queries)
    return result


@pytest.mark.slow
@pytest.mark.django_db
def test_query_counts_do_not_grow_with_the_data(client, leuven, django_assert_max_num_queries, settings):
    # Count the version read on every request, as the bench does: with the default trust of a
    # second, whether it is read would depend on how fast the machine is.
    settings.VERSION_CHECK_SECONDS = 0
    before = cold_counts(client)
    grow(leuven)
    assert cold_counts(client) == before
    call_command("generate_scale_data", regions=20, services=20, force=True, stdout=io.StringIO())
    assert cold_counts(client) == before
    for path in API_PATHS:
        versions.bump()
        with django_assert_max_num_queries(max(before.values())):
            client.get(path)


@pytest.mark.django_db
def test_the_api_is_cached_like_the_public_pages(client, leuven, settings, committed):
    # The version this process read stays trusted for the whole test, however slow the machine
    # (with the default of one second a loaded machine read it again: 1 query instead of 0).
    settings.VERSION_CHECK_SECONDS = 600
    path = "/api/hsds/leuven/services?search=tejo&full=true"
    versions.bump()
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        warm = client.get(path)
    assert len(queries) == 0  # served by the page cache before the views, like every public page
    assert warm["Access-Control-Allow-Origin"] == "*"
    tejo = Service.objects.get(key="tejo")
    with committed():
        tejo.description = "Gratis therapie voor jongeren, ook online."
        tejo.save()
    assert client.get(path).json()["contents"][0]["description"] == "Gratis therapie voor jongeren, ook online."


@pytest.mark.django_db
def test_the_limburg_consult_line_exports_its_hours_as_valid_schedules(client, leuven):
    from partners.models import Schedule, Service

    service = Service.objects.get(key="consult-verontrusting-limburg")
    response = client.get(f"/api/hsds/services/{service.uuid}")
    assert response.status_code == 200
    obj = response.json()
    assert errors("compiled/service.json", obj) == []
    schedules = obj["schedules"]
    assert sorted((s["byday"], s["opens_at"], s["closes_at"]) for s in schedules) == [
        ("TH", "10:00", "12:00"), ("TH", "14:00", "16:00"), ("TU", "10:00", "12:00"), ("TU", "14:00", "16:00"),
    ]  # fmt: skip
    for schedule in schedules:
        assert errors("schedule.json", schedule) == []
        assert schedule["freq"] == "WEEKLY" and schedule["service_id"] == str(service.uuid)
        assert "feestdagen" in schedule["notes"]
    # The ids are the stored ones: an export tomorrow names the same schedules.
    assert {s["id"] for s in schedules} == {
        str(u) for u in Schedule.objects.filter(service=service).values_list("uuid", flat=True)
    }
    always = client.get(f"/api/hsds/services/{Service.objects.get(key='tele-onthaal-106').uuid}").json()
    assert [s["description"] for s in always["schedules"]] == ["24/7"]
