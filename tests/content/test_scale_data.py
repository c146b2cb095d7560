"""generate_scale_data: fake regions for benchmarks, never mixed into real content by accident."""

import io
import re

import pytest
from django.core.management import CommandError, call_command

from partners.content.checks import find_problems
from partners.lib.phones import normalize
from partners.models import (
    ConsultTopic,
    Entry,
    FactorList,
    Organization,
    Phone,
    Region,
    Section,
    Service,
    Step,
    UrgencyTier,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def generate(**options) -> str:
    out = io.StringIO()
    call_command("generate_scale_data", stdout=out, **options)
    return out.getvalue()


def reported(output: str) -> dict[str, int]:
    return {what: int(n) for n, what in re.findall(r"(\d+) ([a-z][a-z -]+?)(?:,|\.$)", output.strip())}


def test_it_refuses_to_run_next_to_real_content(leuven):
    regions = Region.objects.count()
    with pytest.raises(CommandError, match="echte inhoud.*leuven.*--force"):
        generate(regions=2, services=20)
    assert Region.objects.count() == regions


def test_it_refuses_when_an_organisation_is_not_generated(leuven):
    leuven.slug = "proef-vermomd"  # only the organisations still give the real content away
    leuven.save()
    Region.objects.exclude(pk=leuven.pk).delete()
    with pytest.raises(CommandError, match="organisaties"):
        generate(regions=2, services=20)


def test_a_small_run_creates_what_it_says_and_passes_the_content_checks(leuven):
    output = generate(regions=3, services=20, force=True)
    counts = reported(output)
    regions = Region.objects.filter(slug__startswith="proef-")
    assert counts["eerstelijnszones"] == regions.count() == 3
    assert counts["diensten"] == Service.objects.filter(key__startswith="proef-").count() == 60
    assert counts["organisaties"] == Organization.objects.filter(region__in=regions).count()
    assert all(region.zone_id is None for region in regions)  # invented regions never take a real zone
    assert counts["regels"] == Entry.objects.filter(section__region__in=regions).count()
    assert counts["telefoonnummers"] == Phone.objects.filter(service__key__startswith="proef-").count()
    for region in regions:
        assert region.name.startswith("ELZ ")
        assert Step.objects.filter(region=region).count() == 5
        assert set(UrgencyTier.objects.filter(region=region).values_list("slug", flat=True)) == {
            "acuut",
            "ondersteuning",
            "geen-actie",
        }
        assert ConsultTopic.objects.filter(region=region).exists()
        assert set(FactorList.objects.filter(region=region).values_list("key", flat=True)) == {"aces", "paces"}
        assert set(Section.objects.filter(region=region).values_list("card", flat=True)) == {"partnerkaart", "contactfiche"}
        assert Entry.objects.filter(section__region=region, parent__isnull=False).exists()  # grouped sub-entries
        assert all(len(s.postcode) == 4 for s in Service.objects.filter(organization__region=region).exclude(postcode=""))
    for phone in Phone.objects.filter(service__key__startswith="proef-"):
        assert normalize(phone.number) == phone.number
    assert not Service.objects.filter(key__startswith="proef-", themes__isnull=True).exists()
    assert find_problems() == []


def test_running_it_again_replaces_the_generated_data(leuven):
    generate(regions=2, services=20, force=True)
    generate(regions=2, services=20, force=True)
    assert Region.objects.filter(slug__startswith="proef-").count() == 2
    assert Service.objects.filter(key__startswith="proef-").count() == 40
    generate(delete=True)
    assert not Service.objects.filter(key__startswith="proef-").exists()
    assert Region.objects.filter(slug="leuven").exists()


def test_generated_regions_answer_every_public_page(client, leuven):
    generate(regions=1, services=30, force=True)
    slug = Region.objects.get(slug__startswith="proef-").slug
    for path in [
        "",
        "acuut/",
        "wegwijzer/",
        "wegwijzer/bespreek/",
        "wegwijzer/urgentie/",
        "wegwijzer/actie/?urgentie=ondersteuning&erkenning=ja&leeftijd=0-3",
        "wegwijzer/registreer/",
        "partnerkaart/",
        "contactfiche/",
    ]:
        assert client.get(f"/{slug}/{path}").status_code == 200, path
