from django.core.management.base import BaseCommand, CommandError

from partners.content.checks import find_problems


class Command(BaseCommand):
    help = "Report invalid or suspicious content (bad numbers, missing contacts, duplicates). Exit 1 on a problem."

    def handle(self, *args, **options):
        problems = find_problems()
        for problem in problems:
            self.stdout.write(f"- {problem}")
        if problems:
            raise CommandError(f"{len(problems)} probleem/problemen in de inhoud.")
        self.stdout.write(self.style.SUCCESS("De inhoud is in orde."))
