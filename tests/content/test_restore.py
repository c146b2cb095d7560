"""Backups: dump the content, wipe the database, restore it, and every public page is the same."""

import pytest
from django.core.management import call_command

from partners.models import Region, Resource, Service

PAGES = [
    "/",
    "/leuven/",
    "/leuven/acuut/",
    "/leuven/wegwijzer/",
    "/leuven/wegwijzer/bespreek/?thema=verslaving",
    "/leuven/wegwijzer/actie/?urgentie=ondersteuning&erkenning=ja&leeftijd=0-3&thema=jonge-kind",
    "/leuven/wegwijzer/registreer/?urgentie=acuut",
    "/leuven/partnerkaart/",
    "/leuven/contactfiche/",
]


pytestmark = pytest.mark.slow


@pytest.mark.django_db(transaction=True)
def test_dumpdata_then_loaddata_restores_the_same_pages(client, tmp_path):
    call_command("load_demo", verbosity=0)
    before = {path: client.get(path).content for path in PAGES}
    history = {model.__name__: model.history.count() for model in (Service, Resource)}
    backup = tmp_path / "inhoud.json"
    # The command from docs/deploy.md ("Content only").
    call_command("dumpdata", "partners", "--natural-foreign", "--indent", "1", "--output", str(backup), verbosity=0)

    call_command("flush", "--noinput", verbosity=0)
    assert not Region.objects.exists()
    assert client.get("/leuven/").status_code == 404  # nothing cached survives the wipe

    call_command("restore_content", str(backup), verbosity=0)  # docs/deploy.md: loaddata, history as backed up
    assert Service.objects.filter(key="vk-leuven").exists()
    assert {model.__name__: model.history.count() for model in (Service, Resource)} == history  # as backed up, no more
    after = {path: client.get(path).content for path in PAGES}
    for path in PAGES:
        assert after[path] == before[path], path
