"""Members' offers to host the network days, recorded with the day they were made."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from meetings import services
from meetings.choices import HOST_OF_THE_YEAR, HostingStatus
from meetings.models import Hosting
from members.models import Organisation
from tervekunta.history import record_actor


@transaction.atomic
def hosting_offer(
    *,
    organisation: Organisation,
    year: int,
    offered_on: datetime.date,
    actor: AbstractBaseUser | None = None,
) -> Hosting:
    """Record a member's offer to host `year`; a proposal or a declined record of the same year
    becomes an offer through the hosting's status change, a confirmed or held one is kept."""
    Organisation.objects.select_for_update().get(pk=organisation.pk)
    hosting = Hosting.objects.filter(year=year, organisation=organisation).first()
    if hosting is None:
        hosting = Hosting(year=year, organisation=organisation, status=HostingStatus.OFFERED, offered_on=offered_on)
        hosting.full_clean()
        record_actor(hosting, actor)
        hosting.save()
        return hosting
    if hosting.status in HOST_OF_THE_YEAR:
        raise ValidationError(
            _("%(organisation)s is already the host of %(year)s.") % {"organisation": organisation, "year": year},
            code="already_host",
        )
    if hosting.status != HostingStatus.OFFERED:
        hosting = services.hosting_set_status(hosting=hosting, status=HostingStatus.OFFERED, actor=actor)
    hosting.offered_on = offered_on
    hosting.full_clean()
    record_actor(hosting, actor)
    hosting.save(update_fields=["offered_on", "updated_at"])
    return hosting
