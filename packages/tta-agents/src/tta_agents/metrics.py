"""Prometheus metrics of the turn pipeline, registered on a registry the caller passes in."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from tta_agents.pipeline.events import STEPS
from tta_agents.reliability.breaker import BreakerState

__all__ = ["AgentMetrics"]

_STEP_BUCKETS = (0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.25, 1, 5, 15)
_CIRCUIT_VALUE = {BreakerState.CLOSED: 0, BreakerState.HALF_OPEN: 1, BreakerState.OPEN: 2}


class AgentMetrics:
    """One set of cumulative metrics per registry (build it once, at startup)."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.registry = registry
        self.turns = Counter(
            "tta_agents_turns_total",
            "Turns finished, by outcome (ok, crisis, blocked, replaced, error).",
            ["outcome"],
            registry=registry,
        )
        self.step_duration = Histogram(
            "tta_agents_step_duration_seconds",
            "Duration of each pipeline step, by agent.",
            ["agent"],
            buckets=_STEP_BUCKETS,
            registry=registry,
        )
        self.retries = Counter(
            "tta_agents_retries_total",
            "Retries of transient provider failures.",
            ["provider"],
            registry=registry,
        )
        self.fallbacks = Counter(
            "tta_agents_fallbacks_total",
            "Narratives that fell back to templates, by reason.",
            ["reason"],
            registry=registry,
        )
        self.circuit_state = Gauge(
            "tta_agents_circuit_state",
            "Circuit breaker state per provider: 0 closed, 1 half-open, 2 open.",
            ["provider"],
            registry=registry,
        )
        self.queue_length = Gauge(
            "tta_agents_queue_length",
            "Turns waiting in the Redis stream (scale-out mode).",
            registry=registry,
        )
        self.pending = Gauge(
            "tta_agents_queue_pending",
            "Turns delivered to a worker and not yet acknowledged (scale-out mode).",
            registry=registry,
        )
        self.dead_letter_length = Gauge(
            "tta_agents_dead_letter_length",
            "Turns in the dead-letter stream (scale-out mode).",
            registry=registry,
        )
        self.worker_turns = Counter(
            "tta_agents_worker_turns_total",
            "Turns handled by this worker process, by result (done, failed, dead_lettered).",
            ["result"],
            registry=registry,
        )
        self._steps = {step: self.step_duration.labels(agent=step) for step in STEPS}
        self._turns = {
            o: self.turns.labels(outcome=o) for o in ("ok", "crisis", "blocked", "replaced")
        }

    def observe_step(self, step: str, seconds: float) -> None:
        child = self._steps.get(step)
        (child or self.step_duration.labels(agent=step)).observe(seconds)

    def count_turn(self, outcome: str) -> None:
        child = self._turns.get(outcome)
        (child or self.turns.labels(outcome=outcome)).inc()

    def set_circuit(self, provider: str, state: BreakerState) -> None:
        self.circuit_state.labels(provider=provider).set(_CIRCUIT_VALUE[state])
