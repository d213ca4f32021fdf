"""Domain errors raised by services and mapped to HTTP statuses by views and the API.

Services never return HTTP responses; they raise one of these with a message a person can
read. Views show the message; the API returns ``{"detail": message}`` with ``status``.
"""


class PracticaError(Exception):
    status = 400

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = str(message)
        self.field = field


class InvalidInput(PracticaError):
    status = 400


class NotAllowed(PracticaError):
    """The actor is known but may not do this (403)."""

    status = 403


class NotFound(PracticaError):
    """Missing, or hidden from this viewer: private things answer 404, never 403."""

    status = 404


class Conflict(PracticaError):
    """The request clashes with the current state (already a member, topic locked…)."""

    status = 409


class RateLimited(PracticaError):
    status = 429


class Unavailable(PracticaError):
    """Something Practica depends on (the mail server) failed; nothing was changed (503)."""

    status = 503


class SignInRequired(PracticaError):
    """An anonymous visitor asked for something that needs an account: pages send them to
    sign in and back (``practica.core.http.domain_errors``)."""

    status = 401
