from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TervekuntaConfig(AppConfig):
    name = "tervekunta"
    verbose_name = _("Terve Kunta network")
