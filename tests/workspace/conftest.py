from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def _default_language():
    # A request to a /sv/ address leaves Swedish active in the test thread; start each test in Finnish.
    with translation.override(settings.LANGUAGE_CODE):
        yield
