"""Loaded by pytest before Django (see `addopts` in pyproject.toml): development defaults
so that a bare `pytest` works too. Values set in the environment win."""

import os

os.environ.setdefault("DEBUG", "true")
