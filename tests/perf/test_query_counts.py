"""Every public page runs the same number of SQL queries whatever the amount of data.

Counted twice per page: cold (just after a content edit, nothing cached) and warm (what almost
every visitor gets). Both must stay the same when Leuven's data grows tenfold and when 60 more
regions are loaded; warm pages stay within the budget of issue 7.
"""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners import versions
from tests.helpers.growth import grow_tenfold

WARM_BUDGET = 8


@pytest.fixture(autouse=True)
def _strict_version_check(settings):
    """Count the version read on every request (a server trusts it for a second: 0 queries)."""
    settings.VERSION_CHECK_SECONDS = 0


PAGES = [
    "/",
    "/?q=2000",  # Antwerp city: a choice of zones
    "/?q=sint",  # a name that fits several zones
    "/?q=Deurne",  # a name of two places (Antwerpen, Diest)
    "/?q=2060 Antwerpen",  # a postcode and a name: two lookups
    "/?q=5000",  # Wallonia
    "/over/",
    "/westhoek/",  # a zone that shows the template
    "/westhoek/partnerkaart/",
    "/leuven/",
    "/leuven/acuut/",
    "/leuven/wegwijzer/?leeftijd=0-3",
    "/leuven/wegwijzer/bespreek/?thema=verslaving&thema=pesten",
    "/leuven/wegwijzer/urgentie/",
    "/leuven/wegwijzer/actie/?urgentie=acuut",
    "/leuven/wegwijzer/actie/?urgentie=ondersteuning&erkenning=ja&leeftijd=0-3&thema=jonge-kind",
    "/leuven/wegwijzer/actie/?urgentie=ondersteuning&erkenning=nee&thema=verslaving",
    "/leuven/wegwijzer/actie/?urgentie=geen-actie&thema=armoede",
    "/leuven/wegwijzer/registreer/?urgentie=ondersteuning&erkenning=ja&leeftijd=12-18",
    "/leuven/partnerkaart/",
    "/leuven/contactfiche/",
    # A parameter the page does not know: the same page, and the same cached copy.
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


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_ten_times_the_data(client, leuven):
    before = counts(client)
    grow_tenfold(leuven)
    after = counts(client)
    assert after == before
    warm = {path: w for path, (_c, w) in before.items()}
    assert max(warm.values()) <= WARM_BUDGET, warm


@pytest.mark.django_db
def test_query_counts_stay_the_same_with_sixty_more_regions(client, leuven):
    before = counts(client)
    call_command("generate_scale_data", regions=60, services=20, force=True, stdout=io.StringIO())
    after = counts(client)
    assert after == before


@pytest.mark.django_db
def test_a_generated_region_costs_as_many_queries_as_leuven(client, leuven):
    call_command("generate_scale_data", regions=2, services=40, force=True, stdout=io.StringIO())
    from partners.models import Region

    slug = Region.objects.filter(slug__startswith="proef-").order_by("slug").first().slug
    paths = [p for p in PAGES if p.startswith("/leuven/")]
    generated = counts(client, [p.replace("/leuven/", f"/{slug}/") for p in paths])
    assert list(generated.values()) == list(counts(client, paths).values())


@pytest.mark.django_db
def test_warm_pages_cost_one_query(client, leuven):
    # The page cache answers with one read of the shared cache table: the region's version.
    warm = {path: w for path, (_c, w) in counts(client, PAGES).items()}
    assert set(warm.values()) == {1}, warm


@pytest.mark.django_db
def test_warm_pages_cost_no_query_while_the_version_is_recent(client, leuven, settings):
    settings.VERSION_CHECK_SECONDS = 600
    warm = {path: w for path, (_c, w) in counts(client, PAGES).items()}
    assert set(warm.values()) == {0}, warm
