"""Tunables of the real-time layer (every interval is configurable so tests can use small ones)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["RealtimeSettings"]


class RealtimeSettings(BaseSettings):
    """Read from ``TTA_REALTIME_*`` environment variables when built with no arguments.

    ``heartbeat_interval``: seconds between server heartbeats; a client silent for two
    intervals is dropped. ``auth_timeout``: seconds to wait for an ``auth`` message.
    ``idle_timeout``: close after this many seconds without input (None: never).
    ``max_message_bytes``: larger client frames close 1009. ``send_queue_size``: events
    queued per connection. ``replay_buffer_size``: events kept per session for resume;
    ``replay_ttl_seconds``: how long a session nobody watches or plays keeps them.
    ``close_timeout``: seconds to wait for a close handshake.
    """

    model_config = SettingsConfigDict(env_prefix="TTA_REALTIME_", frozen=True)

    heartbeat_interval: float = Field(
        default=15.0,
        gt=0,
        description="seconds between server heartbeats; a client silent for two is dropped",
    )
    auth_timeout: float = Field(default=5.0, gt=0)
    idle_timeout: float | None = Field(
        default=1800.0,
        gt=0,
        description="close after this many seconds without input (None: never)",
    )
    max_message_bytes: int = Field(default=16_384, gt=0)
    send_queue_size: int = Field(default=256, gt=0)
    replay_buffer_size: int = Field(default=1000, gt=0)
    replay_ttl_seconds: int = Field(
        default=86_400, gt=0, description="an unwatched session's events are kept this long"
    )
    close_timeout: float = Field(default=2.0, gt=0)
