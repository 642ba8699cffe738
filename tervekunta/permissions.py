"""The Coordinators group and the permissions it holds.

Each app's data migration grants its own models' permissions through `grant_coordinator`,
so the group always has what the coordinator pages and the admin need.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.cache import add_never_cache_headers, patch_cache_control

COORDINATOR_GROUP = "Coordinators"


def grant_coordinator(apps, app_label: str, actions: tuple[str, ...] = ("view", "add", "change", "delete")) -> None:
    """Give the Coordinators group `actions` on every model of `app_label` (for migrations)."""
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
