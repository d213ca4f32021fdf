"""Sign-in through Django's model backend, with the failure limits of Practica.

Every sign-in form — Practica's, the API token endpoint's and Django admin's — goes through
``authenticate()`` and so through this backend, so none of them can be used to guess
passwords faster than the limits allow.
"""

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from practica.core.http import client_address

from .services import login_failed, login_limited


class RateLimitedModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, address=None, **kwargs):
        email = (username or kwargs.get("email") or "").strip().lower()
        if address is None:  # Practica's own callers pass the address they counted
            address = client_address(request) if request is not None else ""
        if login_limited(email=email, address=address):
            raise PermissionDenied("too many sign-in attempts")  # stops Django trying others
        user = super().authenticate(request, username=email, password=password, **kwargs)
        if user is None:
            login_failed(email=email, address=address)
        return user
