"""Generated query strings never make a public page answer with a server error."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partners.public.cache import public_urls

PARAMS = ["urgentie", "erkenning", "leeftijd", "thema", "q", "gratis", "postcode"]
VALUES = st.one_of(
    st.sampled_from(["acuut", "ondersteuning", "geen-actie", "ja", "nee", "0-3", "18+", "zwanger", "verslaving", "1", ""]),
    st.text(max_size=40),
)
QUERIES = st.lists(st.tuples(st.sampled_from(PARAMS), VALUES), max_size=8)
PATHS = sorted({url.split("?")[0] for url in public_urls("leuven")})


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(PATHS), query=QUERIES, htmx=st.booleans())
def test_public_pages_never_answer_500(client, leuven, path, query, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.get(path, query, headers=headers)
    assert response.status_code in (200, 400, 404), (path, query, response.status_code)
