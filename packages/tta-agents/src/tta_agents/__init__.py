"""tta_agents: the turn pipeline, worlds, safety engine and real-time events of TTA.

Start here: ``build_pipeline(settings, registry=..., checker=...)`` once at startup, then
``pipeline.catalog.new_state(world_id)`` and
``await pipeline.run_turn(TurnRequest(...), sink=...)``.
"""

from tta_agents.crisis_lines import crisis_lines
from tta_agents.encoder import preload_encoder, shared_encoder
from tta_agents.errors import (
    AgentError,
    CircuitOpenError,
    DeadLetteredError,
    InvalidTurnError,
    ProviderError,
    ProviderResponseError,
    ProviderUnavailableError,
    QueueError,
    SafetyUnavailableError,
    StepError,
    StepTimeoutError,
    TurnTimeoutError,
    UnknownWorldError,
    UnsafeOutputError,
    WorldDataError,
    WorldError,
)
from tta_agents.intent import Intent, IntentKind, parse_intent
from tta_agents.metrics import AgentMetrics
from tta_agents.pipeline.events import EventSink, NullSink, PipelineEvent, ProgressSignal
from tta_agents.pipeline.factory import build_pipeline
from tta_agents.pipeline.runner import TurnPipeline
from tta_agents.pipeline.turn import (
    AgentPipeline,
    ItemView,
    LocationView,
    TurnOutcome,
    TurnRequest,
    TurnResult,
)
from tta_agents.registry import AgentHealth, AgentRegistry, HealthStatus
from tta_agents.settings import AgentSettings
from tta_agents.world import (
    Preferences,
    WorldCatalog,
    WorldState,
    WorldSummary,
    compatibility,
    get_world,
    list_worlds,
)

__all__ = [
    "AgentError",
    "AgentHealth",
    "AgentMetrics",
    "AgentPipeline",
    "AgentRegistry",
    "AgentSettings",
    "CircuitOpenError",
    "DeadLetteredError",
    "EventSink",
    "HealthStatus",
    "Intent",
    "IntentKind",
    "InvalidTurnError",
    "ItemView",
    "LocationView",
    "NullSink",
    "PipelineEvent",
    "Preferences",
    "ProgressSignal",
    "ProviderError",
    "ProviderResponseError",
    "ProviderUnavailableError",
    "QueueError",
    "SafetyUnavailableError",
    "StepError",
    "StepTimeoutError",
    "TurnOutcome",
    "TurnPipeline",
    "TurnRequest",
    "TurnResult",
    "TurnTimeoutError",
    "UnknownWorldError",
    "UnsafeOutputError",
    "WorldCatalog",
    "WorldDataError",
    "WorldError",
    "WorldState",
    "WorldSummary",
    "build_pipeline",
    "compatibility",
    "crisis_lines",
    "get_world",
    "list_worlds",
    "parse_intent",
    "preload_encoder",
    "shared_encoder",
]
