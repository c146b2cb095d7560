"""Load the reference geography (fixtures/geo) and turn the old Gemeente rows into deelgemeenten.

The geography is loaded here rather than only by `load_demo`, so that `migrate` alone gives any
deployment (with or without the demo content) the municipalities, postcodes and 60 zones the
finder needs. `load_demo` runs the same idempotent loader again to pick up newer files.

A region whose slug is a zone's slug (leuven, gent…) becomes that zone's wegwijzer. Every
Gemeente name that is not the name of its municipality is kept as a deelgemeente (Kessel-Lo,
Heverlee, Wilsele…); one with a postcode Statbel does not know is dropped.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from partners.content.geo import add_locality, load_geography
    from partners.lib.acting import system_write

    with system_write("migration 0010"):
        _forwards(apps, add_locality, load_geography)


def _forwards(apps, add_locality, load_geography):
    load_geography(apps, deelgemeenten=False)  # they came later, with their own fields (0013)
    Region = apps.get_model("partners", "Region")
    Zone = apps.get_model("partners", "Zone")
    Gemeente = apps.get_model("partners", "Gemeente")
    zones = {zone.slug: zone for zone in Zone.objects.all()}
    for region in Region.objects.filter(zone__isnull=True):
        zone = zones.get(region.slug)
        if zone is not None and not Region.objects.filter(zone=zone).exists():
            Region.objects.filter(pk=region.pk).update(zone=zone)  # no signals in a migration
    for gemeente in Gemeente.objects.select_related("region").order_by("pk"):
        add_locality(gemeente.name, gemeente.postcode, gemeente.region.zone_id, apps)


class Migration(migrations.Migration):
    dependencies = [("partners", "0009_geography")]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.DeleteModel(name="HistoricalGemeente"),
        migrations.DeleteModel(name="Gemeente"),
    ]
