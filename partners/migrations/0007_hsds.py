"""Stable HSDS ids (a UUID per region, theme, organisation, service, phone and e-mail) and the Sociale Kaart id.

In three steps, because AddField with default=uuid4 computes the default once and gives every
existing row the same value: add the field nullable, give each row its own UUID, then make it
unique and required. A record's historical rows get the UUID of the record (a deleted record's
history gets one new UUID for all its rows), so a restored record keeps its id.
"""

import uuid

from django.db import migrations, models

MODELS = ["theme", "region", "organization", "service", "phone", "email"]


def fill_uuids(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("partners", name)
        historical = apps.get_model("partners", f"historical{name}")
        by_id = {}
        for pk in model.objects.values_list("pk", flat=True).iterator():
            by_id[pk] = uuid.uuid4()
            model.objects.filter(pk=pk).update(uuid=by_id[pk])
        for pk in historical.objects.values_list("id", flat=True).distinct().iterator():
            historical.objects.filter(id=pk).update(uuid=by_id.get(pk) or uuid.uuid4())


def nullable():
    return models.UUIDField(editable=False, null=True, verbose_name="HSDS-id")


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0006_editors_history_imports"),
    ]

    operations = [
        *[migrations.AddField(model_name=name, name="uuid", field=nullable()) for name in MODELS],
        *[migrations.AddField(model_name=f"historical{name}", name="uuid", field=nullable()) for name in MODELS],
        migrations.RunPython(fill_uuids, migrations.RunPython.noop, elidable=False),
        *[
            migrations.AlterField(
                model_name=name,
                name="uuid",
                field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name="HSDS-id"),
            )
            for name in MODELS
        ],
        *[
            migrations.AlterField(
                model_name=f"historical{name}",
                name="uuid",
                field=models.UUIDField(db_index=True, default=uuid.uuid4, editable=False, verbose_name="HSDS-id"),
            )
            for name in MODELS
        ],
        *[
            migrations.AddField(
                model_name=name,
                name="sociale_kaart_id",
                field=models.CharField(
                    blank=True,
                    db_index=True,
                    help_text="Het id van dit aanbod op desocialekaart.be; de kaart linkt dan naar ‘Meer op De Sociale Kaart’.",
                    max_length=100,
                    verbose_name="id op De Sociale Kaart",
                ),
            )
            for name in ("service", "historicalservice")
        ],
    ]
