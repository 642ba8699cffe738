"""Login protection for the admin and the coordinator pages."""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """Locks out a user name from an address after repeated failures (django-axes).

    Logins that do not come from a web request (the shell, the test client) have nothing to
    lock out and pass through to the next backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
