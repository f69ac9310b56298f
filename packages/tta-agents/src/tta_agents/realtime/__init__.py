"""Real-time events: a typed WebSocket protocol with backpressure, heartbeats, resume and fan-out.

The API (stable; the player service wires it)::

    from tta_agents.realtime import (
        AuthError, InProcessEventBus, RealtimeMetrics, RealtimeSettings,
    )
    from tta_agents.adapters.realtime import RealtimeEndpoint, RedisEventBus   # the I/O

    settings = RealtimeSettings()                 # TTA_REALTIME_* env; every interval tunable
    bus = InProcessEventBus(settings.replay_buffer_size)            # embedded default, or
    bus = RedisEventBus(redis_url, prefix="tta:", replay_buffer_size=settings.replay_buffer_size)
    await bus.start()                             # in the lifespan; ``await bus.aclose()`` after

    def authenticate(token: str) -> Principal:    # sync or async; the JWT check
        raise AuthError("token expired", code="expired")    # refuse: close 1008 + reason
    def authorize(principal, session_id: str) -> bool: ...  # sync or async; own sessions only
    async def on_input(principal, session_id: str, text: str) -> None:
        await pipeline.run(..., sink=bus.sink(session_id))  # each PipelineEvent -> wire event
        await bus.turn_complete(session_id, turn_id)         # or bus.error(session_id, code, msg)

    endpoint = RealtimeEndpoint(bus=bus, authenticate=authenticate, authorize=authorize,
                                on_input=on_input, settings=settings,
                                metrics=RealtimeMetrics(registry))
    app.add_api_websocket_route("/ws/play", endpoint.handle)    # FastAPI
    # Starlette: WebSocketRoute("/ws/play", endpoint); shutdown: await endpoint.aclose()

    # client side (tests, benchmarks, ``tta play``):
    async with RealtimeClient("ws://127.0.0.1:8080/ws/play", token) as client:
        await client.send_input(session_id, "look around")
        async for event in client.events():       # typed ServerEvent models, deduplicated,
            if event.type == "turn_complete":     # reconnects and resumes by itself
                break

    tta_agents.adapters.realtime.play_in_terminal(argv)   # the terminal client (``tta play``)

Wire protocol (JSON text frames; schema in docs/rewrite/realtime_protocol.schema.json):

- auth: ``?token=`` query, ``Authorization: Bearer`` header, or a first message
  ``{"type": "auth", "token"}`` within ``auth_timeout`` (5 s); otherwise close 1008 + reason.
- client -> server: ``input`` {session_id, text}, ``subscribe``/``unsubscribe`` {session_id},
  ``resume`` {session_id, last_event_id}, ``ping``, ``pong``. Input subscribes to the session.
  Invalid JSON or an unknown type gets an ``error`` event; a frame over ``max_message_bytes``
  closes 1009; a client silent for two heartbeat intervals is closed 1001.
- server -> client: ``welcome``, ``turn_progress``, ``narrative_chunk``, ``narrative_complete``,
  ``choices``, ``safety``, ``progress``, ``turn_complete``, ``error``, ``heartbeat``, ``pong``,
  ``subscribed``, ``reload``; each has ``event_id`` (per session, 1, 2, 3...; null for
  connection-level events), ``session_id`` and ``timestamp``.
- resume replays exactly the missed events in order, then ``subscribed``; if the replay
  buffer no longer holds them the client gets ``reload`` (fetch the state over REST).
- a full send queue coalesces/drops ``turn_progress`` and ``heartbeat`` first and closes
  1013 rather than lose an essential event; the client then resumes.
"""

from __future__ import annotations

from tta_agents.realtime.bus import Envelope, EventBus, InProcessEventBus, Replay, SessionSink
from tta_agents.realtime.connection import Connection
from tta_agents.realtime.errors import (
    AuthError,
    ClientClosedError,
    EventBusError,
    ProtocolError,
    RealtimeError,
    TransportClosedError,
)
from tta_agents.realtime.handshake import authenticate_connection
from tta_agents.realtime.metrics import RealtimeMetrics
from tta_agents.realtime.protocol import (
    ChoicesEvent,
    ClientMessage,
    ErrorEvent,
    HeartbeatEvent,
    NarrativeChunkEvent,
    NarrativeCompleteEvent,
    PongEvent,
    ProgressEvent,
    ReloadEvent,
    SafetyEvent,
    ServerEvent,
    SubscribedEvent,
    TurnCompleteEvent,
    TurnIntent,
    TurnProgressEvent,
    WelcomeEvent,
    from_pipeline_event,
    parse_client_message,
    parse_server_event,
    protocol_json_schema,
)
from tta_agents.realtime.settings import RealtimeSettings
from tta_agents.realtime.transport import CloseCode, Transport

__all__ = [
    "AuthError",
    "ChoicesEvent",
    "ClientClosedError",
    "ClientMessage",
    "CloseCode",
    "Connection",
    "Envelope",
    "ErrorEvent",
    "EventBus",
    "EventBusError",
    "HeartbeatEvent",
    "InProcessEventBus",
    "NarrativeChunkEvent",
    "NarrativeCompleteEvent",
    "PongEvent",
    "ProgressEvent",
    "ProtocolError",
    "RealtimeError",
    "RealtimeMetrics",
    "RealtimeSettings",
    "ReloadEvent",
    "Replay",
    "SafetyEvent",
    "ServerEvent",
    "SessionSink",
    "SubscribedEvent",
    "Transport",
    "TransportClosedError",
    "TurnCompleteEvent",
    "TurnIntent",
    "TurnProgressEvent",
    "WelcomeEvent",
    "authenticate_connection",
    "from_pipeline_event",
    "parse_client_message",
    "parse_server_event",
    "protocol_json_schema",
]
