"""Fake but realistic regions and services, for benchmarks and query-count tests.

`generate(regions=60, services=150)` builds that many regions, each with the structure a real ELZ
has (steps, three urgency tiers with contacts, consult topics, resources, ACE/PACE lists, a
partnerkaart and a contactfiche with grouped sub-entries) and `services` services of its own.
Everything it makes is recognisable: region slugs and service keys start with `proef-`, and the
organisations belong to those regions. `delete_generated()` removes exactly that again.

Records are written with bulk_create (9,000 services load in seconds), so no signals fire: the
version of the generated regions is bumped once at the end instead (partners/versions.py).
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from partners import versions
from partners.content.loader import FIXTURES_DIR, load_files
from partners.lib import phones
from partners.lib.acting import system_write
from partners.models import (
    Card,
    ConsultContact,
    ConsultTopic,
    Coverage,
    Email,
    Entry,
    Factor,
    FactorList,
    Organization,
    Phone,
    Province,
    Region,
    Resource,
    ResourceKind,
    Section,
    Service,
    Step,
    StepKey,
    Theme,
    TierContact,
    UrgencyTier,
)


class Place(NamedTuple):
    name: str
    postcode: str


PREFIX = "proef-"
BATCH = 1000


def _domain(name: str) -> str:
    """A host name under the reserved .example top-level domain (a DNS label has at most 63 characters)."""
    return slugify(name)[:60].strip("-") + ".example"


# fmt: off
STEMS = [
    "Zand", "Berg", "Beek", "Hoog", "Laar", "Heide", "Brug", "Kapel", "Kerk", "Meer", "Wijn", "Vlas",
    "Linde", "Eike", "Esse", "Molen", "Wouw", "Ravel", "Oost", "West", "Rode", "Water", "Vossel",
    "Haze", "Bever", "Ooster", "Zonne", "Klaver", "Hamme", "Dender",
]
ENDINGS = ["hoven", "dael", "kerke", "broek", "gem", "rode", "zele", "lo", "beke", "dorp", "veld", "hout", "lare", "dijk"]
QUARTERS = ["Noord", "Zuid", "Oost", "West", "Centrum", "Rand"]
PARTS = ["Sint-{0}", "{0}-Dorp", "{0}-Heide", "Onze-Lieve-Vrouw-{0}", "{0}-Waver", "Klein-{0}"]

PROVINCE_POSTCODES = {
    Province.ANTWERPEN: (2000, 2999),
    Province.LIMBURG: (3500, 3999),
    Province.OOST_VLAANDEREN: (9000, 9999),
    Province.VLAAMS_BRABANT: (1500, 1999),
    Province.WEST_VLAANDEREN: (8000, 8999),
}
AREA_CODES = {
    Province.ANTWERPEN: ["03", "014", "015"],
    Province.LIMBURG: ["011", "012", "089"],
    Province.OOST_VLAANDEREN: ["09", "052", "053", "055"],
    Province.VLAAMS_BRABANT: ["016", "02", "013"],
    Province.WEST_VLAANDEREN: ["050", "051", "056", "057", "058", "059"],
}

ORG_KINDS = [
    "CAW", "Huis van het Kind", "CGG", "OCMW", "Buurtwerk", "Gezinsbond", "Kinderopvang", "Jeugdhuis",
    "Wijkgezondheidscentrum", "Vzw Samen", "Ontmoetingshuis", "Opvoedingswinkel", "Thuiszorg",
    "Centrum voor Kinderzorg en Gezinsondersteuning", "Dienst Welzijn", "Huis van het Gezin",
    "Sociaal Verhuurkantoor", "Vrijwilligerswerking", "Jongerenpunt", "Praatcafé",
]
ORG_WORDS = [
    "De Brug", "Het Anker", "De Kiem", "De Linde", "Het Nest", "De Schakel", "Den Eik", "De Vlinder",
    "Het Kompas", "De Bron", "De Wegwijs", "De Ster", "Het Veer", "De Regenboog", "De Horizon",
    "Het Huis", "De Boomgaard", "De Zonnebloem", "Het Speelhof", "De Toren",
]
ACTIVITIES = [
    ("onthaal", "Gratis onthaal voor iedereen met een vraag over welzijn, wonen of geld."),
    ("gezinsbegeleiding", "Begeleiding aan huis voor gezinnen die het even moeilijk hebben."),
    ("opvoedingsondersteuning", "Antwoord op vragen over opvoeden, van baby tot tiener."),
    ("jongerenwerking", "Een plek om te praten, te spelen en hulp te vragen voor jongeren."),
    ("psychologische hulp", "Kortdurende gesprekken met een psycholoog, ook voor kinderen."),
    ("budgetbegeleiding", "Hulp om rond te komen en schulden op te volgen."),
    ("spreekuur", "Kom langs zonder afspraak met een vraag over het gezin."),
    ("praatgroep voor ouders", "Ouders delen ervaringen met elkaar, met een begeleider."),
    ("huiswerkbegeleiding", "Vrijwilligers helpen kinderen met hun huiswerk."),
    ("speel- en ontmoetingsruimte", "Gratis spelen en andere ouders ontmoeten."),
    ("consultatiebureau", "Opvolging van de groei en ontwikkeling van baby en peuter."),
    ("crisisopvang", "Tijdelijke opvang als het thuis niet veilig is."),
    ("bemiddeling", "Hulp bij conflict tussen ouders, ook bij een scheiding."),
    ("taalhulp", "Hulp bij gesprekken in een andere taal."),
    ("verslavingszorg", "Advies en begeleiding bij alcohol, drugs of gokken."),
]
AGE_RANGES = [(-9, 47), (0, 47), (-9, 35), (36, 155), (144, 311), (216, None), (None, None), (0, 215), (None, 215), (72, 227)]
AVAILABILITY = ["ma–vr 9–17u", "24/7", "di en do 10–12u", "op afspraak", "wo-namiddag", "ma–do 9–12u en 13–16u"]
STREETS = ["Kerkstraat", "Stationsstraat", "Dorpsplein", "Molenstraat", "Schoolstraat", "Kapelstraat", "Nieuwstraat", "Markt"]

STEP_TEXTS = [
    (StepKey.OBSERVEER, "Ik observeer", "Je hebt een niet-pluisgevoel over een kind in een gezin in een kwetsbare situatie."),
    (StepKey.BESPREEK, "Volgende stap: bespreek en schat in", "Bespreek wat je ziet met het gezin en met je collega's."),
    (StepKey.URGENTIE, "Hoe dringend is het?", "Schat in of er acuut gevaar is, nood aan ondersteuning, of geen actie nodig."),
    (StepKey.ACTIE, "Ik onderneem gepaste actie", "Doe wat past bij hoe dringend het is. Partners helpen je verder."),
    (StepKey.REGISTREER, "Ik registreer", "Noteer wat je zag en deed in het dossier van je eigen organisatie."),
]
TIER_TEXTS = [
    ("acuut", "Acuut", "De lichamelijke of psychische integriteit is in gevaar. Actie is dringend.", 4),
    ("ondersteuning", "Nood aan ondersteuning", "Er is ondersteuning nodig en het gezin erkent de bezorgdheid.", 3),
    ("geen-actie", "Geen actie nodig", "Er is geen erkende bezorgdheid en ik ben gerustgesteld.", 0),
]
ACES = [
    "Lichamelijke verwaarlozing of mishandeling", "Psychische verwaarlozing", "Getuige van geweld in het gezin",
    "Psychisch probleem of verslaving bij een ouder", "Overlijden van een ouder", "Chronisch pesten",
    "Discriminatie", "Opgroeien in armoede",
]
PACES = [
    "Onvoorwaardelijke liefde van een ouder", "Een beste vriend(in)", "Deel van een groep", "Een vertrouwenspersoon",
    "Een veilig thuis met genoeg eten", "Goed onderwijs", "Een hobby", "Structuur en routine",
]
# fmt: on
CARD_SECTIONS = {
    Card.PARTNERKAART: [
        ("zwangeren-0-3", "Zwangeren en kinderen t.e.m. 3 jaar"),
        ("gezinnen", "Gezinnen"),
        ("volwassenen", "Volwassenen"),
        ("kinderen-jongeren-3-18", "Kinderen en jongeren 3–18 jaar"),
        ("overleg", "(Multidisciplinair) overleg"),
        ("informeel-netwerk", "Informeel netwerk"),
    ],
    Card.CONTACTFICHE: [
        ("praktisch-financieel", "Praktisch & financieel"),
        ("gezondheid-welzijn", "Gezondheid & welzijn"),
        ("telefonische-online-hulp", "Telefonische of online hulp"),
        ("sociaal", "Sociaal"),
        ("opvoeding", "Opvoeding kinderen & jongeren"),
    ],
}
RESOURCES = [
    ("gesprekstips", ResourceKind.TIP, "Gesprekstips", []),
    ("achtergrond", ResourceKind.TIP, "Achtergrond bij een niet-pluisgevoel", []),
    ("signalen-verontrusting", ResourceKind.SIGNAL_LIST, "Signalen van verontrusting", ["verontrusting", "kindermishandeling"]),
    ("signalen-pesten", ResourceKind.SIGNAL_LIST, "Signalen van pesten", ["pesten"]),
    ("signalen-armoede", ResourceKind.SIGNAL_LIST, "Signalen van armoede", ["armoede"]),
    ("signalen-geweld", ResourceKind.SIGNAL_LIST, "Signalen van geweld in het gezin", ["intrafamiliaal-geweld"]),
    ("familiereflex", ResourceKind.METHOD, "Familiereflex", []),
    ("netwerkberaad", ResourceKind.METHOD, "Netwerkberaad", []),
    ("dossier", ResourceKind.REGISTRATION, "Dossier van je eigen organisatie", []),
    ("afstemming", ResourceKind.REGISTRATION, "Afstemming met andere zorgverleners", []),
    ("sociale-kaart", ResourceKind.DIRECTORY, "De Sociale Kaart", []),
]


@dataclass
class Report:
    """What was made, per kind of record (the command prints it)."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, what: str, n: int) -> None:
        self.counts[what] = self.counts.get(what, 0) + n


def real_content_reason() -> str | None:
    """Why this database looks like it holds real content (then `generate` needs --force), or None."""
    if Region.objects.filter(slug="leuven").exists():
        return "de eerstelijnszone 'leuven' bestaat"
    other_regions = Region.objects.exclude(slug__startswith=PREFIX)
    if other_regions.exists():
        return f"er zijn eerstelijnszones zonder het voorvoegsel '{PREFIX}' ({other_regions.count()})"
    real_orgs = Organization.objects.exclude(region__slug__startswith=PREFIX)
    if real_orgs.exists():
        return f"er zijn organisaties die niet door deze opdracht gemaakt zijn ({real_orgs.count()})"
    return None


def _generated_regions() -> Q:
    return Q(slug__startswith=PREFIX)


@transaction.atomic
def delete_generated() -> int:
    """Remove every generated record (and nothing else). Returns the number of rows deleted.

    Raw deletes, child tables first: the per-object delete path with signals and history rows
    would take minutes for 9,000 services, and generated records have no history worth keeping.
    """
    region_q = {"region__slug__startswith": PREFIX}
    service_q = {"service__key__startswith": PREFIX}
    querysets = [
        Entry.objects.filter(section__region__slug__startswith=PREFIX),
        TierContact.objects.filter(tier__region__slug__startswith=PREFIX),
        ConsultContact.objects.filter(topic__region__slug__startswith=PREFIX),
        Resource.themes.through.objects.filter(resource__region__slug__startswith=PREFIX),
        Resource.objects.filter(**region_q),
        Factor.objects.filter(factor_list__region__slug__startswith=PREFIX),
        FactorList.objects.filter(**region_q),
        Section.objects.filter(**region_q),
        Step.objects.filter(**region_q),
        UrgencyTier.objects.filter(**region_q),
        ConsultTopic.objects.filter(**region_q),
        Phone.objects.filter(**service_q),
        Email.objects.filter(**service_q),
        Service.themes.through.objects.filter(**service_q),
        Service.regions.through.objects.filter(Q(**service_q) | Q(**region_q)),
        Service.objects.filter(key__startswith=PREFIX),
        Organization.objects.filter(**region_q),
        Region.objects.filter(_generated_regions()),
    ]
    slugs = list(Region.objects.filter(_generated_regions()).values_list("slug", flat=True))
    deleted = sum(qs._raw_delete(qs.db) for qs in querysets)
    if deleted:
        transaction.on_commit(lambda: versions.forget(slugs))
    return deleted


class _Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.report = Report()
        self.used_postcodes: set[str] = set()
        self.themes = list(Theme.objects.order_by("order", "slug"))
        self.themes_by_slug = {t.slug: t for t in self.themes}

    # -- names and numbers ---------------------------------------------------------------

    def region_names(self, n: int) -> list[tuple[str, str]]:
        """n unique (stem, quarter) pairs: "Zandhoven", "Noord" → ELZ Zandhoven-Noord."""
        stems = [s + e for s in STEMS for e in ENDINGS]
        self.rng.shuffle(stems)
        names = []
        for i in range(n):
            stem = stems[i % len(stems)]
            quarter = QUARTERS[(i // len(stems)) % len(QUARTERS)] if i >= len(stems) or self.rng.random() < 0.4 else ""
            if i >= len(stems) * len(QUARTERS):
                quarter = f"{quarter} {i}"
            names.append((stem, quarter))
        return names

    def postcode(self, province: str) -> str:
        low, high = PROVINCE_POSTCODES[province]
        for _ in range(10_000):
            code = str(self.rng.randint(low, high))
            if code not in self.used_postcodes:
                self.used_postcodes.add(code)
                return code
        raise RuntimeError(f"no free postcode left in {province}")

    def phone(self, province: str) -> str:
        """A valid Belgian landline or mobile number in E.164, checked by partners.phones."""
        for _ in range(100):
            if self.rng.random() < 0.25:
                raw = f"04{self.rng.choice('789')}{self.rng.randint(0, 9)} {self.rng.randint(100000, 999999)}"
            else:
                area = self.rng.choice(AREA_CODES[province])
                digits = 9 - len(area) + 1  # national numbers have 9 digits after the 0
                raw = f"{area} {self.rng.randint(2, 9)}{self.rng.randint(0, 10 ** (digits - 1) - 1):0{digits - 1}d}"
            try:
                return phones.normalize(raw)
            except ValidationError:
                continue
        raise RuntimeError("could not make a valid phone number")

    # -- the records ---------------------------------------------------------------------

    def make(self, n_regions: int, n_services: int) -> Report:
        provinces = list(PROVINCE_POSTCODES)
        regions = []
        for i, (stem, quarter) in enumerate(self.region_names(n_regions)):
            name = f"ELZ {stem}" + (f"-{quarter}" if quarter else "")
            province = provinces[i % len(provinces)]
            region = Region(
                name=name,
                slug=PREFIX + slugify(name.removeprefix("ELZ ")),
                province=province,
                contact_email=f"info@{_domain(stem)}",
                website=f"https://www.{_domain(stem)}",
                intro=f"Maak je je zorgen over een kind? Deze wegwijzer helpt professionals in {stem} stap voor stap.",
            )
            region.stem = stem
            regions.append(region)
        Region.objects.bulk_create(regions, batch_size=BATCH)
        self.report.add("eerstelijnszones", len(regions))
        # Invented places for the services' addresses; not stored as geography (that is real data).
        places = {}
        for region in regions:
            names = [region.stem] + [p.format(region.stem) for p in self.rng.sample(PARTS, self.rng.randint(2, 5))]
            places[region.id] = [Place(name, self.postcode(region.province)) for name in names]

        services_by_region = self.services(regions, places, n_services)
        self.guidance(regions, services_by_region)
        self.cards(regions, services_by_region)
        return self.report

    def services(self, regions: list[Region], places: dict, n_services: int) -> dict[int, list[Service]]:
        organizations, services = [], []
        per_org = 3
        for region in regions:
            kinds_words = [(k, w) for k in ORG_KINDS for w in ORG_WORDS]
            chosen = self.rng.sample(kinds_words, min(len(kinds_words), -(-n_services // per_org)))
            for kind, word in chosen:
                org_name = f"{kind} {word} {region.stem}"
                org = Organization(name=org_name, region=region, website=f"https://www.{_domain(word + ' ' + region.stem)}")
                org.region_obj = region
                organizations.append(org)
        Organization.objects.bulk_create(organizations, batch_size=BATCH)
        self.report.add("organisaties", len(organizations))

        orgs_by_region: dict[int, list[Organization]] = {}
        for org in organizations:
            orgs_by_region.setdefault(org.region_id, []).append(org)
        today = date.today()
        for region in regions:
            orgs = orgs_by_region[region.id]
            for n in range(n_services):
                org = orgs[n // per_org]
                activity, description = ACTIVITIES[(n * 7 + n // per_org) % len(ACTIVITIES)]
                age_min, age_max = self.rng.choice(AGE_RANGES)
                place = self.rng.choice(places[region.id])
                visit = self.rng.random() < 0.6
                service = Service(
                    organization=org,
                    key=f"{region.slug}-{n + 1:03d}",
                    name=f"{org.name} – {activity}",
                    description=description,
                    application_process=self.rng.choice(
                        ["Bel of mail voor een afspraak.", "Kom gewoon langs.", "Aanmelden via de website."]
                    ),
                    availability=self.rng.choice(AVAILABILITY),
                    is_free=self.rng.random() < 0.7,
                    is_anonymous=self.rng.random() < 0.2,
                    is_always_open=self.rng.random() < 0.05,
                    channel_phone=True,
                    channel_chat=self.rng.random() < 0.2,
                    channel_email=self.rng.random() < 0.7,
                    channel_visit=visit,
                    age_min_months=age_min,
                    age_max_months=age_max,
                    url=f"{org.website}/{slugify(activity)}",
                    street=f"{self.rng.choice(STREETS)} {self.rng.randint(1, 180)}" if visit else "",
                    postcode=place.postcode if visit else "",
                    city=place.name if visit else "",
                    coverage=Coverage.REGIONS,
                    assured_date=today - timedelta(days=self.rng.randint(0, 700)),
                    assured_by="Proefdata",
                )
                service.region_obj = region
                services.append(service)
        Service.objects.bulk_create(services, batch_size=BATCH)
        self.report.add("diensten", len(services))

        by_region: dict[int, list[Service]] = {}
        for service in services:
            by_region.setdefault(service.region_obj.id, []).append(service)
        region_ids = [r.id for r in regions]
        coverage, theme_links, phone_rows, email_rows = [], [], [], []
        for service in services:
            region = service.region_obj
            coverage.append(Service.regions.through(service_id=service.id, region_id=region.id))
            if self.rng.random() < 0.1 and len(regions) > 1:  # some work in a neighbouring ELZ too
                neighbour = region_ids[(region_ids.index(region.id) + 1) % len(region_ids)]
                coverage.append(Service.regions.through(service_id=service.id, region_id=neighbour))
            for theme in self.rng.sample(self.themes, self.rng.randint(1, min(3, len(self.themes)))) if self.themes else []:
                theme_links.append(Service.themes.through(service_id=service.id, theme_id=theme.id))
            for order in range(self.rng.choice([1, 1, 2])):
                phone_rows.append(Phone(service=service, number=self.phone(region.province), order=order))
            if self.rng.random() < 0.8:
                local = self.rng.choice(["info", "onthaal", "contact", "hallo"])
                email_rows.append(
                    Email(service=service, address=f"{local}@{service.organization.website.removeprefix('https://www.')}")
                )
        Service.regions.through.objects.bulk_create(coverage, batch_size=BATCH)
        Service.themes.through.objects.bulk_create(theme_links, batch_size=BATCH)
        Phone.objects.bulk_create(phone_rows, batch_size=BATCH)
        Email.objects.bulk_create(email_rows, batch_size=BATCH)
        self.report.add("telefoonnummers", len(phone_rows))
        self.report.add("e-mailadressen", len(email_rows))
        return by_region

    def guidance(self, regions: list[Region], services_by_region: dict[int, list[Service]]) -> None:
        steps, tiers, topics, factor_lists = [], [], [], []
        for region in regions:
            for order, (key, title, intro) in enumerate(STEP_TEXTS, start=1):
                steps.append(
                    Step(region=region, key=key, title=title, intro=intro, body=f"Meer uitleg voor {region.name}.", order=order)
                )
            for order, (slug, name, criteria, _n) in enumerate(TIER_TEXTS):
                tiers.append(
                    UrgencyTier(region=region, slug=slug, name=name, criteria=criteria, guidance="Neem contact op.", order=order)
                )
            for order, theme in enumerate(self.rng.sample(self.themes, min(len(self.themes), self.rng.randint(6, 10)))):
                topics.append(ConsultTopic(region=region, theme=theme, title=theme.name, order=order))
            for key, title, items in (
                ("aces", "Ingrijpende jeugdervaringen (ACE's)", ACES),
                ("paces", "Beschermende factoren (PACE's)", PACES),
            ):
                fl = FactorList(region=region, key=key, title=title, intro="Enkele voorbeelden.", url="https://www.augeo.example")
                fl.items = items
                factor_lists.append(fl)
        Step.objects.bulk_create(steps, batch_size=BATCH)
        UrgencyTier.objects.bulk_create(tiers, batch_size=BATCH)
        ConsultTopic.objects.bulk_create(topics, batch_size=BATCH)
        FactorList.objects.bulk_create(factor_lists, batch_size=BATCH)
        factors = [Factor(factor_list=fl, text=text, order=i) for fl in factor_lists for i, text in enumerate(fl.items)]
        Factor.objects.bulk_create(factors, batch_size=BATCH)

        tier_contacts, consult_contacts = [], []
        sizes = {slug: n for slug, _name, _c, n in TIER_TEXTS}
        for tier in tiers:
            pool = services_by_region[tier.region_id]
            for order, service in enumerate(self.rng.sample(pool, min(len(pool), sizes[tier.slug]))):
                tier_contacts.append(TierContact(tier=tier, service=service, note="Bel bij twijfel.", order=order))
        for topic in topics:
            pool = services_by_region[topic.region_id]
            for order, service in enumerate(self.rng.sample(pool, min(len(pool), self.rng.randint(1, 3)))):
                consult_contacts.append(ConsultContact(topic=topic, service=service, order=order))
        TierContact.objects.bulk_create(tier_contacts, batch_size=BATCH)
        ConsultContact.objects.bulk_create(consult_contacts, batch_size=BATCH)

        resources, sub_resources, resource_themes = [], [], []
        for region in regions:
            for order, (key, kind, title, theme_slugs) in enumerate(RESOURCES):
                resource = Resource(
                    region=region,
                    key=key,
                    kind=kind,
                    title=title,
                    description=f"{title} voor professionals.",
                    url=f"https://www.{key}.example",
                    order=order,
                )
                resource.theme_slugs = theme_slugs
                resources.append(resource)
        Resource.objects.bulk_create(resources, batch_size=BATCH)
        for resource in resources:
            if resource.kind == ResourceKind.SIGNAL_LIST and resource.key == "signalen-verontrusting":
                for i, part in enumerate(["voor baby's", "voor kleuters", "voor tieners"]):
                    sub = Resource(
                        region_id=resource.region_id,
                        key=f"{resource.key}-{i + 1}",
                        kind=resource.kind,
                        parent=resource,
                        title=f"{resource.title} {part}",
                        url=f"https://www.{resource.key}.example/{i + 1}",
                        order=100 + i,
                    )
                    sub.theme_slugs = []
                    sub_resources.append(sub)
        Resource.objects.bulk_create(sub_resources, batch_size=BATCH)
        for resource in resources + sub_resources:
            for slug in resource.theme_slugs:
                if slug in self.themes_by_slug:
                    resource_themes.append(
                        Resource.themes.through(resource_id=resource.id, theme_id=self.themes_by_slug[slug].id)
                    )
        Resource.themes.through.objects.bulk_create(resource_themes, batch_size=BATCH)

        self.report.add("stappen", len(steps))
        self.report.add("urgentieniveaus", len(tiers))
        self.report.add("contacten bij urgentie", len(tier_contacts))
        self.report.add("consultonderwerpen", len(topics))
        self.report.add("consultcontacten", len(consult_contacts))
        self.report.add("hulpmiddelen", len(resources) + len(sub_resources))
        self.report.add("lijsten met factoren", len(factor_lists))
        self.report.add("factoren", len(factors))

    def cards(self, regions: list[Region], services_by_region: dict[int, list[Service]]) -> None:
        sections = []
        for region in regions:
            for card, items in CARD_SECTIONS.items():
                for order, (slug, title) in enumerate(items, start=1):
                    sections.append(Section(region=region, card=card, slug=slug, title=title, order=order))
        Section.objects.bulk_create(sections, batch_size=BATCH)

        tops, children = [], []
        for section in sections:
            pool = services_by_region[section.region_id]
            n = self.rng.randint(5, 10) if section.card == Card.PARTNERKAART else self.rng.randint(3, 7)
            picked = self.rng.sample(pool, min(len(pool), n + 5))
            for order, service in enumerate(picked[:n]):
                tops.append(Entry(section=section, service=service, order=order))
            tops.append(
                Entry(
                    section=section,
                    title="Vrijwilligers in de buurt",
                    description="Vraag bij het lokaal dienstencentrum.",
                    order=n,
                )
            )
            if section.card == Card.PARTNERKAART:
                heading = Entry(section=section, title="Gezinsbegeleiding op verschillende domeinen", order=n + 1)
                heading.sub = picked[n:]
                tops.append(heading)
        Entry.objects.bulk_create(tops, batch_size=BATCH)
        for entry in tops:
            for order, service in enumerate(getattr(entry, "sub", [])):
                children.append(Entry(section_id=entry.section_id, parent=entry, service=service, order=order))
        Entry.objects.bulk_create(children, batch_size=BATCH)
        self.report.add("rubrieken", len(sections))
        self.report.add("regels", len(tops) + len(children))


@transaction.atomic
def generate(*, regions: int, services: int, seed: int = 2024) -> Report:
    """Replace the generated data with `regions` fresh regions of `services` services each."""
    if services < 20:
        raise ValueError("services must be at least 20: the cards and tiers of a region need that many")
    delete_generated()
    if not Theme.objects.exists():
        load_files([FIXTURES_DIR / "themes.yaml"])
    report = _Generator(seed).make(regions, services)
    made = list(Region.objects.filter(_generated_regions()).values_list("pk", flat=True))
    transaction.on_commit(lambda: versions.bump(made))  # only the generated regions changed
    return report


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

    @system_write("generate_scale_data")
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
