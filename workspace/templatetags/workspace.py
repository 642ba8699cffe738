from __future__ import annotations

from django import template

from tervekunta.permissions import is_coordinator as _is_coordinator

register = template.Library()


@register.filter
def is_coordinator(user) -> bool:
    """Whether the user may open the coordinator workspace (no query for anonymous visitors)."""
    return bool(user) and user.is_authenticated and _is_coordinator(user)
