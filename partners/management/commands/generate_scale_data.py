import time

from django.core.management.base import BaseCommand, CommandError

from partners.scale import PREFIX, delete_generated, generate, real_content_reason


class Command(BaseCommand):
    help = (
        "Make fake but realistic regions and services for benchmarks and query-count tests "
        f"(slugs and keys start with '{PREFIX}'). Replaces earlier generated data. "
        "Refuses to run next to real content unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--regions", type=int, default=60, help="number of regions (default 60)")
        parser.add_argument("--services", type=int, default=150, help="services per region (default 150, at least 20)")
        parser.add_argument("--seed", type=int, default=2024, help="random seed: the same seed makes the same data")
        parser.add_argument("--force", action="store_true", help="also run when the database holds real content")
        parser.add_argument("--delete", action="store_true", help="only remove the generated data")

    def handle(self, *args, regions: int, services: int, seed: int, force: bool, delete: bool, **options):
        if delete:
            self.stdout.write(f"{delete_generated()} gegenereerde rijen verwijderd.")
            return
        reason = real_content_reason()
        if reason and not force:
            raise CommandError(
                f"Deze database bevat echte inhoud: {reason}. Proefdata hoort in een eigen database; "
                "gebruik --force als je ze er toch naast wil zetten."
            )
        if regions < 1 or services < 20:
            raise CommandError("Kies minstens 1 eerstelijnszone en 20 diensten per eerstelijnszone.")
        started = time.monotonic()
        report = generate(regions=regions, services=services, seed=seed)
        summary = ", ".join(f"{n} {what}" for what, n in report.counts.items())
        self.stdout.write(self.style.SUCCESS(f"Proefdata gemaakt in {time.monotonic() - started:.1f}s: {summary}."))
