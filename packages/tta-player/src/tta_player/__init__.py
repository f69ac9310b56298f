"""tta_player: the TTA player-experience service (FastAPI, persistence, web client).

from tta_player import Settings, create_app
app = create_app(Settings())          # TTA_* environment; `tta serve` does this with uvicorn
"""

from tta_player.app import create_app
from tta_player.core.config import Settings
from tta_player.errors import (
    AccountLockedError,
    AuthenticationError,
    ConfigurationError,
    ConflictError,
    InvalidInputError,
    LimitReachedError,
    NotFoundError,
    PermissionDeniedError,
    PlayerServiceError,
    RateLimitedError,
    ServiceUnavailableError,
)

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
    "Settings",
    "create_app",
]
