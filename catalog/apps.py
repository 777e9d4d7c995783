from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class CatalogConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "catalog"

    def ready(self):
        from catalog.caching import bump_catalog_version
        from catalog.models import Course, CreditPathway, Degree, Field, Program, Source, University

        # Any edit, from the admin, an import or the shell, makes every cached page stale.
        for model in (Source, Field, University, Program, Course, Degree, CreditPathway):
            post_save.connect(bump_catalog_version, sender=model, dispatch_uid=f"bump-{model.__name__}")
            post_delete.connect(bump_catalog_version, sender=model, dispatch_uid=f"unbump-{model.__name__}")
        for through in (Program.sources.through, Degree.sources.through, CreditPathway.sources.through,
                        Course.prerequisites.through):  # fmt: skip
            m2m_changed.connect(bump_catalog_version, sender=through, dispatch_uid=f"bump-{through.__name__}")
