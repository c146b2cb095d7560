"""Mail every stale service with an e-mail address a link to confirm or correct its entry (daily timer)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from partners.content.verification import request_verifications
from partners.lib.acting import system_write
from partners.models import Region


class Command(BaseCommand):
    help = "Mail stale services a signed link to confirm or correct their entry (see docs/deploy.md for the timer)."

    def add_arguments(self, parser):
        parser.add_argument("--elz", help="Only the services of this ELZ (slug).")

    @system_write("request_verifications")
    def handle(self, *args, elz=None, verbosity=1, **options):
        if not settings.SITE_URL:
            raise CommandError("Set SITE_URL (e.g. https://wegwijzer.example.be): the links in the mails point there.")
        if elz and not Region.objects.filter(slug=elz).exists():
            raise CommandError(f"No ELZ with slug {elz!r}.")
        summary = request_verifications(region_slug=elz)
        if verbosity:
            self.stdout.write(
                f"{len(summary.sent)} sent, {len(summary.reminded)} reminders, {len(summary.failed)} failed, "
                f"{len(summary.over_limit)} over the yearly limit, {summary.without_email} stale without e-mail (to phone)."
            )
        if summary.failed:
            self.stderr.write("Not delivered: " + ", ".join(summary.failed))
