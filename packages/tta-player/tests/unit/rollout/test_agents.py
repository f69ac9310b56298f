"""AGENT_ORCHESTRATION by flag: turns and safety checks routed, shadowed and compared."""

from __future__ import annotations

import asyncio
import textwrap
import time
from pathlib import Path

import pytest
from prometheus_client import CollectorRegistry

from tta_agents.pipeline.events import PipelineEvent
from tta_agents.pipeline.factory import build_pipeline
from tta_agents.pipeline.turn import TurnRequest, TurnResult
from tta_agents.safety import default_checker  # type: ignore[attr-defined]
from tta_agents.safety.verdict import (
    SafetyAction,
    SafetyContext,
    SafetyLevel,
    Verdict,
)
from tta_core import (
    Component,
    ComponentFlag,
    LegacyLoadError,
    LegacyNotConfiguredError,
    Mode,
    RolloutMetrics,
    resolve_flags,
)
from tta_player.rollout import RolloutSettings
from tta_player.rollout.agents import RoutedOrchestrator, RoutedSafetyChecker
from tta_player.rollout.install import Rollout, route_orchestrator, route_safety_checker

AO = {"component": "AGENT_ORCHESTRATION"}
WORLD = "mindfulness_garden"


class KeywordStandInChecker:
    """A legacy stand-in written for these tests: a keyword list, crisis on 'give up'."""

    def check(self, text: str, context: SafetyContext | None = None) -> Verdict:
        if "give up" in text.lower() or "kill myself" in text.lower():
            return Verdict(level=SafetyLevel.CRISIS, action=SafetyAction.ESCALATE)
        return Verdict(level=SafetyLevel.SAFE, action=SafetyAction.ALLOW)

    def check_output(self, text: str, context: SafetyContext | None = None) -> Verdict:
        return self.check(text, context)


class RecordingSink:
    def __init__(self) -> None:
        self.events: list[PipelineEvent] = []

    async def emit(self, event: PipelineEvent) -> None:
        self.events.append(event)


class SlowOrchestrator:
    """A new side that takes its time (the served turn must not wait for it)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.pipeline = build_pipeline()

    async def run_turn(self, request: TurnRequest, sink: object = None) -> TurnResult:
        await asyncio.sleep(self.seconds)
        return await self.pipeline.run_turn(request, None)


def flag(mode: str) -> ComponentFlag:
    name, _, percent = mode.partition(":")
    return ComponentFlag(
        Component.AGENT_ORCHESTRATION,
        Mode(name),
        "TTA_FLAG_AGENT_ORCHESTRATION",
        percent=int(percent) if percent else None,
        legacy="stand_in:make",
    )


def request(text: str, player: str | None = "p1") -> TurnRequest:
    return TurnRequest(session_id="s1", world_id=WORLD, text=text, player_id=player)


@pytest.fixture
def registry() -> CollectorRegistry:
    return CollectorRegistry()


def value(registry: CollectorRegistry, name: str, **labels: str) -> float:
    return registry.get_sample_value(name, {**AO, **labels}) or 0.0


async def test_shadow_turns_are_served_by_legacy_and_compared(registry: CollectorRegistry) -> None:
    metrics = RolloutMetrics(registry)
    legacy = build_pipeline(checker=KeywordStandInChecker())
    routed = RoutedOrchestrator(
        flag("shadow"), new=build_pipeline(), legacy=legacy, metrics=metrics
    )
    sink = RecordingSink()
    served = await routed.run_turn(request("I give up on this puzzle"), sink)
    assert served.outcome == "crisis"  # the legacy answer, whatever the new side says
    looked = await routed.run_turn(request("look around"), sink)
    await routed.shadow.drain()
    assert value(registry, "tta_shadow_comparisons_total") == 2
    assert value(registry, "tta_shadow_divergence_total", field="crisis") == 1
    assert value(registry, "tta_shadow_divergence_total", field="safety_level") == 1
    assert value(registry, "tta_shadow_divergence_total", field="world_transition") == 0
    assert value(registry, "tta_rollout_calls_total", implementation="legacy") == 2
    # The player's sink saw the served turns' narratives only, never the shadow's.
    completes = [e.text for e in sink.events if e.kind == "narrative_complete"]
    assert completes == [served.narrative, looked.narrative]


async def test_a_slow_shadow_turn_does_not_delay_the_served_turn(
    registry: CollectorRegistry,
) -> None:
    routed = RoutedOrchestrator(
        flag("shadow"),
        new=SlowOrchestrator(2.0),
        legacy=build_pipeline(),
        metrics=RolloutMetrics(registry),
    )
    started = time.monotonic()
    result = await routed.run_turn(request("look around"))
    waited = time.monotonic() - started
    assert result.outcome == "ok"
    assert waited < 1.0, f"the served turn waited {waited:.2f}s for the shadow"
    await routed.shadow.drain()
    assert value(registry, "tta_shadow_divergence_total", field="intent") == 0
    assert value(registry, "tta_shadow_comparisons_total") == 1


async def test_canary_turns_stick_to_a_player_and_are_counted(registry: CollectorRegistry) -> None:
    routed = RoutedOrchestrator(
        flag("canary:50"),
        new=build_pipeline(),
        legacy=build_pipeline(checker=KeywordStandInChecker()),
        metrics=RolloutMetrics(registry),
    )
    for n in range(10):
        for _ in range(2):
            await routed.run_turn(request("I give up on this puzzle", player=f"player-{n}"))
    new = value(registry, "tta_rollout_calls_total", implementation="new")
    legacy = value(registry, "tta_rollout_calls_total", implementation="legacy")
    assert new + legacy == 20
    assert new % 2 == 0  # each player's two turns went the same way


def test_safety_checks_route_by_player_and_shadow_by_level(registry: CollectorRegistry) -> None:
    metrics = RolloutMetrics(registry)
    shadowed = RoutedSafetyChecker(
        flag("shadow"), new=default_checker(), legacy=KeywordStandInChecker(), metrics=metrics
    )
    assert shadowed.check("I give up on this puzzle").level is SafetyLevel.CRISIS
    assert shadowed.check_output("The garden is quiet.").level is SafetyLevel.SAFE
    asyncio.run(shadowed.shadow.drain())
    shadowed.shadow.close()
    assert value(registry, "tta_shadow_divergence_total", field="level") == 1
    everyone_new = RoutedSafetyChecker(
        flag("canary:100"), new=default_checker(), legacy=KeywordStandInChecker(), metrics=metrics
    )
    context = SafetyContext(player_id="p1")
    assert everyone_new.check("I give up on this puzzle", context).level is SafetyLevel.SAFE
    assert everyone_new.check("I give up on this puzzle").level is SafetyLevel.CRISIS  # no player


def test_a_mode_without_its_implementation_is_refused(registry: CollectorRegistry) -> None:
    metrics = RolloutMetrics(registry)
    with pytest.raises(ValueError, match="needs the legacy turn orchestrator"):
        RoutedOrchestrator(flag("shadow"), new=build_pipeline(), legacy=None, metrics=metrics)
    with pytest.raises(ValueError, match="needs the new safety checker"):
        RoutedSafetyChecker(flag("canary:5"), new=None, legacy=default_checker(), metrics=metrics)


STAND_IN = '''
from tta_agents.pipeline.factory import build_pipeline


class StandInOrchestrator:
    """A legacy stand-in written for the tests."""

    def __init__(self):
        self.pipeline = build_pipeline()

    async def run_turn(self, request, sink=None):
        return await self.pipeline.run_turn(request, sink)


class StandInBoth(StandInOrchestrator):
    def check(self, text, context=None):
        from tta_agents.safety import default_checker
        return default_checker().check(text, context)

    def check_output(self, text, context=None):
        return self.check(text, context)


class StandInChecker:
    def check(self, text, context=None):
        from tta_agents.safety import default_checker
        return default_checker().check(text, context)

    def check_output(self, text, context=None):
        return self.check(text, context)


def make():
    return StandInOrchestrator()


def make_both():
    return StandInBoth()


def make_checker():
    return StandInChecker()
'''


@pytest.fixture
def stand_in_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    (tmp_path / "tta_test_ao_stand_in.py").write_text(textwrap.dedent(STAND_IN))
    monkeypatch.syspath_prepend(str(tmp_path))
    return "tta_test_ao_stand_in"


def rollout_for(environ: dict[str, str]) -> Rollout:
    return Rollout(
        flags=resolve_flags(environ),
        metrics=RolloutMetrics(CollectorRegistry()),
        settings=RolloutSettings(),
    )


async def test_in_new_mode_the_new_pair_is_served_untouched() -> None:
    pipeline, checker = build_pipeline(), default_checker()
    rollout = rollout_for({})
    assert route_orchestrator(rollout, pipeline) is pipeline
    assert route_orchestrator(None, pipeline) is pipeline
    assert route_safety_checker(rollout, checker, {}) is checker


async def test_the_legacy_pair_is_loaded_and_routed(stand_in_module: str) -> None:
    environ = {
        "TTA_FLAG_AGENT_ORCHESTRATION": "shadow",
        "TTA_LEGACY_AGENT_ORCHESTRATION": f"{stand_in_module}:make_both",
    }
    rollout = rollout_for(environ)
    orchestrator = route_orchestrator(rollout, build_pipeline())
    checker = route_safety_checker(rollout, default_checker(), environ)
    assert isinstance(orchestrator, RoutedOrchestrator)
    assert isinstance(checker, RoutedSafetyChecker)
    assert (await orchestrator.run_turn(request("look around"))).outcome == "ok"
    await orchestrator.shadow.drain()
    separate = {
        **environ,
        "TTA_LEGACY_AGENT_ORCHESTRATION": f"{stand_in_module}:make",
        "TTA_LEGACY_AGENT_ORCHESTRATION_SAFETY": f"{stand_in_module}:make_checker",
    }
    checker = route_safety_checker(rollout_for(separate), default_checker(), separate)
    assert checker.check("hello").level is SafetyLevel.SAFE


def test_a_legacy_orchestrator_without_a_safety_checker_is_a_startup_error(
    stand_in_module: str,
) -> None:
    environ = {
        "TTA_FLAG_AGENT_ORCHESTRATION": "legacy",
        "TTA_LEGACY_AGENT_ORCHESTRATION": f"{stand_in_module}:make",
    }
    with pytest.raises(LegacyNotConfiguredError, match="TTA_LEGACY_AGENT_ORCHESTRATION_SAFETY"):
        route_safety_checker(rollout_for(environ), default_checker(), environ)
    broken = {**environ, "TTA_LEGACY_AGENT_ORCHESTRATION": f"{stand_in_module}:make_checker"}
    with pytest.raises(LegacyLoadError, match="missing method run_turn"):
        route_orchestrator(rollout_for(broken), build_pipeline())


async def test_every_turn_records_which_implementation_served_it(
    registry: CollectorRegistry, caplog: pytest.LogCaptureFixture
) -> None:
    routed = RoutedOrchestrator(
        flag("canary:50"),
        new=build_pipeline(),
        legacy=build_pipeline(checker=KeywordStandInChecker()),
        metrics=RolloutMetrics(registry),
    )
    with caplog.at_level("INFO", logger="tta_player.rollout.turns"):
        for n in range(6):
            await routed.run_turn(request("look around", player=f"player-{n}"))
    records = [r for r in caplog.records if r.name == "tta_player.rollout.turns"]
    assert len(records) == 6
    served = [getattr(r, "served_by", None) for r in records]
    assert set(served) <= {"new", "legacy"}
    assert served.count("new") == value(registry, "tta_rollout_calls_total", implementation="new")
    assert all(getattr(r, "rollout_mode", None) == "canary:50" for r in records)
