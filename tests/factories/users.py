from __future__ import annotations

import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from tests.db import coordinator_group


class UserFactory(DjangoModelFactory):
    """A staff user; `UserFactory(coordinator=True)` puts it in the Coordinators group."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"kayttaja{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@thl.example")
    is_staff = True
    password = factory.django.Password("pass-for-tests")

    @factory.post_generation
    def coordinator(user, create: bool, extracted: bool, **kwargs) -> None:
        if create and extracted:
            user.groups.add(coordinator_group())
