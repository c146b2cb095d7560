"""The id of a service's service_at_location, stored (and indexed) so the API finds it without a scan."""

from django.db import migrations

import partners.models.fields


def fill(apps, schema_editor):
    for name in ("Service", "HistoricalService"):
        model = apps.get_model("partners", name)
        rows = [row for row in model.objects.only("pk", "uuid").iterator(chunk_size=2000)]
        for row in rows:
            row.service_at_location_uuid = partners.models.fields.derived_uuid(row.uuid, "service_at_location")
        model.objects.bulk_update(rows, ["service_at_location_uuid"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0017_zones_roles_template_origin"),
    ]

    operations = [
        migrations.AddField(
            model_name="service",
            name="service_at_location_uuid",
            field=partners.models.fields.DerivedUUIDField(
                null=True, verbose_name="HSDS-id van de dienst op zijn adres", what="service_at_location"
            ),
        ),
        migrations.AddField(
            model_name="historicalservice",
            name="service_at_location_uuid",
            field=partners.models.fields.DerivedUUIDField(
                null=True, verbose_name="HSDS-id van de dienst op zijn adres", what="service_at_location"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="service",
            name="service_at_location_uuid",
            field=partners.models.fields.DerivedUUIDField(
                unique=True, verbose_name="HSDS-id van de dienst op zijn adres", what="service_at_location"
            ),
        ),
        migrations.AlterField(
            model_name="historicalservice",
            name="service_at_location_uuid",
            field=partners.models.fields.DerivedUUIDField(
                db_index=True, verbose_name="HSDS-id van de dienst op zijn adres", what="service_at_location"
            ),
        ),
    ]
