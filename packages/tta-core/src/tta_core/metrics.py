"""The rollout's Prometheus metrics, on the registry the caller passes in.

- ``tta_rollout_mode_info{component, mode, canary_percent, source}``: the effective modes.
- ``tta_rollout_calls_total{component, implementation}``: which implementation served.
- ``tta_shadow_comparisons_total{component}``: shadow results compared with served ones.
- ``tta_shadow_divergence_total{component, field}``: fields where they differed.
- ``tta_shadow_failures_total{component, reason}``: shadow crashes and timeouts (never
  surfaced to the player).
- ``tta_shadow_skipped_total{component}``: shadow runs skipped because too many were in
  flight (the bound that keeps shadows from piling up).
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Info

from tta_core.flags import Component, FlagSet, Implementation

__all__ = ["RolloutMetrics"]


class RolloutMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.registry = registry
        self.modes = Info(
            "tta_rollout_mode",
            "Effective feature-flag mode of each component",
            labelnames=("component",),
            registry=registry,
        )
        self.calls = Counter(
            "tta_rollout_calls_total",
            "Calls served, by component and implementation",
            labelnames=("component", "implementation"),
            registry=registry,
        )
        self.comparisons = Counter(
            "tta_shadow_comparisons_total",
            "Shadow results compared with the served result",
            labelnames=("component",),
            registry=registry,
        )
        self.divergences = Counter(
            "tta_shadow_divergence_total",
            "Shadow results that differed from the served result, by field",
            labelnames=("component", "field"),
            registry=registry,
        )
        self.failures = Counter(
            "tta_shadow_failures_total",
            "Shadow runs that crashed or timed out",
            labelnames=("component", "reason"),
            registry=registry,
        )
        self.skipped = Counter(
            "tta_shadow_skipped_total",
            "Shadow runs skipped because the in-flight bound was reached",
            labelnames=("component",),
            registry=registry,
        )

    def record_modes(self, flags: FlagSet) -> None:
        for flag in flags:
            self.modes.labels(component=flag.component.value).info(
                {
                    "mode": flag.mode.value,
                    "canary_percent": "" if flag.percent is None else str(flag.percent),
                    "source": flag.source,
                }
            )

    def record_served(self, component: Component, implementation: Implementation) -> None:
        self.calls.labels(component=component.value, implementation=implementation.value).inc()
