"""Statistics Finland's register in every test database, loaded once per test session.

The register is loaded when the migrations create the test database (each xdist worker has its
own), so the ordinary tests roll back to a database that already holds it. A live-server or
threaded test ends with a flush, which empties every table and then sends post_migrate: the
rows read after the first load are written back in bulk, with their primary keys, so the tests
that follow find the very same register.
"""

from __future__ import annotations

from django.db.models import Model

from members.models import Municipality, Region, WelfareRegion
from members.register import load_register

MODELS: tuple[type[Model], ...] = (WelfareRegion, Region, Municipality)  # in the order of their foreign keys
_loaded: list[tuple[type[Model], list[dict]]] = []


def register_in_test_database(**kwargs) -> None:
    """A post_migrate receiver: the register after migrate and after every flush."""
    if Municipality.objects.exists():
        return
    if _loaded:
        for model, rows in _loaded:
            model.objects.bulk_create(model(**row) for row in rows)
        return
    load_register()
    _loaded.extend((model, list(model.objects.values())) for model in MODELS)


def remove_register() -> None:
    for model in reversed(MODELS):
        model.objects.all().delete()
