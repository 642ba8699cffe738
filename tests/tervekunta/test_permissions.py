"""The Coordinators group holds every permission on the project's models after each migrate."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from tervekunta.permissions import (
    COORDINATOR_APPS,
    COORDINATOR_GROUP,
    coordinator_actions,
    sync_coordinator_permissions,
)

pytestmark = pytest.mark.django_db


def _expected() -> set[tuple[str, str]]:
    return {
        (app_config.label, f"{action}_{model._meta.model_name}")
        for app_config in apps.get_app_configs()
        if app_config.label in COORDINATOR_APPS
        for model in app_config.get_models()
        for action in coordinator_actions(model)
    }


def _granted() -> set[tuple[str, str]]:
    group = Group.objects.get(name=COORDINATOR_GROUP)
    return set(group.permissions.values_list("content_type__app_label", "codename"))


def test_the_group_holds_every_permission_of_the_project_models_and_nothing_else():
    granted = _granted()
    assert granted == _expected()
    assert {label for label, _codename in granted} >= {"members", "applications", "meetings"}


def test_migrate_grants_the_permissions_of_a_model_that_has_none_yet():
    # As for a model added since the last migrate: no permissions exist and the group has none.
    Permission.objects.filter(content_type__app_label="meetings", content_type__model="hosting").delete()
    assert ("meetings", "change_hosting") not in _granted()
    call_command("migrate", verbosity=0, interactive=False)
    assert {("meetings", f"{action}_hosting") for action in ("view", "add", "change", "delete")} <= _granted()
    assert _granted() == _expected()


def test_migrate_puts_back_a_removed_group():
    Group.objects.filter(name=COORDINATOR_GROUP).delete()
    call_command("migrate", verbosity=0, interactive=False)
    assert _granted() == _expected()


def test_the_sync_can_run_again_without_changing_anything():
    before = Group.objects.get(name=COORDINATOR_GROUP).permissions.count()
    sync_coordinator_permissions()
    sync_coordinator_permissions()
    assert Group.objects.get(name=COORDINATOR_GROUP).permissions.count() == before
    assert Group.objects.filter(name=COORDINATOR_GROUP).count() == 1


def test_the_sync_leaves_other_apps_and_groups_alone():
    editors = Group.objects.create(name="Editors")
    sync_coordinator_permissions()
    assert not editors.permissions.exists()
    assert not any(label in {"auth", "sessions", "admin"} for label, _codename in _granted())
