"""The AGENT_ORCHESTRATION seams: the turn orchestrator and the safety checker, by flag.

``RoutedOrchestrator`` and ``RoutedSafetyChecker`` stand where the new pipeline and checker
would, and hand each call to the new or the legacy implementation:

- ``canary:<p>``: by the player (``TurnRequest.player_id``; ``SafetyContext.player_id``),
  stickily; a call without a player goes to legacy.
- ``shadow``: legacy serves; the new implementation runs the same input beside it (a turn
  with a sink that drops its events, so the player never sees the shadow's output) and the
  comparators below judge the two.

The served implementation of every turn is counted in ``tta_rollout_calls_total``, logged
with the turn's request and session ids (``tta_player.rollout.turns``) and, through
``served_by``, saved on the turn itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from tta_agents import EventSink, NullSink, TurnRequest, TurnResult
from tta_agents.safety import SafetyChecker, SafetyContext, Verdict
from tta_core import (
    Component,
    ComponentFlag,
    Implementation,
    Mode,
    RolloutMetrics,
    ShadowRunner,
    TurnOrchestrator,
    choose_implementation,
    compare_fields,
)

__all__ = [
    "RoutedOrchestrator",
    "RoutedSafetyChecker",
    "compare_turns",
    "compare_verdicts",
    "served_by",
]

COMPONENT = Component.AGENT_ORCHESTRATION
log = logging.getLogger("tta_player.rollout.turns")

Orchestrator = TurnOrchestrator[TurnRequest, TurnResult]


def _intent(result: TurnResult) -> object:
    intent = result.intent
    return None if intent is None else (intent.kind.value, intent.direction, intent.target)


compare_turns = compare_fields(
    intent=_intent,
    safety_level=lambda r: r.safety.level.value,
    crisis=lambda r: r.outcome == "crisis",
    world_transition=lambda r: r.location.id,
)
compare_verdicts = compare_fields(level=lambda v: v.level.value)


def _require(flag: ComponentFlag, new: object | None, legacy: object | None, what: str) -> None:
    if flag.mode is not Mode.NEW and legacy is None:
        raise ValueError(f"{flag.value} mode of {COMPONENT.value} needs the legacy {what}")
    if flag.mode is not Mode.LEGACY and new is None:
        raise ValueError(f"{flag.value} mode of {COMPONENT.value} needs the new {what}")


class RoutedOrchestrator:
    """A turn orchestrator choosing, per turn, which implementation runs it."""

    def __init__(
        self,
        flag: ComponentFlag,
        *,
        new: Orchestrator | None,
        legacy: Orchestrator | None,
        metrics: RolloutMetrics,
        shadow: ShadowRunner[TurnResult] | None = None,
    ) -> None:
        _require(flag, new, legacy, "turn orchestrator")
        self.flag = flag
        self.new = new
        self.legacy = legacy
        self.metrics = metrics
        self.shadow = shadow or ShadowRunner(COMPONENT, compare_turns, metrics)

    def _pick(self, implementation: Implementation) -> Orchestrator:
        chosen = self.new if implementation is Implementation.NEW else self.legacy
        if chosen is None:  # pragma: no cover - ruled out in __init__
            raise RuntimeError("no orchestrator for the chosen implementation")
        return chosen

    def implementation_for(self, request: TurnRequest) -> Implementation:
        """Who serves ``request``: stable per player, so it can be asked before or after."""
        return choose_implementation(self.flag, request.player_id)

    async def run_turn(self, request: TurnRequest, sink: EventSink | None = None) -> TurnResult:
        implementation = self.implementation_for(request)
        self.metrics.record_served(COMPONENT, implementation)
        log.info(
            "turn served",
            extra={
                "request_id": request.request_id,
                "session_id": request.session_id,
                "served_by": implementation.value,
                "rollout_mode": self.flag.value,
            },
        )
        served = self._pick(implementation)
        sink = sink or NullSink()
        if self.flag.mode is Mode.SHADOW and self.new is not None:
            new = self.new
            return await self.shadow.run(
                lambda: served.run_turn(request, sink),
                lambda: new.run_turn(request, NullSink()),
            )
        return await served.run_turn(request, sink)


def served_by(orchestrator: object, request: TurnRequest) -> Implementation:
    """The implementation that serves ``request`` through ``orchestrator``: a routed one
    decides by its flag; any other orchestrator is the rewrite's pipeline itself."""
    if isinstance(orchestrator, RoutedOrchestrator):
        return orchestrator.implementation_for(request)
    return Implementation.NEW


class RoutedSafetyChecker:
    """A ``SafetyChecker`` choosing, per check, which implementation judges the text."""

    def __init__(
        self,
        flag: ComponentFlag,
        *,
        new: SafetyChecker | None,
        legacy: SafetyChecker | None,
        metrics: RolloutMetrics,
        shadow: ShadowRunner[Verdict] | None = None,
    ) -> None:
        _require(flag, new, legacy, "safety checker")
        self.flag = flag
        self.new = new
        self.legacy = legacy
        self.shadow = shadow or ShadowRunner(COMPONENT, compare_verdicts, metrics)

    def _route(
        self, call: Callable[[SafetyChecker], Verdict], context: SafetyContext | None
    ) -> Verdict:
        key = context.player_id if context is not None else None
        implementation = choose_implementation(self.flag, key)
        served: Any = self.new if implementation is Implementation.NEW else self.legacy
        if self.flag.mode is Mode.SHADOW and self.new is not None:
            new = self.new
            return self.shadow.run_sync(lambda: call(served), lambda: call(new))
        return call(served)

    def check(self, text: str, context: SafetyContext | None = None) -> Verdict:
        return self._route(lambda checker: checker.check(text, context), context)

    def check_output(self, text: str, context: SafetyContext | None = None) -> Verdict:
        return self._route(lambda checker: checker.check_output(text, context), context)
