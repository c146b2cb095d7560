from django.core.management.base import BaseCommand
from django.db import transaction

from partners.content.hours import convert
from partners.lib import hours
from partners.lib.acting import system_write
from partners.versions import deferred_bumps


class Command(BaseCommand):
    help = (
        "Read the free text 'bereikbaarheid' of services without hours into opening hours, where it is "
        "unambiguous (24/7, 'ma-vr 9u-17u'); list every text it could not read. It never guesses."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only say what would change; write nothing.")

    def handle(self, *args, dry_run=False, **options):
        with system_write("parse_hours"), transaction.atomic(), deferred_bumps():
            found = convert(dry_run=dry_run)
        verb = "zou" if dry_run else "is"
        for service in found.always:
            self.stdout.write(f"24/7: {service.key} ({service.availability!r}) {verb} nu 24/7")
        for service, rows in found.rows:
            self.stdout.write(f"uren: {service.key} ({service.availability!r}) → {hours.format_rows(rows)}")
        for service in found.unparsed:
            self.stdout.write(f"niet gelezen: {service.key}: {service.availability!r}")
        self.stdout.write(
            f"{len(found.always)} keer 24/7, {len(found.rows)} diensten met uren, {len(found.unparsed)} teksten niet gelezen"
            + (" (niets bewaard: --dry-run)" if dry_run else "")
        )
