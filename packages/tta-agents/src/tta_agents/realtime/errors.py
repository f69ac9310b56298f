"""Errors of the real-time layer, under tta_agents' one base (``AgentError``).

::

    RealtimeError (AgentError)       base of everything raised by tta_agents.realtime
     +-- AuthError                   refused at authentication (``code`` label, ``reason`` text)
     +-- ProtocolError               a client message the server will not act on: not JSON, not a
     |                               known message, or refused by the application (``on_input``)
     +-- ClientClosedError           the client gave up: refused by the server or out of retries
     +-- TransportClosedError        the peer went away while a frame was being read or written
     +-- EventBusError               the event bus's backend (Redis) failed
"""

from __future__ import annotations

from tta_agents.errors import AgentError

__all__ = [
    "AuthError",
    "ClientClosedError",
    "EventBusError",
    "ProtocolError",
    "RealtimeError",
    "TransportClosedError",
]


class RealtimeError(AgentError):
    """Base of every error raised by ``tta_agents.realtime``."""


class AuthError(RealtimeError, PermissionError):
    """Authentication refused. ``code`` is a short metric label, ``reason`` is shown to the client.

    The injected ``authenticate`` callable raises this; the server closes with 1008 and the
    reason. Any other exception from ``authenticate`` also refuses (close 1011), never admits.
    """

    def __init__(self, reason: str, code: str = "invalid_token") -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code


class ProtocolError(RealtimeError, ValueError):
    """A client message the server will not act on; answered with an ``error`` event to that
    client alone, connection-level (``event_id: null``, never replayed).

    The parser raises it for a frame it cannot read; ``on_input`` raises it to refuse an
    input (bad text, rate limit, a paused session...), with a snake_case ``code``."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class ClientClosedError(RealtimeError, ConnectionError):
    """The client stopped: the server refused it (``code`` 1008...) or reconnects ran out."""

    def __init__(self, message: str, code: int | None = None, reason: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.reason = reason


class TransportClosedError(RealtimeError, ConnectionError):
    """The WebSocket went away under us (adapters translate their framework's errors to this)."""


class EventBusError(RealtimeError, ConnectionError):
    """Publishing or replaying failed because the bus's backend (Redis) is unreachable."""
