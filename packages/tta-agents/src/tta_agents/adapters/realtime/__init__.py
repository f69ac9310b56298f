"""The real-time layer's adapters: the Starlette WebSocket endpoint, the Redis event bus,
the websockets client and the terminal play client (``tta play``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tta_agents.adapters.realtime.endpoint import RealtimeEndpoint, StarletteTransport
from tta_core import lazy_exports

if TYPE_CHECKING:
    from tta_agents.adapters.realtime.client import RealtimeClient
    from tta_agents.adapters.realtime.redis_bus import RedisEventBus
    from tta_agents.adapters.realtime.terminal import add_play_arguments, play_in_terminal

# Loaded on first use (PEP 562): the Redis driver only when a Redis bus is configured and
# the websockets client (and httpx) only on the client side, so the embedded server starts
# without them.
__getattr__ = lazy_exports(
    __name__,
    {
        "RealtimeClient": "tta_agents.adapters.realtime.client",
        "RedisEventBus": "tta_agents.adapters.realtime.redis_bus",
        "add_play_arguments": "tta_agents.adapters.realtime.terminal",
        "play_in_terminal": "tta_agents.adapters.realtime.terminal",
    },
)

__all__ = [
    "RealtimeClient",
    "RealtimeEndpoint",
    "RedisEventBus",
    "StarletteTransport",
    "add_play_arguments",
    "play_in_terminal",
]
