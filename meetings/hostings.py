"""The network days hosted so far, as public sources record them."""

from __future__ import annotations

from django.db import transaction

from meetings.choices import HostingStatus
from meetings.models import Hosting
from members.models import Organisation

SOURCE = "THL: Terve Kunta -verkosto, presentation 19.8.2024 (“2024 Pori, 2025 Järvenpää”)"

# (year, slug of the host organisation)
KNOWN_HOSTINGS = [(2024, "pori"), (2025, "jarvenpaa")]


class MissingHostError(Exception):
    pass


@transaction.atomic
def load_hostings() -> int:
    """Record the known hostings as held; returns how many were created. Run twice, nothing changes."""
    created = 0
    for year, slug in KNOWN_HOSTINGS:
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            raise MissingHostError(f"Organisation {slug!r} is not in the register: run load_network first.")
        _hosting, was_created = Hosting.objects.get_or_create(
            year=year,
            organisation=organisation,
            defaults={"status": HostingStatus.HELD, "source": SOURCE},
        )
        created += was_created
    return created
