from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Member register")

    def ready(self) -> None:
        from members.public import REGISTER_MODELS, register_moments
        from tervekunta.http import register_source

        register_source("register", REGISTER_MODELS, moments=register_moments)
