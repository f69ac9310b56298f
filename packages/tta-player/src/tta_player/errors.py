"""The errors of tta_player, each carrying the HTTP status and the problem type it maps to.

Every 4xx/5xx the service answers is one of these (or a framework error translated once, in
``core.problems``), rendered as ``application/problem+json``::

    PlayerServiceError                      500 internal
    ├── NotFoundError(LookupError)          404 not-found (also: another player's resource)
    ├── ConflictError                       409 conflict
    │   └── LimitReachedError               409 limit-reached (e.g. the 6th active character)
    ├── InvalidInputError(ValueError)       422 invalid-input
    ├── AuthenticationError                 401 unauthenticated
    ├── PermissionDeniedError               403 forbidden
    ├── RateLimitedError                    429 rate-limited (with ``retry_after`` seconds)
    │   └── AccountLockedError              429 account-locked
    ├── ServiceUnavailableError             503 unavailable
    └── ConfigurationError                  refused settings; the service does not start
"""

from __future__ import annotations

from typing import Any, ClassVar

__all__ = [
    "AccountLockedError",
    "AuthenticationError",
    "ConfigurationError",
    "ConflictError",
    "InvalidInputError",
    "LimitReachedError",
    "NotFoundError",
    "PermissionDeniedError",
    "PlayerServiceError",
    "RateLimitedError",
    "ServiceUnavailableError",
]


class PlayerServiceError(Exception):
    """Base of every tta_player error; ``extra`` fields are added to the problem document."""

    status: ClassVar[int] = 500
    slug: ClassVar[str] = "internal"
    title: ClassVar[str] = "Internal error"

    def __init__(self, detail: str = "", **extra: Any) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.extra = extra


class NotFoundError(PlayerServiceError, LookupError):
    status = 404
    slug = "not-found"
    title = "Not found"


class ConflictError(PlayerServiceError):
    status = 409
    slug = "conflict"
    title = "Conflict"


class LimitReachedError(ConflictError):
    slug = "limit-reached"
    title = "Limit reached"


class InvalidInputError(PlayerServiceError, ValueError):
    status = 422
    slug = "invalid-input"
    title = "Invalid input"


class AuthenticationError(PlayerServiceError):
    status = 401
    slug = "unauthenticated"
    title = "Not authenticated"


class PermissionDeniedError(PlayerServiceError):
    status = 403
    slug = "forbidden"
    title = "Forbidden"


class RateLimitedError(PlayerServiceError):
    status = 429
    slug = "rate-limited"
    title = "Too many requests"

    def __init__(self, detail: str = "", *, retry_after: int = 1, **extra: Any) -> None:
        super().__init__(detail, **extra)
        self.retry_after = max(1, int(retry_after))


class AccountLockedError(RateLimitedError):
    slug = "account-locked"
    title = "Account temporarily locked"


class ServiceUnavailableError(PlayerServiceError):
    status = 503
    slug = "unavailable"
    title = "Service unavailable"


class ConfigurationError(PlayerServiceError):
    slug = "configuration"
    title = "Invalid configuration"
