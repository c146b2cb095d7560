from django.core.management.base import BaseCommand, CommandError

from partners.content.loader import ContentError, load_demo
from partners.models import Region


class Command(BaseCommand):
    help = "Load the demo content (themes, shared national services, ELZ Leuven). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Only load when the database has no region yet (keeps local edits)."
        )

    def handle(self, *args, if_empty: bool = False, **options):
        if if_empty and Region.objects.exists():
            self.stdout.write("Er staat al inhoud in de database; niets geladen.")
            return
        try:
            report = load_demo()
        except ContentError as exc:
            raise CommandError(str(exc)) from exc
        summary = ", ".join(f"{n} {what}" for what, n in report.counts.items())
        self.stdout.write(self.style.SUCCESS(f"Inhoud geladen: {summary}."))
