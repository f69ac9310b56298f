"""The request and result of one turn, and ``AgentPipeline``: what runs turns.

``AgentPipeline`` is tta_core's ``TurnOrchestrator`` seam filled in with these types, plus
the catalog the pipeline plays and its lifecycle. ``build_pipeline`` returns one: the
in-process ``TurnPipeline`` or the scale-out ``RedisTurnPipeline``, siblings behind it.
"""

from __future__ import annotations

import uuid
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

from tta_agents.intent.model import Intent
from tta_agents.metrics import AgentMetrics
from tta_agents.pipeline.events import EventSink, ProgressSignal
from tta_agents.registry import AgentHealth
from tta_agents.safety.verdict import Verdict
from tta_agents.world.catalog import Preferences, WorldCatalog
from tta_agents.world.state import WorldState
from tta_core import TurnOrchestrator

__all__ = [
    "AgentPipeline",
    "ItemView",
    "LocationView",
    "TurnOutcome",
    "TurnRequest",
    "TurnResult",
]

TurnOutcome = Literal["ok", "crisis", "check_in", "blocked", "replaced"]
MAX_INPUT_CHARS = 2000


def _request_id() -> str:
    return uuid.uuid4().hex


class TurnRequest(BaseModel):
    """One line of player input with everything the pipeline needs to answer it.

    ``state`` is the session's world state from the last turn (``None`` starts the world).
    """

    model_config = ConfigDict(frozen=True)

    session_id: str = Field(min_length=1, max_length=200)
    world_id: str = Field(min_length=1, max_length=200)
    text: str = Field(max_length=MAX_INPUT_CHARS)
    player_id: str | None = None
    state: WorldState | None = None
    preferences: Preferences = Preferences()
    locale: str = "en-US"
    request_id: str = Field(default_factory=_request_id)


class LocationView(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    title: str


class ItemView(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    name: str


class TurnResult(BaseModel):
    """What happened in one turn.

    ``outcome``: ok; crisis (supportive reply and resources, no game text, world unchanged);
    check_in (the story paused to ask the player directly whether they are at risk; the
    next line is read as the answer); blocked (the input was refused, state unchanged);
    replaced (generated text failed the output check and was replaced by safe template text).
    """

    model_config = ConfigDict(frozen=True)

    request_id: str
    session_id: str
    turn: int
    outcome: TurnOutcome
    intent: Intent | None
    narrative: str
    suggestions: tuple[str, ...]
    safety: Verdict
    output_safety: Verdict | None = None
    state: WorldState
    progress: tuple[ProgressSignal, ...] = ()
    location: LocationView
    inventory: tuple[ItemView, ...] = ()
    exercise_started: str | None = None
    provider: str = "template"
    implementation: Literal["inprocess", "redis"] = "inprocess"
    fallback_reason: str | None = None
    duration_ms: float = 0.0
    step_ms: dict[str, float] = Field(default_factory=dict)


class AgentPipeline(TurnOrchestrator[TurnRequest, TurnResult], Protocol):
    """Runs turns (raising only ``AgentError`` subclasses), wherever they run."""

    implementation: str
    catalog: WorldCatalog
    metrics: AgentMetrics | None

    async def run_turn(self, request: TurnRequest, sink: EventSink | None = None) -> TurnResult: ...

    def health(self) -> list[AgentHealth]: ...

    async def aclose(self) -> None: ...
