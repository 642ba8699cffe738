"""Put back what the data migrations wrote, after a live-server or threaded test flushed the database."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tervekunta.permissions import COORDINATOR_GROUP, grant_coordinator


def restore_coordinator_group() -> None:
    """Re-create the Coordinators group with the permissions the apps' migrations grant."""
    state_apps = MigrationExecutor(connection).loader.project_state().apps
    for label in ("members", "applications", "meetings"):
        if any(True for _model in state_apps.get_app_config(label).get_models()):
            grant_coordinator(state_apps, label)
    grant_coordinator(state_apps, "tervekunta", actions=("view",))


def coordinator_group() -> Group:
    """The Coordinators group, put back first if a flushing test removed it."""
    group = Group.objects.filter(name=COORDINATOR_GROUP).first()
    if group is None or not group.permissions.exists():
        restore_coordinator_group()
        group = Group.objects.get(name=COORDINATOR_GROUP)
    return group
