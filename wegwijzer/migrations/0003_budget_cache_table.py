"""Create the budgets' cache table (settings.CACHES["budgets"]) where it is missing; createcachetable
creates every configured cache table that does not exist yet."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("wegwijzer", "0002_page_cache_table")]
    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
