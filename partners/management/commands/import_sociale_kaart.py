"""Read offers of De Sociale Kaart and propose them to a region, for review (docs/sociale-kaart.md).

Nothing is written to the content: the proposals are printed as a Dutch report and, with
--out, written as JSON for the review screen.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from partners.content.sociale_kaart import Known, SocialeKaartError, propose, read_records, report
from partners.models import Gemeente, Region
from partners.public.selectors import RegionContent


def known_services(region: Region) -> list[Known]:
    """The services the region's pages show (its own and the shared ones), as the matcher needs them."""
    return [
        Known(
            key=s.key,
            name=s.name,
            sociale_kaart_id=s.sociale_kaart_id,
            phones=[p.number for p in s.phones.all()],
            emails=[e.address for e in s.emails.all()],
            url=s.url,
            street=s.street,
            postcode=s.postcode,
            city=s.city,
        )
        for s in RegionContent(region).services.values()
    ]


class Command(BaseCommand):
    help = "Stel aanbod van De Sociale Kaart voor aan een ELZ (uit een JSON-bestand); er wordt niets gepubliceerd."

    def add_arguments(self, parser):
        parser.add_argument("--elz", required=True, help="slug van de eerstelijnszone, bv. leuven")
        parser.add_argument(
            "--file", required=True, type=Path, help="JSON van /api/health-offers (één pagina of een lijst pagina's)"
        )
        parser.add_argument("--out", type=Path, help="schrijf de voorstellen ook als JSON naar dit bestand")

    def handle(self, *args, elz, file, out=None, **options):
        region = Region.objects.filter(slug=elz).first()
        if region is None:
            raise CommandError(f"Er is geen eerstelijnszone ‘{elz}’.")
        file, out = Path(file), Path(out) if out else None
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except OSError as exc:
            raise CommandError(f"Het bestand {file} kan niet gelezen worden: {exc.strerror}.") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CommandError(f"{file} is geen leesbare JSON: {exc}") from None
        try:
            records = read_records(data)
        except SocialeKaartError as exc:
            raise CommandError(f"{file}: {exc}") from None
        postcodes = set(Gemeente.objects.filter(region=region).values_list("postcode", flat=True))
        result = propose(records, postcodes, known_services(region))
        self.stdout.write(f"De Sociale Kaart → {region.name}: {len(records)} aanbod gelezen uit {file.name}.")
        self.stdout.write(report(result))
        if out:
            out.write_text(json.dumps(result.as_json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            self.stdout.write(f"Voorstellen geschreven naar {out}.")
