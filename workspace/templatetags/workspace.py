from __future__ import annotations

from django import template
from django.urls import reverse

from tervekunta.permissions import is_coordinator as _is_coordinator
from workspace.navigation import SECTIONS

register = template.Library()


@register.filter
def is_coordinator(user) -> bool:
    """Whether the user may open the coordinator workspace (no query for anonymous visitors)."""
    return bool(user) and user.is_authenticated and _is_coordinator(user)


@register.inclusion_tag("workspace/nav.html", takes_context=True)
def coordinator_nav(context) -> dict:
    """The coordinator's navigation with the page's `coordinator_section` marked as current."""
    current = context.get("coordinator_section")
    return {
        "sections": [(reverse(s.url_name), s.label, s.key == current) for s in SECTIONS],
    }
