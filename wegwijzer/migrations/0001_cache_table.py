"""Create the database cache table, so every `migrate` (deploys, tests, the benchmark) has it.

The public pages cache each region's content there, shared by all app instances (settings.CACHES).
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
