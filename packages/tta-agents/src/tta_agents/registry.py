"""The agent registry: which agents run, their lifecycle, and their health.

Health follows the legacy thresholds: an agent is degraded above 10% errors over its last
100 outcomes and unhealthy above 50%; a heartbeat older than 60 s degrades it and one older
than 300 s makes it unhealthy. A stopped agent reports ``stopped``.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

__all__ = ["AgentHealth", "AgentRegistry", "HealthStatus"]

_WINDOW = 100


class HealthStatus(StrEnum):
    HEALTHY = "healthy"
    DEGRADED = "degraded"
    UNHEALTHY = "unhealthy"
    STOPPED = "stopped"


class AgentHealth(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    status: HealthStatus
    running: bool
    requests: int
    errors: int
    error_rate: float
    heartbeat_age_s: float
    uptime_s: float


class _Agent:
    __slots__ = ("errors", "last_beat", "outcomes", "requests", "running", "started_at")

    def __init__(self, now: float) -> None:
        self.outcomes: deque[bool] = deque(maxlen=_WINDOW)
        self.requests = 0
        self.errors = 0
        self.running = False
        self.started_at = now
        self.last_beat = now


class AgentRegistry:
    """Agents by name (``ipa``, ``wba``, ``nga``, ``llm:...``, ``worker:...``)."""

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        degraded_after_s: float = 60.0,
        unhealthy_after_s: float = 300.0,
    ) -> None:
        self._clock = clock
        self._agents: dict[str, _Agent] = {}
        self.degraded_after_s = degraded_after_s
        self.unhealthy_after_s = unhealthy_after_s

    def register(self, name: str) -> None:
        self._agents.setdefault(name, _Agent(self._clock()))

    def names(self) -> list[str]:
        return sorted(self._agents)

    def _agent(self, name: str) -> _Agent:
        if name not in self._agents:
            self.register(name)
        return self._agents[name]

    def start(self, name: str | None = None) -> None:
        """Mark one agent (or every agent) as running."""
        now = self._clock()
        for agent_name in [name] if name else list(self._agents):
            agent = self._agent(agent_name)
            agent.running = True
            agent.started_at = agent.last_beat = now

    def stop(self, name: str | None = None) -> None:
        for agent_name in [name] if name else list(self._agents):
            self._agent(agent_name).running = False

    def heartbeat(self, name: str) -> None:
        self._agent(name).last_beat = self._clock()

    def record(self, name: str, ok: bool) -> None:
        agent = self._agents.get(name) or self._agent(name)
        agent.outcomes.append(ok)
        agent.requests += 1
        agent.errors += not ok
        agent.last_beat = self._clock()

    def health(self, name: str) -> AgentHealth:
        agent = self._agent(name)
        now = self._clock()
        window = agent.outcomes
        rate = (len(window) - sum(window)) / len(window) if window else 0.0
        age = now - agent.last_beat
        if not agent.running:
            status = HealthStatus.STOPPED
        elif rate > 0.5 or age > self.unhealthy_after_s:
            status = HealthStatus.UNHEALTHY
        elif rate > 0.1 or age > self.degraded_after_s:
            status = HealthStatus.DEGRADED
        else:
            status = HealthStatus.HEALTHY
        return AgentHealth(
            name=name,
            status=status,
            running=agent.running,
            requests=agent.requests,
            errors=agent.errors,
            error_rate=round(rate, 4),
            heartbeat_age_s=round(age, 3),
            uptime_s=round(now - agent.started_at, 3) if agent.running else 0.0,
        )

    def snapshot(self) -> list[AgentHealth]:
        return [self.health(name) for name in self.names()]

    def overall(self) -> HealthStatus:
        """The worst status among running agents (healthy when none is registered)."""
        order = [HealthStatus.HEALTHY, HealthStatus.DEGRADED, HealthStatus.UNHEALTHY]
        statuses = [h.status for h in self.snapshot() if h.status is not HealthStatus.STOPPED]
        return max(statuses, key=order.index, default=HealthStatus.HEALTHY)
