"""python manage.py restore_content inhoud.json: load a content backup made with `dumpdata partners`."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from partners.lib.acting import system_write


class Command(BaseCommand):
    help = (
        "Laad een inhoudsback-up (dumpdata partners) terug, met de geschiedenis zoals ze in de back-up staat. "
        "Gebruik dit in plaats van loaddata."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", help="het JSON-bestand van dumpdata partners")

    @system_write("restore_content")
    def handle(self, *args, backup: str, **options):
        # The backup holds every record's history. loaddata's many-to-many writes would make
        # simple-history add rows of its own, with ids that collide with the restored ones (and
        # would add a change to every record that nobody made), so history stays off meanwhile.
        with override_settings(SIMPLE_HISTORY_ENABLED=False):
            call_command("loaddata", backup, verbosity=options["verbosity"])
