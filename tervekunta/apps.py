from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def create_cache_table(using: str = "default", **kwargs) -> None:
    """Make the database cache's table as part of `migrate`, so no deployment step is forgotten."""
    from django.conf import settings
    from django.core.management import call_command

    if any(cache["BACKEND"].endswith("DatabaseCache") for cache in settings.CACHES.values()):
        call_command("createcachetable", database=using, verbosity=0)


class TervekuntaConfig(AppConfig):
    name = "tervekunta"
    verbose_name = _("Terve Kunta network")

    def ready(self) -> None:
        from tervekunta.permissions import sync_after_migrate

        # Every app's post_migrate, not only this one's: a new model anywhere in the project gets
        # its permissions granted to the Coordinators group without a data migration.
        post_migrate.connect(sync_after_migrate, dispatch_uid="tervekunta.sync_coordinator_permissions")
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="tervekunta.create_cache_table")
        from tervekunta import (
            lockout,  # noqa: F401  (connects the lockout log to django-axes' signal)
            pdf,  # noqa: F401  (registers the deploy check of the PDF letters)
        )
