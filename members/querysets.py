from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q

from members.choices import StartPrecision


class MembershipQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date) -> MembershipQuerySet:
        """Periods that certainly cover `day`: begun for sure and not yet ended."""
        return self.filter(known_from__lte=day).filter(Q(end_date__isnull=True) | Q(end_date__gte=day))

    def uncertain_on(self, day: datetime.date) -> MembershipQuerySet:
        """Periods that may or may not cover `day`, because their start is not known exactly.

        A "member by" period is uncertain on every day before its date; a month or year
        precision period is uncertain inside its month or year.
        """
        return self.filter(known_from__gt=day).filter(Q(start_precision=StartPrecision.BY) | Q(start_date__lte=day))

    def current(self) -> MembershipQuerySet:
        return self.filter(end_date__isnull=True)


class OrganisationQuerySet(models.QuerySet):
    def members_on(self, day: datetime.date) -> OrganisationQuerySet:
        from members.models import Membership

        return self.filter(pk__in=Membership.objects.active_on(day).values("organisation_id"))

    def with_register(self) -> OrganisationQuerySet:
        return self.select_related("municipality", "region", "welfare_region")

    def public(self) -> OrganisationQuerySet:
        """Organisations that are or have been members: the ones with a public page."""
        from members.models import Membership

        return self.filter(pk__in=Membership.objects.values("organisation_id"))


class AppointmentQuerySet(models.QuerySet):
    def current(self) -> AppointmentQuerySet:
        return self.filter(end_date__isnull=True)
