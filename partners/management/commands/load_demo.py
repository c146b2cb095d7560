from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from partners.content.demo import load_demo
from partners.content.geo import load_geography
from partners.content.loader import ContentError
from partners.lib.acting import system_write
from partners.models import Region


class Command(BaseCommand):
    help = (
        "Load the demo content (themes, shared national services, ELZ Leuven), the geography, and the "
        "template for every eerstelijnszone without a map of its own. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Only load the content files when the database has no region yet (keeps local edits); "
            "the geography and the template zones are brought up to date anyway.",
        )

    @system_write("load_demo")
    def handle(self, *args, if_empty: bool = False, **options):
        from partners.content.new_region import refresh_template_zones

        try:
            if if_empty and Region.objects.filter(has_own_map=True).exists():
                with transaction.atomic():
                    counts = load_geography()
                    counts["template zones"] = refresh_template_zones()
                summary = ", ".join(f"{n} {what}" for what, n in counts.items())
                self.stdout.write(
                    f"Er staat al inhoud in de database; alleen de geografie en de sjabloonzones bijgewerkt: {summary}."
                )
                return
            report = load_demo()
        except ContentError as exc:
            raise CommandError(str(exc)) from exc
        summary = ", ".join(f"{n} {what}" for what, n in report.counts.items())
        self.stdout.write(self.style.SUCCESS(f"Inhoud geladen: {summary}."))
