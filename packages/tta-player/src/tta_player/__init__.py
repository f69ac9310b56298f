"""tta_player: the TTA player-experience service (FastAPI, persistence, web client).

from tta_player import Settings, create_app
app = create_app(Settings())          # TTA_* environment; `tta serve` does this with uvicorn

The names load on first use (PEP 562), so ``import tta_player.cli`` stays light: ``tta serve``
pauses the garbage collector before the service's imports (see ``cli.serve``).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_HOMES = {"create_app": "tta_player.app", "Settings": "tta_player.core.config"}

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


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module 'tta_player' has no attribute {name!r}")
    value = getattr(import_module(_HOMES.get(name, "tta_player.errors")), name)
    globals()[name] = value
    return value
