"""Loaded by pytest before Django (see `addopts` in pyproject.toml): development defaults
so that a bare `pytest` works too. Values set in the environment win."""

import os

os.environ.setdefault("DEBUG", "true")
# The suite's query budgets count database queries; the shared (database or Redis) cache that
# deployments use by default is tested on its own in tests/security/test_limits.py.
os.environ.setdefault("CACHE_URL", "locmemcache://")
