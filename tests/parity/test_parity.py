"""The parity kit against the new implementations and the legacy stand-ins written for tests."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from tta_agents.pipeline.factory import build_pipeline
from tta_agents.safety import default_checker  # type: ignore[attr-defined]
from tta_agents.safety.verdict import SafetyChecker
from tta_core import (
    DockerStackManager,
    TurnOrchestrator,
    compare_stack_status,
    conformance_problems,
)
from tta_docker import Stack
from tta_player.rollout.agents import compare_turns, compare_verdicts

from . import run
from .cases import SAFETY_CASES, TURN_CASES
from .kit import Case, run_parity
from .legacy_stand_ins import (
    LegacyStandInOrchestrator,
    LegacyStandInSafetyChecker,
    LegacyStandInStack,
)


def check(checker: SafetyChecker, text: str) -> object:
    return checker.check(text)


async def test_the_new_checker_is_at_parity_with_itself() -> None:
    report = await run_parity(
        SAFETY_CASES,
        reference=("new", default_checker()),
        candidate=("new again", default_checker()),
        call=check,
        comparator=compare_verdicts,
    )
    assert report.ok
    assert report.cases == len(SAFETY_CASES)
    assert "0 differ" in report.render()


async def test_the_kit_reports_where_the_legacy_stand_in_checker_differs() -> None:
    report = await run_parity(
        SAFETY_CASES,
        reference=("new", default_checker()),
        candidate=("legacy stand-in", LegacyStandInSafetyChecker()),
        call=check,
        comparator=compare_verdicts,
    )
    assert not report.ok
    differing = {d.case: (d.reference, d.candidate) for d in report.differences}
    assert differing["idiom, not a crisis"] == ("safe", "crisis")
    assert differing["overdose"] == ("crisis", "safe")
    assert "explicit crisis" not in differing
    assert "| idiom, not a crisis | level | 'safe' | 'crisis' |" in report.render()


async def test_turn_parity_compares_intent_safety_crisis_and_world_transition() -> None:
    report = await run_parity(
        TURN_CASES,
        reference=("new", build_pipeline()),
        candidate=("legacy stand-in", LegacyStandInOrchestrator()),
        call=lambda orchestrator, request: orchestrator.run_turn(request, None),
        comparator=compare_turns,
    )
    assert report.cases == len(TURN_CASES)
    assert report.differing_cases == ["mindfulness_garden: idiom"]
    fields = {d.field for d in report.differences}
    assert {"safety_level", "crisis"} <= fields


async def test_a_side_that_raises_is_a_difference_in_error() -> None:
    class Broken:
        def check(self, text: str, context: object = None) -> object:
            raise RuntimeError("legacy backend down")

    report = await run_parity(
        [Case("any", "hello")],
        reference=("new", default_checker()),
        candidate=("broken", Broken()),
        call=check,
        comparator=compare_verdicts,
    )
    assert [(d.field, d.candidate) for d in report.differences] == [
        ("error", "RuntimeError: legacy backend down")
    ]
    both = await run_parity(
        [Case("any", "hello")],
        reference=("a", Broken()),
        candidate=("b", Broken()),
        call=check,
        comparator=compare_verdicts,
    )
    assert both.ok


async def test_stack_status_parity_between_stand_ins() -> None:
    report = await run_parity(
        [Case("status", None)],
        reference=("legacy stand-in", LegacyStandInStack()),
        candidate=("fewer services", LegacyStandInStack(("api",))),
        call=lambda stack, _: stack.status(),
        comparator=compare_stack_status,
    )
    assert [(d.field, d.reference, d.candidate) for d in report.differences] == [
        ("service:redis", "running", None)
    ]


def test_the_real_implementations_fit_their_seams() -> None:
    manager = SimpleNamespace(settings=SimpleNamespace(label_prefix="tta"))
    assert conformance_problems(Stack(manager, name="parity"), DockerStackManager) == []  # type: ignore[arg-type]
    assert conformance_problems(build_pipeline(), TurnOrchestrator) == []
    assert conformance_problems(default_checker(), SafetyChecker) == []
    assert conformance_problems(LegacyStandInOrchestrator(), TurnOrchestrator) == []
    assert conformance_problems(LegacyStandInOrchestrator(), SafetyChecker) == []


def test_the_operator_command_reports_and_exits_by_result(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stand_in = "tests.parity.legacy_stand_ins:make_safety_checker"
    assert run.main(["safety", "--legacy", stand_in]) == 1
    assert "idiom, not a crisis" in capsys.readouterr().out
    cases = tmp_path / "cases.jsonl"
    cases.write_text(json.dumps({"name": "hello", "text": "Hello there"}) + "\n\n")
    assert run.main(["safety", "--legacy", stand_in, "--cases", str(cases)]) == 0
    turns = tmp_path / "turns.jsonl"
    turns.write_text(json.dumps({"text": "look around", "world_id": "mindfulness_garden"}) + "\n")
    orchestrator = "tests.parity.legacy_stand_ins:make_orchestrator"
    assert run.main(["turns", "--legacy", orchestrator, "--cases", str(turns)]) == 0
    assert "1 cases, 0 differ" in capsys.readouterr().out
    assert run.main(["turns", "--legacy", "no_such_module:make"]) == 2
    assert "cannot import no_such_module" in capsys.readouterr().err
