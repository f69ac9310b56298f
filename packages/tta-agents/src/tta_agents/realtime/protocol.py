"""The wire protocol: typed server events and client messages, as pure data (no I/O).

Every server event carries ``type``, ``event_id``, ``session_id`` and ``timestamp``. Events of
a session (everything a turn produces) get ``event_id`` 1, 2, 3... per session from the bus;
connection-level events (``welcome``, ``heartbeat``, ``pong``, ``subscribed``, ``reload`` and
errors about a client message) are not part of any session stream and carry ``event_id: null``.
Clients remember the highest ``event_id`` per session and send it back in ``resume``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from tta_agents.pipeline.events import (
    Choices,
    NarrativeChunk,
    NarrativeComplete,
    PipelineEvent,
    ProgressSignal,
    SafetyNotice,
    StepFinished,
    StepStarted,
)
from tta_agents.realtime.errors import ProtocolError
from tta_agents.safety.verdict import CrisisResource, SafetyAction, SafetyLevel

__all__ = [
    "ERROR_CODE_PATTERN",
    "ESSENTIAL_TYPES",
    "AuthMessage",
    "ChoicesEvent",
    "ClientMessage",
    "ErrorEvent",
    "HeartbeatEvent",
    "InputMessage",
    "NarrativeChunkEvent",
    "NarrativeCompleteEvent",
    "PingMessage",
    "PongEvent",
    "PongMessage",
    "ProgressEvent",
    "ReloadEvent",
    "ResumeMessage",
    "SafetyEvent",
    "ServerEvent",
    "SubscribeMessage",
    "SubscribedEvent",
    "TurnCompleteEvent",
    "TurnIntent",
    "TurnProgressEvent",
    "UnsubscribeMessage",
    "WelcomeEvent",
    "client_message_adapter",
    "from_pipeline_event",
    "parse_client_message",
    "parse_server_event",
    "protocol_json_schema",
    "server_event_adapter",
    "utcnow",
]


ERROR_CODE_PATTERN = r"^[a-z]+(?:_[a-z]+)*$"


def utcnow() -> datetime:
    return datetime.now(UTC)


class _ServerEvent(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    event_id: int | None = Field(
        default=None, ge=1, description="per session; null: connection-level"
    )
    session_id: str | None = None
    timestamp: datetime = Field(default_factory=utcnow)


class WelcomeEvent(_ServerEvent):
    """First event after authentication."""

    type: Literal["welcome"] = "welcome"
    connection_id: str
    server_time: datetime = Field(default_factory=utcnow)
    heartbeat_interval: float = Field(description="seconds; send a message at least this often")


class TurnProgressEvent(_ServerEvent):
    """A pipeline step started or finished (non-essential: coalesced under backpressure)."""

    type: Literal["turn_progress"] = "turn_progress"
    step: str
    phase: Literal["started", "finished"]
    duration_ms: float | None = None
    ok: bool = True


class NarrativeChunkEvent(_ServerEvent):
    type: Literal["narrative_chunk"] = "narrative_chunk"
    text: str


class NarrativeCompleteEvent(_ServerEvent):
    type: Literal["narrative_complete"] = "narrative_complete"
    text: str


class ChoicesEvent(_ServerEvent):
    type: Literal["choices"] = "choices"
    suggestions: tuple[str, ...]


class SafetyEvent(_ServerEvent):
    """What the safety layer decided, with resources to show when the level is not safe."""

    type: Literal["safety"] = "safety"
    level: SafetyLevel
    action: SafetyAction
    categories: tuple[str, ...] = ()
    message: str = ""
    resources: tuple[CrisisResource, ...] = ()
    degraded: bool = False


class ProgressEvent(_ServerEvent):
    """A milestone reached, an exercise completed, a skill practised, or the world completed
    (``completion``: ``id`` is the world, ``title`` and ``detail`` its ending)."""

    type: Literal["progress"] = "progress"
    progress_type: Literal["milestone", "exercise", "skill", "completion"]
    id: str
    title: str
    detail: str = ""


class TurnIntent(BaseModel):
    """What the game took the player's line to mean."""

    model_config = ConfigDict(frozen=True)

    kind: str
    target: str | None = None
    confidence: float


class TurnCompleteEvent(_ServerEvent):
    """The last event of a turn, with what the game understood the line to mean
    (``intent`` is null for a crisis or check-in turn, which is always ``understood``)."""

    type: Literal["turn_complete"] = "turn_complete"
    turn_id: str | None = None
    intent: TurnIntent | None = None
    understood: bool = True


class ErrorEvent(_ServerEvent):
    """Something went wrong; the connection stays open. ``code`` is snake_case, one of the
    codes listed in docs/rewrite/realtime_protocol.md."""

    type: Literal["error"] = "error"
    code: str = Field(pattern=ERROR_CODE_PATTERN)
    message: str


class HeartbeatEvent(_ServerEvent):
    type: Literal["heartbeat"] = "heartbeat"
    server_time: datetime = Field(default_factory=utcnow)


class PongEvent(_ServerEvent):
    type: Literal["pong"] = "pong"


class SubscribedEvent(_ServerEvent):
    """The connection now receives the session's events (after any replay it asked for)."""

    type: Literal["subscribed"] = "subscribed"
    subscribed: bool = True
    latest_event_id: int = 0


class ReloadEvent(_ServerEvent):
    """The replay buffer no longer holds what was missed: reload the session state over REST."""

    type: Literal["reload"] = "reload"
    reason: str
    latest_event_id: int


ServerEvent = Annotated[
    WelcomeEvent
    | TurnProgressEvent
    | NarrativeChunkEvent
    | NarrativeCompleteEvent
    | ChoicesEvent
    | SafetyEvent
    | ProgressEvent
    | TurnCompleteEvent
    | ErrorEvent
    | HeartbeatEvent
    | PongEvent
    | SubscribedEvent
    | ReloadEvent,
    Field(discriminator="type"),
]

# Losing one of these would change what the player sees: never dropped, the connection is
# closed (1013) instead and the client resumes. Anything else may be coalesced or dropped.
ESSENTIAL_TYPES = frozenset(
    {
        "narrative_chunk",
        "narrative_complete",
        "choices",
        "safety",
        "progress",
        "turn_complete",
        "error",
        "subscribed",
        "reload",
        "welcome",
    }
)


# A session id a client names: printable, no spaces or control characters (a NUL could not
# even be looked up in PostgreSQL).
SessionId = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[^\s\x00-\x1f\x7f]+$")]


class _ClientMessage(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AuthMessage(_ClientMessage):
    type: Literal["auth"] = "auth"
    token: str


class InputMessage(_ClientMessage):
    type: Literal["input"] = "input"
    session_id: SessionId
    text: str = Field(min_length=1)


class SubscribeMessage(_ClientMessage):
    type: Literal["subscribe"] = "subscribe"
    session_id: SessionId


class UnsubscribeMessage(_ClientMessage):
    type: Literal["unsubscribe"] = "unsubscribe"
    session_id: SessionId


class ResumeMessage(_ClientMessage):
    type: Literal["resume"] = "resume"
    session_id: SessionId
    last_event_id: int = Field(ge=0)


class PingMessage(_ClientMessage):
    type: Literal["ping"] = "ping"


class PongMessage(_ClientMessage):
    """A reply to a server heartbeat (any message counts as a sign of life)."""

    type: Literal["pong"] = "pong"


ClientMessage = Annotated[
    AuthMessage
    | InputMessage
    | SubscribeMessage
    | UnsubscribeMessage
    | ResumeMessage
    | PingMessage
    | PongMessage,
    Field(discriminator="type"),
]

server_event_adapter: TypeAdapter[ServerEvent] = TypeAdapter(ServerEvent)
client_message_adapter: TypeAdapter[ClientMessage] = TypeAdapter(ClientMessage)
_CLIENT_TYPES = frozenset({"auth", "input", "subscribe", "unsubscribe", "resume", "ping", "pong"})


def parse_client_message(text: str) -> ClientMessage:
    """Parse one client frame, or raise ``ProtocolError`` with a code the client can act on."""
    try:
        raw = json.loads(text)
    except (ValueError, RecursionError) as exc:  # deep nesting ("[[[[...") recurses too far
        raise ProtocolError("invalid_json", f"message is not valid JSON: {exc}") from exc
    if not isinstance(raw, dict):
        raise ProtocolError("invalid_message", "message must be a JSON object")
    kind = raw.get("type")
    if not isinstance(kind, str) or kind not in _CLIENT_TYPES:  # a list or dict is unhashable
        raise ProtocolError("unknown_type", f"unknown message type {kind!r}")
    try:
        return client_message_adapter.validate_python(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in exc.errors()
        )
        raise ProtocolError("invalid_message", f"invalid {kind} message: {problems}") from exc


def parse_server_event(text: str | bytes) -> ServerEvent:
    """Parse one server frame (used by clients and the Redis bus)."""
    return server_event_adapter.validate_json(text)


def from_pipeline_event(event: PipelineEvent) -> ServerEvent:
    """The wire event for one pipeline event, not yet stamped with id or session."""
    match event:
        case StepStarted():
            return TurnProgressEvent(step=event.step, phase="started")
        case StepFinished():
            return TurnProgressEvent(
                step=event.step, phase="finished", duration_ms=event.duration_ms, ok=event.ok
            )
        case NarrativeChunk():
            return NarrativeChunkEvent(text=event.text)
        case NarrativeComplete():
            return NarrativeCompleteEvent(text=event.text)
        case Choices():
            return ChoicesEvent(suggestions=event.suggestions)
        case SafetyNotice():
            verdict = event.verdict
            return SafetyEvent(
                level=verdict.level,
                action=verdict.action,
                categories=verdict.categories,
                message=verdict.message,
                resources=verdict.resources,
                degraded=verdict.degraded,
            )
        case ProgressSignal():
            return ProgressEvent(
                progress_type=event.type, id=event.id, title=event.title, detail=event.detail
            )
    raise TypeError(f"not a pipeline event: {event!r}")  # pragma: no cover - exhaustive above


def protocol_json_schema() -> dict[str, Any]:
    """The JSON schema of both directions, as published in docs/rewrite/.

    ``#/$defs/ServerEvent`` is any server event, ``#/$defs/ClientMessage`` any client message.
    """
    defs: dict[str, Any] = {}
    for name, adapter in (
        ("ServerEvent", server_event_adapter),
        ("ClientMessage", client_message_adapter),
    ):
        schema = adapter.json_schema(ref_template="#/$defs/{model}")
        defs.update(schema.pop("$defs", {}))
        defs[name] = schema
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "TTA real-time protocol (/ws/play)",
        "$defs": defs,
        "anyOf": [{"$ref": "#/$defs/ServerEvent"}, {"$ref": "#/$defs/ClientMessage"}],
    }
