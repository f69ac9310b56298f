"""Prometheus metrics of the safety engine (always on the registry it is given)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Info

from tta_agents.safety.verdict import SafetyLevel

__all__ = ["SafetyMetrics"]


class SafetyMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.registry = registry
        self.verdicts = Counter(
            "tta_safety_verdicts_total",
            "Safety verdicts given, by level and surface (input or output).",
            ["level", "surface"],
            registry=registry,
        )
        self.errors = Counter(
            "tta_safety_errors_total",
            "Internal failures: check (answered cautiously), reload (kept last good), recorder.",
            ["kind"],
            registry=registry,
        )
        self.escalations = Counter(
            "tta_safety_session_escalations_total",
            "Concern verdicts raised to crisis because the session kept showing concern.",
            registry=registry,
        )
        self.check_ins = Counter(
            "tta_safety_check_ins_total",
            "Times the engine was unsure and the game asked the player directly.",
            registry=registry,
        )
        self.second_opinions = Counter(
            "tta_safety_second_opinions_total",
            "Check-in lines judged by the configured second opinion, by its answer.",
            ["answer"],
            registry=registry,
        )
        self.rules = Info("tta_safety_rules", "The active rule set.", registry=registry)
        self.rules_loaded = Gauge(
            "tta_safety_rules_loaded", "Rules in the active rule set.", registry=registry
        )
        self._verdicts = {
            (level, surface): self.verdicts.labels(level=level.value, surface=surface)
            for level in SafetyLevel
            for surface in ("input", "output")
        }

    def count(self, level: SafetyLevel, surface: str) -> None:
        self._verdicts[(level, surface)].inc()

    def active_rules(self, version: str, count: int) -> None:
        self.rules.info({"version": version})
        self.rules_loaded.set(count)
