"""What an anonymous request to the open data API can cost, and what it answers when it cannot.

Through the real URLs: a lookup finds one record by its stored id without loading the others,
lists (ndjson too) are pages of a capped size, a query string can only ever be stored under its
own meaning, and every error under /api/ is a JSON body, never a 500 for anything a client sends.
"""

import json
import uuid
from unittest import mock

import pytest
from django.db import OperationalError, connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partners import versions
from partners.models import Coverage, Region, Service, Theme
from partners.public import cache as page_cache
from partners.public import hsds, hsds_objects
from partners.public.selectors import RegionContent

pytestmark = pytest.mark.django_db


def located(region: Region) -> Service:
    return Service.objects.shown_in(region).exclude(street="").exclude(postcode="").exclude(city="").order_by("key").first()


def assert_json_error(response, status: int) -> str:
    assert response.status_code == status, (response.status_code, response.content[:200])
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()["error"]


class LoadedServices:
    """Counts the services Django builds from database rows."""

    def __init__(self) -> None:
        self.count = 0

    def __enter__(self):
        original = Service.from_db.__func__

        def counting(cls, db, field_names, values):
            self.count += 1
            return original(cls, db, field_names, values)

        self.patch = mock.patch.object(Service, "from_db", classmethod(counting))
        self.patch.start()
        return self

    def __exit__(self, *exc):
        self.patch.stop()


# -- lookups by stored id ----------------------------------------------------------------------


@pytest.mark.parametrize("scope", ["/api/hsds", "/api/hsds/leuven"])
def test_an_unknown_service_at_location_is_a_404_without_loading_every_located_service(client, leuven, scope):
    assert Service.objects.exclude(street="").count() > 10
    with LoadedServices() as loaded:
        response = client.get(f"{scope}/service_at_locations/{uuid.uuid4()}")
    assert assert_json_error(response, 404) == "Niet gevonden."
    assert loaded.count == 0


def test_a_service_at_location_is_found_by_its_stored_id_loading_only_that_service(client, leuven):
    service = located(leuven)
    wanted = hsds_objects.derived_id(service.uuid, "service_at_location")
    assert str(service.service_at_location_uuid) == wanted  # stored, and the same id as ever
    with LoadedServices() as loaded:
        body = client.get(f"/api/hsds/leuven/service_at_locations/{wanted}").json()
    assert loaded.count == 1
    assert body["id"] == wanted and body["service"]["id"] == str(service.uuid)


def test_the_stored_id_follows_every_way_a_service_is_made(leuven):
    organization = Service.objects.first().organization
    made = Service.objects.create(organization=organization, key="nieuw-1", name="Nieuw")
    bulk = Service.objects.bulk_create([Service(organization=organization, key="nieuw-2", name="Nieuw 2")])[0]
    for service in (made, Service.objects.get(pk=bulk.pk)):
        service.refresh_from_db()
        assert str(service.service_at_location_uuid) == hsds_objects.derived_id(service.uuid, "service_at_location")


# -- made-up ids: a 404 from memory, nothing stored -------------------------------------------

ENDPOINTS_BY_ID = ["services", "service_at_locations", "organizations", "taxonomies", "taxonomy_terms"]


def real_id(region: Region, endpoint: str) -> str:
    service = located(region)
    return str(
        {
            "services": service.uuid,
            "service_at_locations": service.service_at_location_uuid,
            "organizations": service.organization.uuid,
            "taxonomies": hsds_objects.THEMES_TAXONOMY,
            "taxonomy_terms": Theme.objects.order_by("slug").first().uuid,
        }[endpoint]
    )


def written_otherwise(real: str) -> list[str]:
    """What an attacker sends instead of a real id: a random one, a malformed one, and the real id
    written in the other ways uuid.UUID reads (billions of spellings: upper and lower case mixed)."""
    return [
        str(uuid.uuid4()),
        "niet-een-id",
        "x" * 300,
        real.upper(),
        real[:9] + real[9:].upper(),
        real.replace("-", ""),
        "{" + real + "}",
        "urn:uuid:" + real,
    ]


def table_rows(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        return cursor.fetchone()[0]


@pytest.fixture
def warm_process(settings):
    """A process that read the versions a moment ago and trusts them (VERSION_CHECK_SECONDS), as a
    busy gunicorn worker does; with the default second a slow machine would read them again."""
    settings.VERSION_CHECK_SECONDS = 600


@pytest.mark.parametrize("scope", ["/api/hsds", "/api/hsds/leuven"])
@pytest.mark.parametrize("endpoint", ENDPOINTS_BY_ID)
def test_an_id_the_scope_does_not_show_is_a_json_404_without_a_query(
    client, leuven, warm_process, django_assert_num_queries, scope, endpoint
):
    real = real_id(leuven, endpoint)
    assert client.get(f"{scope}/{endpoint}/{real}").status_code == 200  # the scope's ids are now in this process
    for made_up in written_otherwise(real):
        with django_assert_num_queries(0):
            response = client.get(f"{scope}/{endpoint}/{made_up}")
        assert assert_json_error(response, 404) == "Niet gevonden.", made_up
        with django_assert_num_queries(0):
            assert client.head(f"{scope}/{endpoint}/{made_up}").status_code == 404  # HEAD, which the page cache passes by


def test_a_made_up_region_is_a_404_after_looking_up_its_version(client, leuven, warm_process, django_assert_num_queries):
    real = real_id(leuven, "services")
    assert client.get(f"/api/hsds/leuven/services/{real}").status_code == 200
    for made_up in ("nergens", f"proef-{uuid.uuid4().hex[:8]}"):
        with django_assert_num_queries(2):  # its version looked for in the cache and by its slug, as for any page
            response = client.get(f"/api/hsds/{made_up}/services/{real}")
        assert assert_json_error(response, 404) == "Niet gevonden."


def test_each_scope_knows_its_own_ids(client, leuven, zenne, warm_process, django_assert_num_queries):
    halle = str(Service.objects.get(key="hvhk-halle").uuid)
    assert client.get(f"/api/hsds/zenne/services/{halle}").status_code == 200
    assert client.get(f"/api/hsds/services/{halle}").status_code == 200
    client.get(f"/api/hsds/leuven/services/{real_id(leuven, 'services')}")
    with django_assert_num_queries(0):  # another region's service: Leuven's own set says no
        assert client.get(f"/api/hsds/leuven/services/{halle}").status_code == 404


def test_a_flood_of_made_up_ids_stores_nothing(client, leuven, warm_process):
    """However many ids an attacker makes up, the caches hold what they held: the 404s are answered
    from one set of ids per scope and version, which the requests cannot add to."""
    for scope in ("/api/hsds", "/api/hsds/leuven"):
        for endpoint in ENDPOINTS_BY_ID:
            assert client.get(f"{scope}/{endpoint}/{real_id(leuven, endpoint)}").status_code == 200

    def held() -> dict[str, int]:
        return {
            "page cache rows": table_rows("wegwijzer_page_cache"),
            "shared cache rows": table_rows("wegwijzer_cache"),
            "pages in memory": len(page_cache.memory.entries),
            "values per version in memory": len(page_cache.derived.entries),
            "versions in memory": len(versions.recent.entries),
        }

    before = held()
    for n in range(60):
        for scope in ("/api/hsds", "/api/hsds/leuven", f"/api/hsds/proef-{n}"):
            for endpoint in ENDPOINTS_BY_ID:
                assert client.get(f"{scope}/{endpoint}/{uuid.uuid4()}").status_code == 404
        assert client.get(f"/api/hsds/services/{str(uuid.uuid4()).upper()}").status_code == 404
    assert held() == before


def test_a_new_service_is_found_at_once_and_a_removed_one_is_gone(client, leuven, warm_process, committed):
    """The ids follow the version: an edit moves it, and the next lookup reads the ids again."""
    service = located(leuven)
    assert client.get(f"/api/hsds/leuven/services/{uuid.uuid4()}").status_code == 404  # the ids are in memory
    with committed():
        new = Service.objects.create(organization=service.organization, key="nieuw-in-leuven", name="Nieuw in Leuven")
        new.regions.add(leuven)
    assert client.get(f"/api/hsds/leuven/services/{new.uuid}").status_code == 200
    assert client.get(f"/api/hsds/services/{new.uuid}").status_code == 200
    with committed():
        leuven.excluded_services.add(service)
    assert client.get(f"/api/hsds/leuven/services/{service.uuid}").status_code == 404


# -- lists: pages of a capped size, ndjson too ------------------------------------------------


def test_ndjson_comes_in_pages_with_a_link_to_the_next(client, leuven):
    expected = {str(s.uuid) for s in RegionContent(leuven).services.values()}
    assert len(expected) > 40
    lines = client.get("/api/hsds/leuven/services?format=ndjson&per_page=20")
    assert len(lines.content.decode().splitlines()) == 20
    assert lines["Link"] == '</api/hsds/leuven/services?page=2&per_page=20&format=ndjson>; rel="next"'
    assert lines["X-Total-Count"] == str(len(expected))
    seen, path = [], "/api/hsds/leuven/services?format=ndjson&per_page=20"
    while path:
        response = client.get(path)
        seen += [json.loads(line)["id"] for line in response.content.decode().splitlines()]
        path = response.get("Link", "")[1:].partition(">")[0]
    assert len(seen) == len(set(seen)) and set(seen) == expected


def test_ndjson_without_a_page_size_gets_the_largest_page_and_no_more(client, leuven, monkeypatch):
    monkeypatch.setattr(hsds, "MAX_PER_PAGE", 30)
    monkeypatch.setattr(hsds, "MAX_FULL_PER_PAGE", 20)
    response = client.get("/api/hsds/services?format=ndjson")
    assert len(response.content.decode().splitlines()) == 20
    assert "page=2" in response["Link"]
    assert len(client.get("/api/hsds/services?format=ndjson&per_page=100000").content.decode().splitlines()) == 20
    assert client.get("/api/hsds/services?per_page=100000").json()["size"] == 30
    assert client.get("/api/hsds/services?per_page=100000&full=true").json()["size"] == 20  # nested: smaller pages


def test_an_ndjson_page_is_made_once_per_version(client, leuven):
    first = client.get("/api/hsds/leuven/services?format=ndjson")
    with mock.patch.object(hsds, "service_object", side_effect=AssertionError("made again")):
        again = client.get("/api/hsds/leuven/services?format=ndjson")
    assert again.content == first.content and again.get("Link") == first.get("Link")


@pytest.mark.parametrize("page", ["9223372036854775808", "99999999999999999999", "1000001"])
def test_a_huge_page_number_is_a_400_not_a_500(client, leuven, page):
    assert "page" in assert_json_error(client.get(f"/api/hsds/services?page={page}"), 400)


def test_a_page_past_the_end_is_empty(client, leuven):
    body = client.get("/api/hsds/leuven/services?page=999").json()
    assert body["contents"] == [] and body["size"] == 0 and body["last_page"] is True


# -- the cache key is the query's meaning ------------------------------------------------------


@pytest.mark.parametrize("name", ["organization_id", "taxonomy_id", "taxonomy_term_id", "search", "modified_after", "page"])
def test_an_empty_parameter_is_the_plain_list_and_cannot_empty_it_for_everyone(client, leuven, name):
    shown = len(RegionContent(leuven).services)
    poisoned = client.get(f"/api/hsds/leuven/services?{name}=")
    assert poisoned.status_code == 200 and poisoned.json()["total_items"] == shown
    assert client.get("/api/hsds/leuven/services").json()["total_items"] == shown
    everywhere = Service.objects.shown_anywhere().count()
    assert client.get(f"/api/hsds/services?{name}=").json()["total_items"] == everywhere
    assert client.get("/api/hsds/services").json()["total_items"] == everywhere


@pytest.mark.parametrize(
    "query",
    ["utm_source=nieuwsbrief", "organization_id=niet-een-id", "taxonomy_term_id=x", "full=misschien", "per_page=-5",
     "modified_after=0001-01-01T00:00:00%2B01:00"],
)  # fmt: skip
def test_an_unknown_or_unreadable_parameter_is_a_json_400_and_never_stored(client, leuven, query):
    plain = client.get("/api/hsds/leuven/services")
    assert plain.status_code == 200
    assert assert_json_error(client.get(f"/api/hsds/leuven/services?{query}"), 400)
    assert assert_json_error(client.get(f"/api/hsds/leuven/services?{query}"), 400)  # also once the list is stored
    assert client.get("/api/hsds/leuven/services").content == plain.content


# -- never a 500 -------------------------------------------------------------------------------


def test_a_search_of_located_services_finds_by_name_and_by_place(client, leuven):
    service = located(leuven)
    by_city = client.get(f"/api/hsds/leuven/service_at_locations?search={service.city}&per_page=500")
    assert by_city.status_code == 200
    assert str(service.uuid) in {item["service_id"] for item in by_city.json()["contents"]}
    by_name = client.get("/api/hsds/leuven/service_at_locations", {"search": service.name})
    assert str(service.uuid) in {item["service_id"] for item in by_name.json()["contents"]}


def test_a_nul_byte_in_a_search_is_ignored(client, leuven):
    body = client.get("/api/hsds/leuven/services", {"search": "te\x00jo"}).json()
    assert [s["x_key"] for s in body["contents"]] == ["tejo"]
    assert client.get("/api/hsds/service_at_locations", {"search": "\x00"}).status_code == 200


@pytest.mark.parametrize(
    "path",
    ["/api/hsds/leuven/services/een/twee/drie", "/api/hsds/leuven/nergens", "/api/niets", "/api/hsds/nergens/taxonomies",
     f"/api/hsds/service_at_locations/{uuid.UUID(int=0)}", "/api/hsds/taxonomies/x", "/api/hsds/leuven/organizations/x"],
)  # fmt: skip
def test_every_404_under_the_api_is_json(client, leuven, path):
    assert assert_json_error(client.get(path), 404) == "Niet gevonden."


def test_a_write_is_a_json_405(client, leuven):
    response = client.post("/api/hsds/services", {"name": "x"})
    assert assert_json_error(response, 405) and response["Allow"] == "GET, HEAD"


def test_an_unexpected_error_is_a_json_500(client, leuven):
    client.raise_request_exception = False
    with mock.patch.object(hsds, "paged", side_effect=RuntimeError("kapot")):
        response = client.get("/api/hsds/leuven/organizations")
    message = assert_json_error(response, 500)
    assert "kapot" not in message and "Traceback" not in response.content.decode()


def test_the_database_away_is_a_json_503(client, leuven):
    with mock.patch.object(hsds, "paged", side_effect=OperationalError("weg")):
        response = client.get("/api/hsds/leuven/organizations?search=caw")
    assert assert_json_error(response, 503) and response["Retry-After"] == "30"


PARAMS = [*hsds.PARAMS, "utm_source", "minimal"]
VALUES = st.one_of(
    st.sampled_from(["", "1", "0", "-1", "true", "ndjson", "json", "9223372036854775808", "2025-01-31", str(uuid.uuid4()),
                     str(hsds.THEMES_TAXONOMY), str(hsds.AGES_TAXONOMY), "9999-12-31T23:59:59-23:59", "leuven"]),
    st.text(max_size=30),
)  # fmt: skip
ENDPOINTS = ["services", "organizations", "service_at_locations", "taxonomies", "taxonomy_terms", f"services/{uuid.uuid4()}"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    scope=st.sampled_from(["/api/hsds", "/api/hsds/leuven"]),
    endpoint=st.sampled_from(ENDPOINTS),
    query=st.lists(st.tuples(st.sampled_from(PARAMS), VALUES), max_size=5),
)
def test_no_query_string_makes_the_api_answer_500_or_html(client, leuven, scope, endpoint, query):
    response = client.get(f"{scope}/{endpoint}", query)
    assert response.status_code in (200, 400, 404), (endpoint, query, response.status_code)
    assert response["Content-Type"].startswith(("application/json", "application/x-ndjson"))
    if response.status_code != 200:
        assert response.json()["error"]


# -- what /api/hsds/ holds ---------------------------------------------------------------------


def test_a_shared_service_every_region_left_out_is_in_no_api(client, leuven, committed):
    flemish = Service.objects.filter(coverage=Coverage.FLANDERS).order_by("key").first()
    regions = list(Region.objects.all())
    with committed():
        for region in regions[:-1]:
            region.excluded_services.add(flemish)
    assert client.get(f"/api/hsds/services/{flemish.uuid}").status_code == 200  # one region still shows it
    with committed():
        regions[-1].excluded_services.add(flemish)
    assert client.get(f"/api/hsds/services/{flemish.uuid}").status_code == 404
    listed = client.get("/api/hsds/services", {"search": flemish.name, "per_page": 500}).json()["contents"]
    assert str(flemish.uuid) not in {s["id"] for s in listed}
