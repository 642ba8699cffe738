from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class TervekuntaConfig(AppConfig):
    name = "tervekunta"
    verbose_name = _("Terve Kunta network")

    def ready(self) -> None:
        from tervekunta.permissions import sync_after_migrate

        # Every app's post_migrate, not only this one's: a new model anywhere in the project gets
        # its permissions granted to the Coordinators group without a data migration.
        post_migrate.connect(sync_after_migrate, dispatch_uid="tervekunta.sync_coordinator_permissions")
