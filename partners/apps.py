from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = "Partners en inhoud"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

        from .cache import content_changed, content_schema_changed

        # Every content edit (admin, loader, import) invalidates the cached public pages.
        post_save.connect(content_changed, dispatch_uid="partners-content-saved")
        post_delete.connect(content_changed, dispatch_uid="partners-content-deleted")
        m2m_changed.connect(content_changed, dispatch_uid="partners-content-relinked")
        post_migrate.connect(content_schema_changed, dispatch_uid="partners-content-migrated")
