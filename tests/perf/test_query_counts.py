"""Every public page runs the same number of SQL queries whatever the amount of data.

Counted twice per page: cold (just after a content edit, nothing cached) and warm (what almost
every visitor gets). Both must stay the same when Leuven's data grows (threefold) and when 60 more
regions are loaded; a warm page costs one query (the version), well within `make bench`'s 8.
"""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners import versions
from partners.public.cache import public_urls
from tests.helpers.growth import grow


@pytest.fixture(autouse=True)
def _strict_version_check(settings):
    """Count the version read on every request (a server trusts it for a second: 0 queries)."""
    settings.VERSION_CHECK_SECONDS = 0


# Every registered public page (partners.public.cache.public_urls), a zone that shows the template,
# and a parameter the page does not know (the same page, and the same cached copy).
PAGES = [
    *public_urls("leuven"),
    *public_urls("westhoek")[1:4],
    "/leuven/partnerkaart/?utm_source=nieuwsbrief",
]


def count_queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


def counts(client, paths=PAGES) -> dict[str, tuple[int, int]]:
    """{path: (cold, warm)} query counts."""
    result = {}
    for path in paths:
        versions.bump()
        cold = count_queries(client, path)
        warm = count_queries(client, path)
        result[path] = (cold, warm)
    return result


@pytest.mark.slow
@pytest.mark.django_db
def test_query_counts_do_not_grow_with_the_data(client, leuven):
    before = counts(client)
    # Warm, the page cache answers with one read of the shared cache table: the region's version.
    warm = {path: w for path, (_c, w) in before.items()}
    assert set(warm.values()) == {1}, warm
    grow(leuven)
    after = counts(client)
    assert after == before


@pytest.mark.slow
@pytest.mark.django_db
def test_query_counts_stay_the_same_with_sixty_more_regions(client, leuven):
    before = counts(client)
    call_command("generate_scale_data", regions=60, services=20, force=True, stdout=io.StringIO())
    after = counts(client)
    assert after == before


@pytest.mark.slow  # generates scale data: make test and CI run it, make test-fast does not
@pytest.mark.django_db
def test_a_generated_region_costs_as_many_queries_as_leuven(client, leuven):
    call_command("generate_scale_data", regions=2, services=40, force=True, stdout=io.StringIO())
    from partners.models import Region

    slug = Region.objects.filter(slug__startswith="proef-").order_by("slug").first().slug
    paths = [p for p in PAGES if p.startswith("/leuven/")]
    generated = counts(client, [p.replace("/leuven/", f"/{slug}/") for p in paths])
    assert list(generated.values()) == list(counts(client, paths).values())


@pytest.mark.slow  # every public page cold then warm, ~9 s
@pytest.mark.django_db
def test_warm_pages_cost_no_query_while_the_version_is_recent(client, leuven, settings):
    settings.VERSION_CHECK_SECONDS = 600
    warm = {path: w for path, (_c, w) in counts(client, PAGES).items()}
    assert set(warm.values()) == {0}, warm
