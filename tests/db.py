"""Put back the Coordinators group after a live-server or threaded test flushed the database."""

from __future__ import annotations

from django.contrib.auth.models import Group

from tervekunta.permissions import COORDINATOR_GROUP, sync_coordinator_permissions


def restore_coordinator_group() -> None:
    """Re-create the Coordinators group with the permissions `migrate` gives it."""
    sync_coordinator_permissions()


def coordinator_group() -> Group:
    """The Coordinators group, put back first if a flushing test removed it."""
    group = Group.objects.filter(name=COORDINATOR_GROUP).first()
    if group is None or not group.permissions.exists():
        restore_coordinator_group()
        group = Group.objects.get(name=COORDINATOR_GROUP)
    return group
