"""Shared fixtures: the demo content, and a Chromium page driven by Playwright."""

import os
import shutil
from contextlib import contextmanager

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connections

from partners.lib.text import truthy

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
IN_CI = truthy(os.environ.get("CI"))


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """A test that drives Chromium is a browser test, marked or not, so `make test-fast` (`-m "not
    browser"`) leaves it out: the mark follows the `browser` fixture, not the test's file."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Real password hashing takes half a second per user by design; tests need no such strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _content_made_by_the_test_is_a_system_write():
    """Tests make content directly (fixtures, setup), as a management command would: inside
    `system_write()`. Requests still write as their own user (a visitor, an editor), and a thread,
    or `contextvars.Context().run(...)`, has no actor at all (see tests/staff/test_permissions.py)."""
    from partners.lib.acting import system_write

    with system_write("test"):
        yield


@pytest.fixture(autouse=True)
def _fresh_page_memory():
    """The in-process copy of cached pages outlives a test's rolled-back database; start each test without it."""
    from partners.public.cache import derived, memory
    from partners.versions import recent

    memory.clear()
    derived.clear()
    recent.clear()
    yield
    memory.clear()
    derived.clear()
    recent.clear()


@pytest.fixture(scope="session", autouse=True)
def _plain_http():
    """Production redirects http to https; the test client and live server speak plain HTTP.

    Session-wide and before the live server starts: its middleware reads the setting once.
    tests/public/test_security_headers.py turns the redirect back on where it is the subject.
    """
    from django.conf import settings

    settings.SECURE_SSL_REDIRECT = False


@contextmanager
def _commit_point():
    try:
        yield
    finally:
        connection = connections["default"]
        while connection.run_on_commit:
            hooks, connection.run_on_commit = connection.run_on_commit, []
            for _savepoints, hook, _robust in hooks:
                hook()


@pytest.fixture
def committed(db):
    """`with committed(): <writes>` ends the block as a commit would: every on-commit hook waiting on
    the connection (the content versions of `partners.versions`) runs then, once. A test's own
    transaction never commits, and nothing publishes a version before its commit."""
    return _commit_point


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test databases, plus the cache tables when `--no-migrations` built the schema
    from the models (the fast lane on SQLite does: the migrations take ~19 s per worker; the full
    suite and CI migrate). The cache tables are no models: their migrations create them."""
    with django_db_blocker.unblock():
        for alias in connections:
            call_command("createcachetable", database=alias, verbosity=0)


@pytest.fixture(scope="session")
def demo_content(django_db_setup, django_db_blocker):
    """The shipped content, loaded once per test session (tests roll back on top of it)."""
    with django_db_blocker.unblock():
        call_command("load_demo", verbosity=0)


@pytest.fixture
def leuven(demo_content, db):
    from partners.models import Region

    return Region.objects.get(slug="leuven")


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright. Locally a missing Chromium skips; in CI it fails."""
    if not CHROMIUM:
        message = "Chromium not found (apt-get install chromium); browser tests need it."
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run
    # next to one unless told that the test process knows what it is doing.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="nl-BE")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def narrow_page(browser):
    """A phone-sized page: 320 px wide, the narrowest WCAG reflow asks for."""
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="nl-BE")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def nojs_page(browser):
    context = browser.new_context(locale="nl-BE", java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def live_leuven(transactional_db, live_server, settings):
    """The demo content in a database the live server sees (transactional tests start empty).

    The live server serves static files through Django's finders, which know no hashed
    manifest names, so pages under test link the plain names.
    """
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    demo_snapshot.load()
    return live_server.url


class DemoSnapshot:
    """The demo content for transactional tests, loaded once and then copied back table by table.

    load_demo takes 7–12 s (60 zones, the geography, ten languages) and a transactional test empties
    the database when it ends, so loading it for each of the live-server tests cost minutes. The
    first call loads it and copies every table aside (`snapshot_<table>`, which flush does not know);
    each later call empties the tables and copies them back, ids and all, in a fraction of a second.
    """

    PREFIX = "snapshot_"

    def __init__(self):
        self.tables = None

    def load(self):
        from django.db import connection, transaction

        if self.tables is None:
            call_command("load_demo", verbosity=0)
            self.tables = sorted(connection.introspection.django_table_names(only_existing=True))
            with connection.cursor() as cursor:
                for table in self.tables:
                    cursor.execute(f"DROP TABLE IF EXISTS {self._quoted(self.PREFIX + table)}")
                    cursor.execute(f"CREATE TABLE {self._quoted(self.PREFIX + table)} AS SELECT * FROM {self._quoted(table)}")
        else:
            with transaction.atomic(), connection.cursor() as cursor:
                # Foreign keys are checked at commit (Django makes them deferrable): the order of the tables is free.
                for sql in connection.ops.sql_flush(no_style(), self.tables, allow_cascade=True):
                    cursor.execute(sql)
                for table in self.tables:
                    cursor.execute(f"INSERT INTO {self._quoted(table)} SELECT * FROM {self._quoted(self.PREFIX + table)}")
                for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True)):
                    cursor.execute(sql)
        # The cache tables are no models, so flush leaves them: what an earlier test cached goes too.
        from django.core.cache import caches

        from partners.public.cache import derived, memory
        from partners.versions import recent

        for cache in caches.all():
            cache.clear()
        memory.clear()
        derived.clear()
        recent.clear()

    @staticmethod
    def _quoted(name):
        from django.db import connection

        return connection.ops.quote_name(name)


demo_snapshot = DemoSnapshot()


# -- a second region and the people who edit them ----------------------------------------------


@pytest.fixture
def zenne(leuven, db):
    """A second ELZ with one record of every kind, made directly (no content file for it)."""
    from partners import models as m

    # The zone Zennevallei, with a map of its own instead of the template that load_demo gave it.
    m.Region.objects.filter(slug="zennevallei").delete()
    region = m.Region.objects.create(
        name="ELZ Zennevallei", slug="zenne", province="vlaams-brabant", intro="Zorg in de Zennevallei.",
        zone=m.Zone.objects.get(slug="zennevallei"),
    )  # fmt: skip
    organization = m.Organization.objects.create(name="Huis van het Kind Halle", region=region)
    service = m.Service.objects.create(
        organization=organization, key="hvhk-halle", name="Huis van het Kind Halle", description="Opvoedingsondersteuning.",
        coverage=m.Coverage.REGIONS,
    )  # fmt: skip
    service.regions.add(region)
    m.Phone.objects.create(service=service, number="02 356 00 00")
    m.Email.objects.create(service=service, address="info@hvhk-halle.be")
    m.Schedule.objects.create(service=service, weekday="MO", opens_at="09:00", closes_at="12:00")
    m.Closure.objects.create(service=service, starts_on="2027-07-15", ends_on="2027-07-31", description="zomersluiting")
    section = m.Section.objects.create(region=region, card=m.Card.PARTNERKAART, slug="gezinnen", title="Gezinnen")
    m.Entry.objects.create(section=section, service=service, order=1)
    tier = m.UrgencyTier.objects.create(region=region, slug=m.TierSlug.ACUUT, name="Acuut", criteria="Dringend.")
    m.TierContact.objects.create(tier=tier, service=service)
    topic = m.ConsultTopic.objects.create(region=region, theme=m.Theme.objects.get(slug="armoede"), title="Armoede")
    m.ConsultContact.objects.create(topic=topic, service=service)
    m.Resource.objects.create(region=region, key="sociale-kaart", kind=m.ResourceKind.DIRECTORY, title="Sociale kaart Halle")
    factors = m.FactorList.objects.create(region=region, key=m.FactorList.Key.ACES, title="ACE's")
    m.Factor.objects.create(factor_list=factors, text="Verwaarlozing")
    m.Step.objects.create(region=region, key=m.StepKey.OBSERVEER, title="Ik observeer")
    m.Proposal.objects.create(
        region=region, service=service, source=m.ProposalSource.PARTNER, changes={"availability": "ma–vr 9–17u"}
    )
    m.Report.objects.create(region=region, service=service, kind=m.ReportKind.PHONE, value="02 356 00 01")
    m.LanguageSignOff.objects.create(region=region, language="ar", checked_strings=[])  # ticks begun, not signed off
    with _commit_point():  # the test starts from committed content, as after a real import
        pass
    return region


@pytest.fixture
def leuven_feedback(leuven):
    """An open proposal and an open report for a Leuven service, as a partner and a professional would leave them."""
    from partners import models as m

    service = m.Service.objects.get(key="kind-en-gezin-leuven")
    proposal = m.Proposal.objects.create(
        region=leuven, service=service, source=m.ProposalSource.PARTNER, changes={"availability": "ma–vr 8.30–17u"}
    )
    report = m.Report.objects.create(region=leuven, service=service, kind=m.ReportKind.WEBSITE)
    # Hours as an editor enters them (test data: the content files give this service none).
    m.Schedule.objects.create(service=service, weekday="WE", opens_at="13:00", closes_at="16:00")
    m.Closure.objects.create(service=service, starts_on="2027-07-15", ends_on="2027-07-31", description="zomersluiting")
    return proposal, report


@pytest.fixture
def make_editor(django_user_model):
    """`make_editor("an", leuven)`: an ELZ-redacteur made the way staff make one (add_editor)."""
    import io

    def make(username, *regions):
        args = [arg for region in regions for arg in ("--elz", region.slug)]
        call_command("add_editor", username, *args, "--noinput", stdout=io.StringIO())
        return django_user_model.objects.get(username=username)

    return make


@pytest.fixture
def leuven_client(client, make_editor, leuven):
    """Logged in as An, ELZ-redacteur of Leuven."""
    client.force_login(make_editor("an", leuven))
    return client


@pytest.fixture
def superuser_client(client, django_user_model, demo_content):
    """Logged in as a superuser (redactie Vlaanderen), second factor given."""
    from tests.helpers.second_factor import pass_second_factor

    user = django_user_model.objects.create_superuser("beheer", "beheer@example.org", "een-lang-wachtwoord-123")
    client.force_login(user)
    pass_second_factor(client, user)
    return client
