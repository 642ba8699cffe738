from __future__ import annotations

import datetime
import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from members.choices import Role
from members.models import Appointment, Organisation, Person
from tervekunta.accounts.twofactor import DEMO_DEVICE_NAME, secret_text
from tervekunta.permissions import COORDINATOR_GROUP

DEMO_USERNAME = "koordinaattori"
# Fictional appointments start before the council term that began on 1.6.2025 for some
# members, so that the renewal of stale appointments can be tried out.
DEMO_START_DATES = [datetime.date(2023, 9, 1), datetime.date(2025, 8, 15)]
DEMO_PASSWORD_FILE = settings.BASE_DIR / ".demo-password"


class Command(BaseCommand):
    help = "Development only: fictional contact people for every member and a demo coordinator login."

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("Demo data is for development only (DEBUG is off); nothing was written.")
        from faker import Faker

        fake = Faker("fi_FI")
        Faker.seed(1996)
        with transaction.atomic():
            people = self._people(fake)
            password, device = self._coordinator()
        self.stdout.write(f"Demo data: {people} fictional people added.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo coordinator login: username {DEMO_USERNAME!r}, password {password!r} "
                f"at {settings.SITE_URL}/admin/"
            )
        )
        self.stdout.write(
            "Sign-in code: shown on the code page while DEBUG is on (development only), "
            f"or add the key {secret_text(device)!r} to an authenticator app."
        )

    def _people(self, fake) -> int:
        added = 0
        roles = [Role.CONTACT_PERSON, Role.ELECTED_OFFICIAL, Role.WELFARE_COORDINATOR]
        titles = {
            Role.CONTACT_PERSON: "hyvinvointijohtaja",
            Role.ELECTED_OFFICIAL: "valtuutettu",
            Role.WELFARE_COORDINATOR: "hyvinvointikoordinaattori",
        }
        for index, organisation in enumerate(Organisation.objects.filter(memberships__end_date__isnull=True)):
            if organisation.appointments.exists():
                continue
            # Every seventh member lacks an elected official, to show what needs attention.
            for role in roles:
                if role == Role.ELECTED_OFFICIAL and index % 7 == 3:
                    continue
                first, last = fake.first_name(), fake.last_name()
                person = Person.objects.create(
                    first_name=first,
                    last_name=last,
                    title=titles[role],
                    email=f"{first}.{last}@{organisation.slug}.example".lower().replace("ä", "a").replace("ö", "o"),
                    phone=fake.phone_number(),
                    organisation=organisation,
                )
                Appointment.objects.create(
                    organisation=organisation,
                    person=person,
                    role=role,
                    start_date=DEMO_START_DATES[index % 2],
                    decision="Demo",
                )
                added += 1
        return added

    def _coordinator(self) -> str:
        password = os.environ.get("DEMO_PASSWORD")
        if not password and DEMO_PASSWORD_FILE.exists():
            password = DEMO_PASSWORD_FILE.read_text().strip()
        if not password:
            password = secrets.token_urlsafe(9)
        DEMO_PASSWORD_FILE.write_text(password + "\n")
        user, _created = get_user_model().objects.get_or_create(
            username=DEMO_USERNAME, defaults={"first_name": "Demo", "last_name": "Koordinaattori"}
        )
        user.is_staff = True
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name=COORDINATOR_GROUP))
        # The second factor is required of every coordinator; the demo one gets a ready
        # authenticator whose current code the sign-in page shows while DEBUG is on.
        device, _created = TOTPDevice.objects.get_or_create(
            user=user, name=DEMO_DEVICE_NAME, defaults={"confirmed": True}
        )
        return password, device
