"""What the engine needs from a WebSocket, whatever the framework, and the close codes it uses."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from enum import IntEnum
from typing import Any, Protocol, TypeVar

__all__ = [
    "Authenticate",
    "Authorize",
    "CloseCode",
    "OnInput",
    "Transport",
    "maybe_await",
]

T = TypeVar("T")


class CloseCode(IntEnum):
    NORMAL = 1000
    GOING_AWAY = 1001
    POLICY_VIOLATION = 1008
    MESSAGE_TOO_BIG = 1009
    INTERNAL_ERROR = 1011
    TRY_AGAIN_LATER = 1013


class Transport(Protocol):
    """An accepted WebSocket. Adapters raise ``TransportClosedError`` when the peer is gone."""

    async def receive(self) -> str | bytes:
        """The next frame's payload."""
        ...

    async def send(self, text: str) -> None:
        """Write one text frame."""
        ...

    async def close(self, code: int, reason: str) -> None:
        """Start the close handshake (never raises)."""
        ...


Authenticate = Callable[[str], Any]
"""``authenticate(token) -> principal`` (sync or async); raises ``AuthError`` to refuse."""
Authorize = Callable[[Any, str], Any]
"""``authorize(principal, session_id) -> bool`` (sync or async): may this principal watch it?"""
OnInput = Callable[[Any, str, str], Any]
"""``on_input(principal, session_id, text)`` (sync or async): run the turn, emitting on the bus."""


async def maybe_await(value: T | Awaitable[T]) -> T:
    """Let injected callables be plain functions or coroutines."""
    if inspect.isawaitable(value):
        return await value
    return value  # type: ignore[return-value]
