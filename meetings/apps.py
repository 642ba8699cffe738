from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings and network days")

    def ready(self) -> None:
        from meetings.public import EVENT_MODELS, PLACE_MODELS, event_moments
        from tervekunta.http import register_source

        register_source("events", EVENT_MODELS, moments=event_moments)
        register_source("places", PLACE_MODELS)
