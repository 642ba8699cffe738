"""The sections of the coordinator's navigation, in the order the pages show them.

Every coordinator page, whichever app serves it, extends `workspace/base.html` and names its
section in the context as `coordinator_section`; the navigation marks that one as current.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    key: str
    label: str | Promise
    url_name: str


SECTIONS = (
    Section("overview", _("Overview"), "workspace:dashboard"),
    Section("applications", _("Membership applications"), "applications:coordinator_list"),
    Section("events", _("Events and attendance"), "meetings:coordinator_events"),
    Section("participation", _("Participation report"), "meetings:participation"),
    Section("hosting_plan", _("Host rotation plan"), "meetings:hosting_plan"),
    Section("members", _("Members and contacts"), "workspace:member_list"),
    Section("upkeep", _("Contact upkeep"), "workspace:upkeep"),
    Section("announcements", _("Announcements"), "workspace:announcements"),
    Section("people", _("Personal data"), "workspace:person_list"),
)
