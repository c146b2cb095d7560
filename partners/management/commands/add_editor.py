"""python manage.py add_editor <username> --elz <slug> [--elz <slug> …]: create or link an ELZ-redacteur."""

import getpass
import os
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from partners.models import Editor, Region
from partners.staff.policy import grant_editor_role

PASSWORD_ENV = "WEGWIJZER_EDITOR_PASSWORD"


class Command(BaseCommand):
    help = (
        "Maak een ELZ-redacteur aan, of koppel een bestaande gebruiker aan (nog) een eerstelijnszone. "
        "Een nieuwe gebruiker krijgt een wachtwoord: gevraagd, uit $WEGWIJZER_EDITOR_PASSWORD, of willekeurig en één keer getoond."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--elz", action="append", required=True, metavar="SLUG", help="slug van de eerstelijnszone (herhaalbaar)"
        )
        parser.add_argument("--email", default="")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive", help="vraag niets")

    def handle(self, username, elz, email, first_name, last_name, interactive, **options):
        regions = list(Region.objects.filter(slug__in=elz))
        unknown = sorted(set(elz) - {r.slug for r in regions})
        if unknown:
            raise CommandError(f"Onbekende eerstelijnszone: {', '.join(unknown)}.")

        User = get_user_model()
        user = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
        shown_password = None
        with transaction.atomic():
            if user is None:
                user = User(**{User.USERNAME_FIELD: username}, email=email, first_name=first_name, last_name=last_name)
                password, shown_password = self._password(user, interactive)
                user.set_password(password)
                created = True
            else:
                for name, value in (("email", email), ("first_name", first_name), ("last_name", last_name)):
                    if value:
                        setattr(user, name, value)
                created = False
            user.is_active = True
            user.save()
            grant_editor_role(user)
            editor, _ = Editor.objects.get_or_create(user=user)
            editor.regions.add(*regions)

        names = ", ".join(r.name for r in editor.regions.order_by("name"))
        verb = "aangemaakt" if created else "bijgewerkt"
        self.stdout.write(self.style.SUCCESS(f"Redacteur ‘{username}’ {verb}: beheert {names} via /admin/."))
        if shown_password:
            self.stdout.write(f"Tijdelijk wachtwoord (wordt niet opnieuw getoond): {shown_password}")
            self.stdout.write("Laat het bij de eerste keer aanmelden wijzigen via ‘Wachtwoord wijzigen’.")

    def _password(self, user, interactive: bool) -> tuple[str, str | None]:
        """The new user's password, validated by AUTH_PASSWORD_VALIDATORS; the second value is shown once."""
        if os.environ.get(PASSWORD_ENV):
            password = os.environ[PASSWORD_ENV]
            try:
                validate_password(password, user)
            except ValidationError as exc:
                raise CommandError(f"${PASSWORD_ENV} is geen goed wachtwoord: {' '.join(exc.messages)}") from exc
            return password, None
        if not interactive:
            password = secrets.token_urlsafe(15)
            return password, password
        while True:
            password = getpass.getpass("Wachtwoord: ")
            if password != getpass.getpass("Wachtwoord (nog eens): "):
                self.stderr.write("De wachtwoorden zijn niet gelijk.")
                continue
            try:
                validate_password(password, user)
            except ValidationError as exc:
                self.stderr.write(" ".join(exc.messages))
                continue
            return password, None
