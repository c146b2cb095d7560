"""PostgreSQL only: accent-insensitive Dutch full-text search and trigram similarity.

On SQLite these operations do nothing; partners.search falls back to a simpler matcher.
"""

from django.contrib.postgres.operations import CreateExtension
from django.db import migrations

CONFIG_SQL = """
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'dutch_unaccent') THEN
    CREATE TEXT SEARCH CONFIGURATION dutch_unaccent ( COPY = pg_catalog.dutch );
    ALTER TEXT SEARCH CONFIGURATION dutch_unaccent
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, dutch_stem;
  END IF;
END $$;
"""


def create_config(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CONFIG_SQL)


def drop_config(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS dutch_unaccent")


class Migration(migrations.Migration):
    dependencies = [("partners", "0002_region_content_changed_at")]

    operations = [
        CreateExtension("unaccent"),
        CreateExtension("pg_trgm"),
        migrations.RunPython(create_config, drop_config),
    ]
