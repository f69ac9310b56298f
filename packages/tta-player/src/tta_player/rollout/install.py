"""Wiring the rollout into the app: one call from ``create_app``, one from the lifespan.

``install_rollout(app, flags=..., registry=...)`` exports the modes as
``tta_rollout_mode_info``, mounts the admin flags endpoint and, unless the player
experience is ``new``, puts ``RolloutMiddleware`` (with the legacy proxy) outermost.
``route_agents(...)`` gives the turn orchestrator and safety checker the
AGENT_ORCHESTRATION flag asks for, loading the legacy ones from
``TTA_LEGACY_AGENT_ORCHESTRATION`` (and ``TTA_LEGACY_AGENT_ORCHESTRATION_SAFETY``, unless
the legacy orchestrator is itself a safety checker).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from prometheus_client import CollectorRegistry

from tta_agents.safety.verdict import SafetyChecker
from tta_core import (
    Component,
    FlagSet,
    LegacyNotConfiguredError,
    Mode,
    RolloutMetrics,
    ShadowRunner,
    TurnOrchestrator,
    conformance_problems,
    load_implementation,
)
from tta_player.rollout import admin
from tta_player.rollout.agents import (
    RoutedOrchestrator,
    RoutedSafetyChecker,
    compare_turns,
    compare_verdicts,
)
from tta_player.rollout.proxy import LegacyProxy, ProxyMetrics
from tta_player.rollout.routing import RolloutMiddleware
from tta_player.rollout.settings import RolloutSettings
from tta_player.rollout.shape import compare_responses

__all__ = [
    "ORCHESTRATOR_VARIABLE",
    "SAFETY_VARIABLE",
    "Rollout",
    "install_rollout",
    "legacy_checker",
    "route_agents",
]

ORCHESTRATOR_VARIABLE = "TTA_LEGACY_AGENT_ORCHESTRATION"
SAFETY_VARIABLE = "TTA_LEGACY_AGENT_ORCHESTRATION_SAFETY"


@dataclass
class Rollout:
    flags: FlagSet
    metrics: RolloutMetrics
    settings: RolloutSettings
    proxy: LegacyProxy | None = None


def install_rollout(
    app: FastAPI,
    *,
    flags: FlagSet,
    registry: CollectorRegistry,
    settings: RolloutSettings | None = None,
) -> Rollout:
    settings = settings or RolloutSettings()
    metrics = RolloutMetrics(registry)
    metrics.record_modes(flags)
    rollout = Rollout(flags=flags, metrics=metrics, settings=settings)
    app.state.rollout = rollout
    app.state.rollout_flags = flags
    app.include_router(admin.router)
    player = flags[Component.PLAYER_EXPERIENCE]
    if player.mode is not Mode.NEW and player.legacy:
        rollout.proxy = LegacyProxy(player.legacy, settings, ProxyMetrics(registry))
        app.add_middleware(
            RolloutMiddleware,
            flag=player,
            proxy=rollout.proxy,
            metrics=metrics,
            shadow=ShadowRunner(
                Component.PLAYER_EXPERIENCE,
                compare_responses,
                metrics,
                max_in_flight=settings.shadow_max_in_flight,
                timeout=settings.shadow_timeout,
            ),
            shadow_body_limit=settings.shadow_max_body_bytes,
        )
    return rollout


def legacy_checker(legacy_orchestrator: Any, environ: Mapping[str, str]) -> SafetyChecker:
    """The legacy safety checker: its own factory, else the legacy orchestrator itself."""
    spec = environ.get(SAFETY_VARIABLE, "").strip()
    if spec:
        return load_implementation(SAFETY_VARIABLE, spec, SafetyChecker)
    if not conformance_problems(legacy_orchestrator, SafetyChecker):
        return legacy_orchestrator
    raise LegacyNotConfiguredError(
        SAFETY_VARIABLE,
        None,
        f"the legacy orchestrator from {ORCHESTRATOR_VARIABLE} is not a safety checker, so "
        f"{SAFETY_VARIABLE}=module:factory must name the legacy safety checker",
    )


def route_agents(
    rollout: Rollout,
    *,
    pipeline: Any,
    checker: SafetyChecker,
    environ: Mapping[str, str],
) -> tuple[Any, SafetyChecker]:
    """The orchestrator and checker to serve with: the new ones untouched in ``new`` mode."""
    flag = rollout.flags[Component.AGENT_ORCHESTRATION]
    if flag.mode is Mode.NEW:
        return pipeline, checker
    legacy = load_implementation(ORCHESTRATOR_VARIABLE, flag.legacy, TurnOrchestrator)
    old_checker = legacy_checker(legacy, environ)
    limits = {
        "max_in_flight": rollout.settings.shadow_max_in_flight,
        "timeout": rollout.settings.shadow_timeout,
    }
    component = Component.AGENT_ORCHESTRATION
    orchestrator = RoutedOrchestrator(
        flag,
        new=pipeline,
        legacy=legacy,
        metrics=rollout.metrics,
        shadow=ShadowRunner(component, compare_turns, rollout.metrics, **limits),
    )
    routed_checker = RoutedSafetyChecker(
        flag,
        new=checker,
        legacy=old_checker,
        metrics=rollout.metrics,
        shadow=ShadowRunner(component, compare_verdicts, rollout.metrics, **limits),
    )
    return orchestrator, routed_checker
