"""Texts of the Django admin and of django-simple-history's history pages that their own
catalogues leave untranslated in Finnish or Swedish.

They are listed here so that `make messages` keeps them in the project's catalogue, which is
read before the libraries' own: the coordinators' admin pages then read in Finnish and Swedish
throughout. Nothing imports this module; the texts are only extracted.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

TEXTS = (
    # django.contrib.admin, admin/app_list.html: headings of the model table on the index page.
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    # django-simple-history: the history page's title, headings and empty state.
    gettext_noop("View history: %s"),
    gettext_noop("Object"),
    gettext_noop("Comment"),
    gettext_noop("Changed by"),
    gettext_noop("Change reason"),
    gettext_noop("None"),
    gettext_noop("This object doesn't have a change history."),
)
