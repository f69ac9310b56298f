"""What the app's lifespan builds once and every request shares (handed out by ``api.deps``)."""

from __future__ import annotations

from dataclasses import dataclass

from prometheus_client import CollectorRegistry

from tta_agents import AgentPipeline, WorldCatalog
from tta_agents.adapters.realtime import RealtimeEndpoint
from tta_agents.realtime import EventBus
from tta_agents.safety import SafetyChecker
from tta_player.core.config import Settings
from tta_player.core.metrics import ServiceMetrics
from tta_player.core.ratelimit import RateLimits
from tta_player.db.engine import Database
from tta_player.services.auth import AuthService
from tta_player.services.turns import TurnService

__all__ = ["Runtime"]


@dataclass
class Runtime:
    settings: Settings
    registry: CollectorRegistry
    metrics: ServiceMetrics
    database: Database
    auth: AuthService
    limits: RateLimits
    catalog: WorldCatalog
    pipeline: AgentPipeline
    bus: EventBus
    turns: TurnService
    safety: SafetyChecker  # the checker of turns, also for free text (mood notes, journal)
    realtime: RealtimeEndpoint | None = None
