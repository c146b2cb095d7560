"""One version per region, one invalidation path, cache keys from what a request means, bounded by design.

Each way the cache was once wrong is a test here: poisoning with both htmx headers, junk themes,
a full cache, PDFs that shared a variant, a moved section, the Host header on PDFs, and a
region's "versie van" moving with another region's edit.
"""

import gzip
import io
import re
from unittest import mock

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from partners import versions
from partners.content.new_region import refresh_template_zones, start_own_map
from partners.models import Card, Phone, Region, RenderedPdf, Section, Service, Theme, TierContact
from partners.public import pdf as pdf_module
from partners.public import views as card_views
from tests.public.test_pdf import links, pdftoppm, qr_codes  # noqa: F401 - pdftoppm is a fixture

pytestmark = pytest.mark.django_db

SITE = "https://wegwijzer.example.be"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def rows(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        return cursor.fetchone()[0]


def cache_rows() -> int:
    tables = set(connection.introspection.table_names())
    return sum(rows(table) for table in ("wegwijzer_cache", "wegwijzer_page_cache") if table in tables)


def token(slug: str) -> str:
    return versions.region_version(slug).token


def pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


# -- keys from meaning -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/leuven/wegwijzer/bespreek/?leeftijd=0-3", "/leuven/partnerkaart/?thema=verslaving", "/?q=2000"],
)
def test_a_history_restore_request_cannot_poison_the_fragment_cache(client, leuven, path):
    both = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    restored = client.get(path, headers=both)
    assert b"<html" in restored.content  # htmx asks for the whole page on a history restore
    fragment = client.get(path, headers={"HX-Request": "true"})
    assert b"<html" not in fragment.content, "an htmx visitor got a whole document swapped in"
    # and the other way round: a stored fragment is never served as the restored page
    assert b"<html" in client.get(path, headers=both).content
    assert b"<html" in client.get(path).content


def test_fifty_junk_themes_add_no_cache_rows(client, leuven):
    assert client.get("/leuven/wegwijzer/bespreek/").status_code == 200
    assert client.get("/leuven/partnerkaart/").status_code == 200
    before = cache_rows()
    for n in range(50):
        assert client.get(f"/leuven/wegwijzer/bespreek/?thema=x{n}").status_code == 200
        assert client.get(f"/leuven/partnerkaart/?thema=x{n}&thema=x{n + 1}").status_code == 200
    assert cache_rows() == before


def test_order_and_duplicates_of_themes_give_the_same_cached_page(client, leuven):
    first = client.get("/leuven/wegwijzer/bespreek/?thema=pesten&thema=verslaving")
    before = cache_rows()
    with mock.patch("partners.public.steps.render", side_effect=AssertionError("rendered again")):
        again = client.get("/leuven/wegwijzer/bespreek/?thema=verslaving&thema=pesten&thema=pesten&utm_source=x")
    assert again.content == first.content
    assert cache_rows() == before


@pytest.mark.slow  # three times as many searches as there are slots, ~8 s
def test_free_text_searches_take_a_fixed_number_of_slots(client, leuven):
    from partners.public.cache import FREE_TEXT_SLOTS

    client.get("/leuven/partnerkaart/")
    before = rows("wegwijzer_page_cache")
    for n in range(FREE_TEXT_SLOTS * 3):
        response = client.get("/leuven/partnerkaart/", {"q": f"zoekwoord{n}"})
        assert f"zoekwoord{n}" in response.content.decode()  # a slot holds one search at a time, never another's page
    assert rows("wegwijzer_page_cache") - before <= FREE_TEXT_SLOTS
    assert "tejo" in client.get("/leuven/partnerkaart/", {"q": "tejo"}).content.decode().casefold()


def test_filling_the_cache_to_its_limit_never_loses_the_version(client, leuven, settings):
    settings.CACHES = {
        name: {**config, "OPTIONS": {"MAX_ENTRIES": 30, "CULL_FREQUENCY": 2}} for name, config in settings.CACHES.items()
    }
    client.get("/leuven/partnerkaart/")
    before = token("leuven")
    changed_at = Region.objects.get(slug="leuven").content_changed_at
    themes = list(Theme.objects.values_list("slug", flat=True))
    for n in range(40):  # far more pages than the page cache holds
        client.get("/leuven/partnerkaart/", {"thema": themes[n % len(themes)], "leeftijd": ["0-3", "3-12", "12-18"][n % 3]})
    for n in range(80):  # and the shared cache filled with other entries, whose keys sort first
        cache.set(f"aaa-filler-{n}", "x")
    assert rows("wegwijzer_page_cache") <= 30
    assert token("leuven") == before
    assert Region.objects.get(slug="leuven").content_changed_at == changed_at
    assert client.get("/leuven/partnerkaart/").status_code == 200


def test_a_lost_version_is_recovered_and_keeps_the_cached_pages(client, leuven, settings):
    settings.VERSION_CHECK_SECONDS = 0  # the loss is seen on the next request, however fast the machine
    client.get("/leuven/acuut/")
    before = token("leuven")
    cache.delete(versions.region_version_key("leuven"))  # as a cull or a cache restart would
    with mock.patch("partners.public.steps.render", side_effect=AssertionError("rendered again")):
        assert client.get("/leuven/acuut/").status_code == 200
    assert token("leuven") == before


# -- one invalidation path ---------------------------------------------------------------------


@pytest.fixture
def zenne_pdf(client, zenne):
    def get():
        response = client.get("/zenne/partnerkaart.pdf")
        assert response.status_code == 200
        return response

    return get


def test_an_edit_in_one_region_leaves_another_regions_version_date_alone(client, leuven, zenne, zenne_pdf, committed):
    first = zenne_pdf()
    zenne_version = Region.objects.get(pk=zenne.pk).content_changed_at
    leuven_version = Region.objects.get(pk=leuven.pk).content_changed_at
    phone = Phone.objects.get(service__key="tejo")
    with committed():
        phone.number = "0472 60 26 99"
        phone.save()
        start_own_map(zone="gent")  # new_elz: a zone starts its own map
    again = zenne_pdf()
    assert again["X-PDF-Cache"] == "hit" and again.content == first.content
    assert Region.objects.get(pk=leuven.pk).content_changed_at > leuven_version
    assert Region.objects.get(pk=zenne.pk).content_changed_at == zenne_version
    assert re.search(r"versie van \d{1,2} \w+ 20\d\d", pdf_text(again))


@pytest.mark.slow  # renders four PDFs, ~3 s
def test_a_moved_section_leaves_both_regions_pdfs_fresh(client, leuven, zenne, zenne_pdf, committed):
    section = Section.objects.get(region=leuven, card=Card.PARTNERKAART, slug="volwassenen")
    assert section.title in pdf_text(client.get("/leuven/partnerkaart.pdf"))
    assert section.title not in pdf_text(zenne_pdf())
    with committed():
        section.region = zenne
        section.save()
    leuven_pdf = client.get("/leuven/partnerkaart.pdf")
    assert leuven_pdf["X-PDF-Cache"] == "miss" and section.title not in pdf_text(leuven_pdf)
    moved = zenne_pdf()
    assert moved["X-PDF-Cache"] == "miss" and section.title in pdf_text(moved)


def test_a_shared_helpline_edit_refreshes_every_region_it_covers(client, leuven, zenne, committed):
    service = Service.objects.get(key="druglijn")
    assert service.coverage == "flanders"
    before = {slug: token(slug) for slug in ("leuven", "zenne")}
    with committed():
        service.name = "De DrugLijn"
        service.save()
    assert all(token(slug) != before[slug] for slug in before)
    assert "De DrugLijn" in client.get("/leuven/contactfiche/").content.decode()


def test_saving_an_editor_flushes_nothing(client, leuven, make_editor):
    client.get("/leuven/acuut/")
    before = token("leuven")
    editor = make_editor("an", leuven).editor
    editor.save()
    editor.regions.clear()
    editor.regions.add(leuven)
    assert token("leuven") == before
    with mock.patch("partners.public.steps.render", side_effect=AssertionError("rendered again")):
        assert client.get("/leuven/acuut/").status_code == 200


def test_a_zone_starting_its_own_map_marks_only_itself_changed(leuven):
    before = Region.objects.get(pk=leuven.pk).content_changed_at
    leuven_token = token("leuven")
    region = start_own_map(zone="gent")
    assert Region.objects.get(pk=leuven.pk).content_changed_at == before
    assert token("leuven") == leuven_token
    assert versions.region_version(region.slug) is not None


def test_a_template_zone_rewritten_with_only_new_records_gets_a_new_version(leuven, committed):
    """The template writer creates records in bulk (no signals): it marks its region changed itself,
    so a line the template gained shows at once, even when nothing was deleted on the way."""
    brugge = Region.objects.get(slug="brugge")
    line = TierContact.objects.filter(tier__region=brugge).order_by("pk").first()
    with committed():
        with connection.cursor() as cursor:  # gone without a signal, as if the template had never had it
            cursor.execute(f"DELETE FROM {TierContact._meta.db_table} WHERE id = %s", [line.pk])
        Region.objects.filter(pk=brugge.pk).update(template_fingerprint="")
    before = token("brugge")
    with committed():
        refresh_template_zones()
    assert TierContact.objects.filter(tier__region=brugge, service_id=line.service_id, tier_id=line.tier_id).exists()
    assert token("brugge") != before


def test_a_rolled_back_edit_moves_no_version(leuven):
    from django.db import transaction

    before = token("leuven")
    with pytest.raises(RuntimeError), transaction.atomic():
        service = Service.objects.get(key="tejo")
        service.name = "Iets anders"
        service.save()
        raise RuntimeError
    assert token("leuven") == before


# -- PDFs ---------------------------------------------------------------------------------------


def test_distinct_filter_combinations_never_share_a_pdf(client, leuven):
    themes = list(Theme.objects.values_list("slug", flat=True))
    assert len(themes) >= 15
    adults = client.get("/leuven/partnerkaart.pdf", {"thema": themes, "leeftijd": "18+"})
    toddlers = client.get("/leuven/partnerkaart.pdf", {"thema": themes, "leeftijd": "0-3", "gratis": "1"})
    assert toddlers["X-PDF-Cache"] == "miss", "the second selection was served the first one's PDF"
    assert RenderedPdf.objects.filter(region=leuven, card=Card.PARTNERKAART).count() == 2
    adult_links = {u for u in links(PdfReader(io.BytesIO(adults.content))) if u.startswith(SITE)}
    toddler_links = {u for u in links(PdfReader(io.BytesIO(toddlers.content))) if u.startswith(SITE)}
    assert any("leeftijd=18%2B" in u for u in adult_links) and not any("leeftijd=18" in u for u in toddler_links)
    assert any("leeftijd=0-3" in u and "gratis=1" in u for u in toddler_links)


def test_the_host_header_adds_no_pdf_and_the_qr_code_shows_site_url(client, leuven, settings, pdftoppm, tmp_path):  # noqa: F811
    settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
    client.get("/leuven/partnerkaart.pdf")
    stored = RenderedPdf.objects.count()
    for port in (1, 2, 3):
        response = client.get("/leuven/partnerkaart.pdf", HTTP_HOST=f"127.0.0.1:{port}")
        assert response.status_code == 200 and response["X-PDF-Cache"] == "hit"
    assert RenderedPdf.objects.count() == stored
    assert qr_codes(response.content, pdftoppm, tmp_path) == [f"{SITE}/leuven/partnerkaart/"]


def test_stored_pdfs_are_bounded_per_region_and_card(client, leuven, monkeypatch):
    monkeypatch.setattr(pdf_module, "MAX_VARIANTS", 3)
    monkeypatch.setattr(pdf_module, "render_pdf", lambda *args: b"%PDF-1.7 test")
    themes = list(Theme.objects.values_list("slug", flat=True))[:6]
    for theme in themes:
        assert client.get("/leuven/partnerkaart.pdf", {"thema": theme}).status_code == 200
    kept = RenderedPdf.objects.filter(region=leuven, card=Card.PARTNERKAART)
    assert kept.count() == 3
    assert client.get("/leuven/partnerkaart.pdf", {"thema": themes[-1]})["X-PDF-Cache"] == "hit"  # the newest stay


def test_a_search_is_never_rendered_as_a_pdf(client, leuven):
    with mock.patch.object(pdf_module, "render_pdf", side_effect=AssertionError("rendered")):
        response = client.get("/leuven/partnerkaart.pdf", {"q": "verslaving", "thema": "pesten"})
    assert response.status_code == 302 and response["Location"] == "/leuven/partnerkaart/?q=verslaving&thema=pesten"
    assert not RenderedPdf.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert 'href="/leuven/partnerkaart.pdf?thema=pesten"' in page


# -- warm pages before the session middleware ---------------------------------------------------


def test_another_instance_sees_an_edit_once_its_copy_of_the_version_is_old(client, leuven, settings):
    settings.VERSION_CHECK_SECONDS = 600
    phone = Phone.objects.get(service__key="tejo")
    assert phone.display in client.get("/leuven/partnerkaart/").content.decode()
    Phone.objects.filter(pk=phone.pk).update(number="+32472602699")
    versions.bump([leuven.pk])  # as another instance's edit would: the shared copy moves ...
    versions.recent.put(versions.region_version_key("leuven"), ("old", frozenset()))  # ... ours is older
    settings.VERSION_CHECK_SECONDS = 0  # ... until it is older than VERSION_CHECK_SECONDS
    assert "0472 60 26 99" in client.get("/leuven/partnerkaart/").content.decode()


def test_a_warm_page_costs_one_query_and_keeps_every_security_header(client, leuven, settings):
    from tests.public.test_security_headers import SECURITY_HEADERS

    settings.VERSION_CHECK_SECONDS = 0  # the strict case: the version is read from the shared cache
    client.get("/leuven/partnerkaart/?thema=pesten")
    with mock.patch.object(card_views, "render", side_effect=AssertionError("rendered again")):
        with CaptureQueriesContext(connection) as queries:
            warm = client.get("/leuven/partnerkaart/?thema=pesten")
    assert warm.status_code == 200 and len(queries) == 1
    expected = SECURITY_HEADERS - {"Strict-Transport-Security"}  # HSTS is sent over HTTPS only (tested there)
    assert expected <= set(warm.headers), expected - set(warm.headers)
    assert warm["X-Frame-Options"] == "DENY" and "HX-Request" in warm["Vary"]
    assert "'unsafe-inline'" not in warm["Content-Security-Policy"]
    assert not warm.cookies


def test_the_page_cache_is_shared_by_instances(client, leuven):
    from partners.public.cache import memory

    first = client.get("/leuven/wegwijzer/urgentie/")
    memory.clear()  # another app instance: nothing in its memory
    versions.recent.clear()
    with mock.patch("partners.public.steps.render", side_effect=AssertionError("rendered again")):
        assert client.get("/leuven/wegwijzer/urgentie/").content == first.content
    assert caches["pages"] is not cache


@pytest.mark.parametrize("path", ["/api/hsds/leuven/services?format=ndjson", "/leuven/partnerkaart/", "/leuven/contactfiche/"])
def test_a_stored_page_is_sent_gzipped_to_a_client_that_accepts_it(client, leuven, path):
    plain = client.get(path)  # the first request renders and stores the page
    assert "Accept-Encoding" in plain["Vary"] and "Content-Encoding" not in plain
    with mock.patch("partners.public.cache.gzip.compress", side_effect=AssertionError("compressed again")):
        packed = client.get(path, headers={"Accept-Encoding": "gzip, deflate, br"})
        assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
        assert gzip.decompress(packed.content) == plain.content
        assert int(packed["Content-Length"]) == len(packed.content) < len(plain.content) / 3
        for refused in ("", "identity", "br", "gzip;q=0, identity"):
            again = client.get(path, headers={"Accept-Encoding": refused} if refused else {})
            assert "Content-Encoding" not in again and again.content == plain.content, refused
            assert int(again["Content-Length"]) == len(plain.content)


@pytest.mark.parametrize(
    "changed", ["templates/page.html", "static/css/site.css", "locale/fr/LC_MESSAGES/django.mo", "partners/public/matching.py"]
)
def test_a_deploy_that_changes_how_pages_are_made_renders_them_anew(settings, tmp_path, changed):
    """Stored pages and PDFs are keyed by `code_version()`: a deploy that changes a template, a static
    file, a translation or the code that chooses what a page shows (a ranking fix) must not serve the
    old pages until the next edit. Migrations and tests do not count."""
    from partners.public.cache import code_version

    for name in (changed, "partners/migrations/0001_initial.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"before")
    settings.BASE_DIR = tmp_path
    try:
        code_version.cache_clear()
        before = code_version()
        (tmp_path / "partners/migrations/0001_initial.py").write_bytes(b"a migration changed")
        code_version.cache_clear()
        assert code_version() == before
        (tmp_path / changed).write_bytes(b"after")
        code_version.cache_clear()
        assert code_version() != before
    finally:
        code_version.cache_clear()
