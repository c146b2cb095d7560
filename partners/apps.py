from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate


def _ensure_groups(sender, using, **kwargs):
    from partners.staff.policy import ensure_groups

    ensure_groups()


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = "Partners en inhoud"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from partners.staff import guard

        # The write policy's tripwire, on the guarded models only (partners.staff.policy.RULES);
        # connected first, so a refused write is refused before anything else reads or notes it.
        guard.connect()

        from partners import signals, versions  # noqa: F401 - signals: every content edit moves its regions' version
        from partners.public import cache as public_cache

        # The permissions exist only after auth's own post_migrate handler has run; ours is
        # connected later (partners comes after auth in INSTALLED_APPS), so it runs after it.
        post_migrate.connect(_ensure_groups, sender=self, dispatch_uid="partners_ensure_groups")
        # After a migration (or a flush) nothing cached may describe rows that changed or are gone.
        post_migrate.connect(versions.schema_changed, sender=self, dispatch_uid="partners-cache-after-migrate")
        post_migrate.connect(public_cache.schema_changed, sender=self, dispatch_uid="partners-public-cache-after-migrate")


class WegwijzerAdminConfig(admin_apps.AdminConfig):
    """Django's admin, on the Wegwijzer admin site (dashboard, restore of deleted records)."""

    default = False  # "partners" itself keeps PartnersConfig
    default_site = "partners.staff.site.WegwijzerAdminSite"
