from django.core.management.base import BaseCommand, CommandError

from partners.content.loader import ContentError
from partners.content.new_region import region_create_from_template


class Command(BaseCommand):
    help = "Create a new eerstelijnszone from the template: step plan, tiers, lists and the shared helplines, ready for local partners."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help='e.g. "ELZ Gent"')
        parser.add_argument("--slug", required=True, help="part of the web address, e.g. gent")
        parser.add_argument("--postcodes", required=True, help='"9000,9030" or "9000=Gent,9030=Mariakerke"')
        parser.add_argument("--province", help="only needed when the first postcode does not tell it")
        parser.add_argument("--email", default="", help="the ELZ's contact e-mail address")

    def handle(self, *args, name, slug, postcodes, province=None, email="", **options):
        try:
            region = region_create_from_template(
                name=name, slug=slug, postcodes=postcodes, province=province, contact_email=email
            )
        except ContentError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"{region.name} staat klaar op /{region.slug}/ ({region.get_province_display()})."))
