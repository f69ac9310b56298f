"""Wiring the rollout into the app: one call from ``create_app``, one from the lifespan.

``build_rollout(flags=..., registry=...)`` exports the modes as ``tta_rollout_mode_info`` and
loads the legacy implementations the flags ask for (a broken one stops the app factory);
``mount_rollout(app, rollout)`` mounts the admin flags endpoint and, unless the player
experience is ``new``, puts ``RolloutMiddleware`` (with the legacy proxy) outermost.
``install_rollout`` does both.
``route_orchestrator(rollout, pipeline)`` gives the turn orchestrator the
AGENT_ORCHESTRATION flag asks for (legacy from ``TTA_LEGACY_AGENT_ORCHESTRATION``);
``route_safety_checker(...)`` does the same for direct safety checks (legacy from
``TTA_LEGACY_AGENT_ORCHESTRATION_SAFETY``, unless the legacy orchestrator is itself a
safety checker).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from fastapi import FastAPI
from prometheus_client import CollectorRegistry

from tta_agents.safety import SafetyChecker
from tta_core import (
    Component,
    ComponentFlag,
    FlagSet,
    LegacyLoadError,
    LegacyNotConfiguredError,
    Mode,
    RolloutMetrics,
    ShadowRunner,
    TurnOrchestrator,
    conformance_problems,
    legacy_variable,
    load_implementation,
)
from tta_player.rollout import admin
from tta_player.rollout.agents import (
    RoutedOrchestrator,
    RoutedSafetyChecker,
    compare_turns,
    compare_verdicts,
)
from tta_player.rollout.routing import RolloutMiddleware
from tta_player.rollout.settings import RolloutSettings
from tta_player.rollout.shape import compare_responses

if TYPE_CHECKING:
    from tta_player.rollout.proxy import LegacyProxy

__all__ = [
    "ORCHESTRATOR_VARIABLE",
    "SAFETY_VARIABLE",
    "Rollout",
    "build_rollout",
    "install_rollout",
    "legacy_checker",
    "legacy_url",
    "load_legacy_orchestrator",
    "mount_rollout",
    "route_orchestrator",
    "route_safety_checker",
]

ORCHESTRATOR_VARIABLE = "TTA_LEGACY_AGENT_ORCHESTRATION"
SAFETY_VARIABLE = "TTA_LEGACY_AGENT_ORCHESTRATION_SAFETY"


@dataclass
class Rollout:
    flags: FlagSet
    metrics: RolloutMetrics
    settings: RolloutSettings
    proxy: LegacyProxy | None = None
    legacy_orchestrator: Any = None
    legacy_checker: SafetyChecker | None = None  # when TTA_LEGACY_..._SAFETY names one


def legacy_url(flag: ComponentFlag) -> str:
    """The legacy player service's base URL, refused unless it is an http(s) URL."""
    url = urlsplit(flag.legacy or "")
    if url.scheme not in ("http", "https") or not url.netloc:
        raise LegacyLoadError(
            legacy_variable(flag.component), flag.legacy, "expected an http(s):// URL"
        )
    return flag.legacy or ""


def load_legacy_orchestrator(flag: ComponentFlag) -> Any:
    return load_implementation(ORCHESTRATOR_VARIABLE, flag.legacy, TurnOrchestrator)


def build_rollout(
    *,
    flags: FlagSet,
    registry: CollectorRegistry,
    settings: RolloutSettings | None = None,
    environ: Mapping[str, str] | None = None,
) -> Rollout:
    settings = settings or RolloutSettings()
    metrics = RolloutMetrics(registry)
    metrics.record_modes(flags)
    rollout = Rollout(flags=flags, metrics=metrics, settings=settings)
    agents = flags[Component.AGENT_ORCHESTRATION]
    if agents.needs_legacy:  # loaded now, so a broken one stops the app factory
        rollout.legacy_orchestrator = load_legacy_orchestrator(agents)
        if (environ or {}).get(SAFETY_VARIABLE, "").strip():
            rollout.legacy_checker = legacy_checker(rollout.legacy_orchestrator, environ or {})
    player = flags[Component.PLAYER_EXPERIENCE]
    if player.needs_legacy:
        from tta_player.rollout.proxy import LegacyProxy, ProxyMetrics  # noqa: PLC0415 (httpx)

        rollout.proxy = LegacyProxy(legacy_url(player), settings, ProxyMetrics(registry))
    return rollout


def mount_rollout(app: FastAPI, rollout: Rollout) -> None:
    """The admin flags endpoint, and the legacy routing middleware (call it last)."""
    flags, metrics, settings = rollout.flags, rollout.metrics, rollout.settings
    app.state.rollout = rollout
    app.state.rollout_flags = flags
    app.include_router(admin.router)
    player = flags[Component.PLAYER_EXPERIENCE]
    if rollout.proxy is not None:
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


def install_rollout(
    app: FastAPI,
    *,
    flags: FlagSet,
    registry: CollectorRegistry,
    settings: RolloutSettings | None = None,
    environ: Mapping[str, str] | None = None,
) -> Rollout:
    rollout = build_rollout(flags=flags, registry=registry, settings=settings, environ=environ)
    mount_rollout(app, rollout)
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


def _shadow_limits(rollout: Rollout) -> dict[str, Any]:
    return {
        "max_in_flight": rollout.settings.shadow_max_in_flight,
        "timeout": rollout.settings.shadow_timeout,
    }


def route_orchestrator(rollout: Rollout | None, pipeline: Any) -> Any:
    """The turn orchestrator to serve with: ``pipeline`` itself in ``new`` mode (or when no
    rollout is installed), else a ``RoutedOrchestrator`` over it and the legacy one."""
    if rollout is None:
        return pipeline
    flag = rollout.flags[Component.AGENT_ORCHESTRATION]
    if flag.mode is Mode.NEW:
        return pipeline
    legacy = rollout.legacy_orchestrator or load_legacy_orchestrator(flag)
    return RoutedOrchestrator(
        flag,
        new=pipeline,
        legacy=legacy,
        metrics=rollout.metrics,
        shadow=ShadowRunner(
            Component.AGENT_ORCHESTRATION, compare_turns, rollout.metrics, **_shadow_limits(rollout)
        ),
    )


def route_safety_checker(
    rollout: Rollout, checker: SafetyChecker, environ: Mapping[str, str]
) -> SafetyChecker:
    """The safety checker for code that checks text directly (outside a turn)."""
    flag = rollout.flags[Component.AGENT_ORCHESTRATION]
    if flag.mode is Mode.NEW:
        return checker
    legacy = rollout.legacy_orchestrator or load_legacy_orchestrator(flag)
    return RoutedSafetyChecker(
        flag,
        new=checker,
        legacy=rollout.legacy_checker or legacy_checker(legacy, environ),
        metrics=rollout.metrics,
        shadow=ShadowRunner(
            Component.AGENT_ORCHESTRATION,
            compare_verdicts,
            rollout.metrics,
            **_shadow_limits(rollout),
        ),
    )
