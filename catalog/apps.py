from django.apps import AppConfig
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_migrate, pre_save


def catalog_models() -> list[type[Model]]:
    """The catalog's models, each after the models it refers to: the order an import writes them in."""
    from catalog.models import Course, CreditPathway, Degree, ExchangeRate, Field, Program, Source, University

    return [Source, Field, University, ExchangeRate, Degree, Program, Course, CreditPathway]


class CatalogConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "catalog"

    def ready(self):
        from catalog import exchange, program_figures, search
        from catalog.caching import bump_catalog_version
        from catalog.models import Course, CreditPathway, Degree, ExchangeRate, Program

        # US-dollar amounts stay right on every write: a course or program sets its own before it is
        # saved, and a rate that changes recomputes every amount in its currency.
        for model in (Course, Program):
            pre_save.connect(exchange.set_usd_amount, sender=model, dispatch_uid=f"usd-{model.__name__}")
        post_save.connect(exchange.refresh_for_rate, sender=ExchangeRate, dispatch_uid="usd-rate-saved")
        post_delete.connect(exchange.refresh_for_rate, sender=ExchangeRate, dispatch_uid="usd-rate-deleted")

        # The stored program figures follow every fact they derive from, in the same transaction
        # (connected after the US-dollar amounts, which they sum).
        post_save.connect(program_figures.program_saved, sender=Program, dispatch_uid="figures-program")
        for model in (Course, CreditPathway):
            name = model.__name__
            post_save.connect(program_figures.part_saved, sender=model, dispatch_uid=f"figures-{name}")
            post_delete.connect(
                program_figures.part_deleted, sender=model, dispatch_uid=f"figures-del-{name}"
            )
        post_save.connect(program_figures.rate_changed, sender=ExchangeRate, dispatch_uid="figures-rate")
        post_delete.connect(
            program_figures.rate_changed, sender=ExchangeRate, dispatch_uid="figures-rate-del"
        )

        # Any edit, from the admin, an import or the shell, makes every cached page stale.
        for model in catalog_models():
            post_save.connect(bump_catalog_version, sender=model, dispatch_uid=f"bump-{model.__name__}")
            post_delete.connect(bump_catalog_version, sender=model, dispatch_uid=f"unbump-{model.__name__}")
        for through in (Program.sources.through, Degree.sources.through, CreditPathway.sources.through,
                        Course.prerequisites.through):  # fmt: skip
            m2m_changed.connect(bump_catalog_version, sender=through, dispatch_uid=f"bump-{through.__name__}")

        # SQLite's search table follows the catalog through triggers, which table rebuilds would break.
        pre_migrate.connect(search.drop_sqlite_triggers, sender=self, dispatch_uid="search-drop-triggers")
        post_migrate.connect(search.install_sqlite_search, sender=self, dispatch_uid="search-install")
