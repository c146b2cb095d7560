from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save


def _ensure_groups(sender, using, **kwargs):
    from partners.staff.scope import ensure_groups

    ensure_groups()


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = "Partners en inhoud"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from partners import signals  # noqa: F401 - keeps Region.content_changed_at, the version of the PDFs
        from partners.public.cache import content_changed, content_schema_changed

        # The permissions exist only after auth's own post_migrate handler has run; ours is
        # connected later (partners comes after auth in INSTALLED_APPS), so it runs after it.
        post_migrate.connect(_ensure_groups, sender=self, dispatch_uid="partners_ensure_groups")
        # Every content edit (admin, loader, import) invalidates the cached public pages.
        post_save.connect(content_changed, dispatch_uid="partners-content-saved")
        post_delete.connect(content_changed, dispatch_uid="partners-content-deleted")
        m2m_changed.connect(content_changed, dispatch_uid="partners-content-relinked")
        post_migrate.connect(content_schema_changed, dispatch_uid="partners-content-migrated")


class WegwijzerAdminConfig(admin_apps.AdminConfig):
    """Django's admin, on the Wegwijzer admin site (dashboard, restore of deleted records)."""

    default = False  # "partners" itself keeps PartnersConfig
    default_site = "partners.staff.site.WegwijzerAdminSite"
