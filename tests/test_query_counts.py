"""Every public page runs the same number of SQL queries whatever the amount of data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .growth import grow_tenfold

PAGES = [
    "/",
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
]


def count_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_ten_times_the_data(client, leuven):
    before = {path: count_queries(client, path) for path in PAGES}
    grow_tenfold(leuven)
    after = {path: count_queries(client, path) for path in PAGES}
    assert after == before
    assert max(before.values()) <= 15, before
