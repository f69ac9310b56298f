"""What travels through the streams: requests, relayed events, results and errors."""

from __future__ import annotations

import json
from typing import Annotated

from pydantic import Field, TypeAdapter

from tta_agents.errors import (
    AgentError,
    DeadLetteredError,
    InvalidTurnError,
    SafetyUnavailableError,
    StepError,
    UnknownWorldError,
)
from tta_agents.pipeline.events import PipelineEvent

__all__ = ["decode_error", "decode_event", "encode_error", "encode_event"]

_EVENTS: TypeAdapter[PipelineEvent] = TypeAdapter(
    Annotated[PipelineEvent, Field(discriminator="kind")]  # type: ignore[arg-type]
)


def encode_event(event: PipelineEvent) -> str:
    return event.model_dump_json()


def decode_event(data: str) -> PipelineEvent:
    return _EVENTS.validate_json(data)


def encode_error(exc: AgentError) -> str:
    """A typed error as JSON: its class name, message and the fields needed to rebuild it."""
    fields: dict[str, str] = {"type": type(exc).__name__, "message": str(exc)}
    for name in ("step", "world_id", "request_id", "reason"):
        value = getattr(exc, name, None)
        if isinstance(value, str):
            fields[name] = value
    return json.dumps(fields)


def decode_error(data: str) -> AgentError:
    """The same typed error on the caller's side (an ``AgentError`` for anything unknown)."""
    fields = json.loads(data)
    kind, message = fields.get("type", ""), fields.get("message", "worker error")
    if kind == "UnknownWorldError":
        return UnknownWorldError(fields.get("world_id", "?"))
    if kind == "InvalidTurnError":
        return InvalidTurnError(message)
    if kind == "DeadLetteredError":
        return DeadLetteredError(fields.get("request_id", "?"), fields.get("reason", message))
    if kind == "SafetyUnavailableError":
        return SafetyUnavailableError(fields.get("step", "safety_input"), message)
    if "step" in fields:
        return StepError(fields["step"], message)
    return AgentError(message)
