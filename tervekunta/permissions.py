"""The Coordinators group and the permissions it holds.

After every `migrate` the group is given every permission on every model of the project's apps
(`sync_coordinator_permissions`, run by a post_migrate receiver), so a new model needs no data
migration of its own. `grant_coordinator` remains for the data migrations written before.
"""

from __future__ import annotations

from functools import wraps

from django.apps import AppConfig
from django.apps import apps as global_apps
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import DEFAULT_DB_ALIAS
from django.utils.cache import add_never_cache_headers, patch_cache_control

COORDINATOR_GROUP = "Coordinators"
# The project's own apps: the coordinators work on all of their data, in their pages and the admin.
COORDINATOR_APPS = ("tervekunta", "members", "applications", "meetings", "workspace")
COORDINATOR_ACTIONS = ("view", "add", "change", "delete")
# The project's own records are written by the service: coordinators read the outbox and job runs
# and send a message again, but never add or delete one; the audit trail they only read.
COORDINATOR_ACTIONS_BY_APP = {"tervekunta": ("view", "change")}
COORDINATOR_ACTIONS_BY_MODEL = {"tervekunta.statuschange": ("view",), "tervekunta.erasurerecord": ("view",)}


def coordinator_actions(model) -> tuple[str, ...]:
    """What the Coordinators group may do with `model`."""
    label = model._meta.app_label
    return COORDINATOR_ACTIONS_BY_MODEL.get(
        model._meta.label_lower, COORDINATOR_ACTIONS_BY_APP.get(label, COORDINATOR_ACTIONS)
    )


def _codenames(app_config) -> list[str]:
    return [
        f"{action}_{model._meta.model_name}"
        for model in app_config.get_models()
        for action in coordinator_actions(model)
    ]


def sync_coordinator_permissions(
    *, app_labels: tuple[str, ...] = COORDINATOR_APPS, using: str = DEFAULT_DB_ALIAS, apps=global_apps
) -> None:
    """Give the Coordinators group exactly the permissions `coordinator_actions` names on every
    model of `app_labels`, and take back those of models or actions no longer granted; idempotent.

    `apps` is the app registry, or the migration state post_migrate passes, so only models that
    exist in the database are looked at. Permissions are created first if they are missing.
    """
    from django.contrib.auth.management import create_permissions

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.using(using).get_or_create(name=COORDINATOR_GROUP)
    for label in app_labels:
        try:
            app_config = apps.get_app_config(label)
        except LookupError:
            continue  # an app of the list not installed (yet)
        codenames = _codenames(app_config)
        stale = group.permissions.filter(content_type__app_label=label).exclude(codename__in=codenames)
        group.permissions.remove(*stale)
        if not codenames:
            continue
        create_permissions(global_apps.get_app_config(label), verbosity=0, using=using, apps=apps)
        permissions = Permission.objects.using(using).filter(content_type__app_label=label, codename__in=codenames)
        group.permissions.add(*permissions)


def sync_after_migrate(sender: AppConfig, using: str = DEFAULT_DB_ALIAS, apps=global_apps, **kwargs) -> None:
    """post_migrate receiver: the migrated app's models, if it is one of the project's."""
    if sender.label in COORDINATOR_APPS:
        sync_coordinator_permissions(app_labels=(sender.label,), using=using, apps=apps)


def grant_coordinator(apps, app_label: str, actions: tuple[str, ...] = COORDINATOR_ACTIONS) -> None:
    """Give the Coordinators group `actions` on every model of `app_label` (for the older migrations)."""
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config(app_label)
    # Permissions are normally created after all migrations; create them now so they can be granted.
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=COORDINATOR_GROUP)
    codenames = [f"{action}_{model._meta.model_name}" for model in app_config.get_models() for action in actions]
    group.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))


def coordinator_required(view):
    """Log in first, with the second factor; then only the Coordinators group (or a superuser)
    gets in, 403 for anyone else. The pages show personal data, so no shared or browser cache
    keeps them."""
    from tervekunta.accounts.middleware import second_factor_redirect

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if (pending := second_factor_redirect(request)) is not None:
            return pending
        if not is_coordinator(request.user):
            raise PermissionDenied
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
        return response

    # SecondFactorMiddleware reads this before the view runs (and before any other decorator).
    wrapper.requires_second_factor = True
    return wrapper


def is_coordinator(user) -> bool:
    """In the Coordinators group (or a superuser). Asked once per user object, so a request
    that checks it in its view and again in its navigation pays one query."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not hasattr(user, "_is_coordinator"):
        user._is_coordinator = user.groups.filter(name=COORDINATOR_GROUP).exists()
    return user._is_coordinator
