"""Read offers of De Sociale Kaart and propose them to a region, for review (docs/sociale-kaart.md).

From a file (--file), or from the API (--rubric) where the machine can reach it. Nothing is
published: the differences become proposals (`Proposal`, source De Sociale Kaart) in the region's
review queue in the admin, where its staff accept or reject them; the command prints a Dutch
report and, with --out, writes the comparison as JSON. --dry-run prints only.
"""

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from partners.content.sociale_kaart import (
    MAX_BYTES,
    MAX_OFFERS,
    Known,
    SocialeKaartError,
    load_json,
    propose,
    read_records,
    report,
)
from partners.content.sociale_kaart_proposals import plan
from partners.lib.acting import system_write
from partners.models import Postcode, Region
from partners.public.selectors import RegionContent

API_URL = "https://www.desocialekaart.be/api"
PAGE_SIZE = 200
MAX_PAGES = 100  # 20,000 offers: more than any rubric holds


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


def _total_pages(page: dict) -> int:
    total = page.get("page", {}).get("totalPages") if isinstance(page.get("page"), dict) else None
    return total if isinstance(total, int) and total >= 0 else 1


def fetch_pages(rubric: str, *, api_url: str = API_URL, pause: float = 0.5, timeout: float = 20) -> list[dict]:
    """Every page of /health-offers for one rubric label, politely (a pause between pages)."""
    if urllib.parse.urlsplit(api_url).scheme not in {"http", "https"}:
        raise CommandError("--api-url begint met https:// (of http://).")
    pages: list[dict] = []
    number, total = 0, 1
    while number < min(total, MAX_PAGES, MAX_OFFERS // PAGE_SIZE + 1):  # one page over the cap: read_records says so
        query = urllib.parse.urlencode({"rubrics": rubric, "page": number, "size": PAGE_SIZE, "sort": "LAST_UPDATED_DESC"})
        request = urllib.request.Request(f"{api_url}/health-offers?{query}", headers={"Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                page = load_json(response.read(MAX_BYTES + 1))
        except urllib.error.HTTPError as exc:
            raise CommandError(f"De Sociale Kaart antwoordt {exc.code} op pagina {number + 1}.") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise CommandError(f"De Sociale Kaart is niet bereikbaar: {getattr(exc, 'reason', exc)}.") from None
        except SocialeKaartError as exc:
            raise CommandError(f"De Sociale Kaart, pagina {number + 1}: {exc}") from None
        if not isinstance(page, dict):
            raise CommandError(f"De Sociale Kaart stuurde een onbekende vorm op pagina {number + 1}.")
        pages.append(page)
        total = _total_pages(page)
        number += 1
        if number < total and pause:
            time.sleep(pause)
    return pages


class Command(BaseCommand):
    help = "Stel aanbod van De Sociale Kaart voor aan een ELZ (uit een bestand of van de API); er wordt niets gepubliceerd."

    def add_arguments(self, parser):
        parser.add_argument("--elz", required=True, help="slug van de eerstelijnszone, bv. leuven")
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--file", type=Path, help="JSON van /api/health-offers (één pagina of een lijst pagina's)")
        source.add_argument("--rubric", help='volledige rubriek, bv. "02.06.01. Ziekenhuizen" (haalt alle pagina\'s op)')
        parser.add_argument("--api-url", default=API_URL, help=f"basisadres van de API (standaard {API_URL})")
        parser.add_argument("--pause", type=float, default=0.5, help="seconden tussen twee pagina's van de API (standaard 0,5)")
        parser.add_argument("--out", type=Path, help="schrijf de vergelijking ook als JSON naar dit bestand")
        parser.add_argument("--dry-run", action="store_true", help="toon alleen wat er voorgesteld zou worden; bewaar niets")

    @system_write("import_sociale_kaart")
    def handle(self, *args, elz, file=None, rubric=None, api_url=API_URL, out=None, pause=0.5, dry_run=False, **options):
        region = Region.objects.filter(slug=elz).first()
        if region is None:
            raise CommandError(f"Er is geen eerstelijnszone ‘{elz}’.")
        if not file and not rubric:
            raise CommandError("Geef --file of --rubric.")
        if file:
            file = Path(file)
            source = file.name
            try:
                with file.open("rb") as handle:
                    data = load_json(handle.read(MAX_BYTES + 1))
            except OSError as exc:
                raise CommandError(f"Het bestand {file} kan niet gelezen worden: {exc.strerror}.") from None
            except SocialeKaartError as exc:
                raise CommandError(f"{file.name}: {exc}") from None
        else:
            source = f"rubriek ‘{rubric}’"
            data = fetch_pages(rubric, api_url=api_url, pause=pause)
        try:
            records = read_records(data)
        except SocialeKaartError as exc:
            raise CommandError(f"{source}: {exc}") from None
        postcodes = set(Postcode.objects.filter(municipality__zones__region=region).values_list("code", flat=True))
        result = propose(records, postcodes, known_services(region))
        queue = plan(result.proposals, region)
        shared = {id(p) for p in queue.shared}
        result.proposals = [p for p in result.proposals if id(p) not in shared]  # reported apart, below
        self.stdout.write(f"De Sociale Kaart → {region.name}: {len(records)} aanbod gelezen uit {source}.")
        self.stdout.write(report(result))
        self.stdout.write(queue.report())
        if out:
            out = Path(out)
            written = result.as_json() | {"shared": [asdict(p) for p in queue.shared]}
            out.write_text(json.dumps(written, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            self.stdout.write(f"Vergelijking geschreven naar {out}.")
        if dry_run:
            self.stdout.write("Proefdraai (--dry-run): er is niets bewaard.")
            return
        queue.save()
        self.stdout.write(
            f"{len(queue.created)} voorstellen klaargezet om te beoordelen in de beheeromgeving "
            "(Voorstellen tot wijziging); er is nog niets gepubliceerd."
        )
