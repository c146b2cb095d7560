from django.core.management.base import BaseCommand, CommandError

from partners.content.loader import ContentError
from partners.content.new_region import start_own_map
from partners.lib.acting import system_write


class Command(BaseCommand):
    help = (
        "Start the partner map of one of the 60 eerstelijnszones: until then it shows the template "
        "(step plan, tiers, lists and the shared helplines); from now on its editors add local partners."
    )

    def add_arguments(self, parser):
        parser.add_argument("--zone", required=True, help="the zone's slug, e.g. westhoek, gent, antwerpen-centrum")
        parser.add_argument("--name", default="", help='the name shown, e.g. "ELZ Westhoek" (default: ELZ <zone>)')
        parser.add_argument("--email", default="", help="the ELZ's contact e-mail address")

    @system_write("new_elz")
    def handle(self, *args, zone, name="", email="", **options):
        try:
            region = start_own_map(zone=zone, name=name, contact_email=email)
        except ContentError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"{region.name} heeft nu een eigen partnerkaart op /{region.slug}/."))
