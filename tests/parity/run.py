"""Run the parity kit against YOUR legacy implementation, from the repository root::

    uv run python -m tests.parity.run safety --legacy my_legacy.safety:make_checker
    uv run python -m tests.parity.run turns  --legacy my_legacy.turns:make_orchestrator
    uv run python -m tests.parity.run safety --legacy ... --cases my_cases.jsonl

The legacy factory is loaded and checked exactly as ``TTA_LEGACY_<COMPONENT>`` is at
startup. ``--cases`` takes JSONL lines ``{"name": ..., "text": ...}`` (and, for turns,
``"world_id"``). The report goes to stdout; the exit status is 0 with no differences, 1
with some, 2 when the legacy implementation cannot be loaded.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from tta_agents.pipeline.factory import build_pipeline
from tta_agents.pipeline.turn import TurnRequest
from tta_agents.safety import default_checker  # type: ignore[attr-defined]
from tta_agents.safety.verdict import SafetyChecker
from tta_core import TTACoreError, TurnOrchestrator, load_implementation
from tta_player.rollout.agents import compare_turns, compare_verdicts

from .cases import SAFETY_CASES, TURN_CASES
from .kit import Case, ParityReport, run_parity

__all__ = ["main", "read_cases"]


def read_cases(path: Path, seam: str) -> list[Case[Any]]:
    cases: list[Case[Any]] = []
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        name = str(row.get("name") or f"line {number}")
        if seam == "safety":
            cases.append(Case(name, str(row["text"])))
        else:
            request = TurnRequest(
                session_id=f"parity-{number}",
                world_id=str(row.get("world_id", "mindfulness_garden")),
                text=str(row["text"]),
                player_id="parity",
            )
            cases.append(Case(name, request))
    return cases


async def _run(seam: str, legacy: Any, cases: list[Case[Any]] | None) -> ParityReport:
    if seam == "safety":
        return await run_parity(
            cases or SAFETY_CASES,
            reference=("new", default_checker()),
            candidate=("legacy", legacy),
            call=lambda checker, text: checker.check(text),
            comparator=compare_verdicts,
        )
    return await run_parity(
        cases or TURN_CASES,
        reference=("new", build_pipeline()),
        candidate=("legacy", legacy),
        call=lambda orchestrator, request: orchestrator.run_turn(request, None),
        comparator=compare_turns,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="parity", description="Parity of a legacy seam.")
    parser.add_argument("seam", choices=["safety", "turns"])
    parser.add_argument("--legacy", required=True, help="module:factory of the legacy side")
    parser.add_argument("--cases", type=Path, help="JSONL case table (default: the built-in)")
    args = parser.parse_args(argv)
    protocol: Any = SafetyChecker if args.seam == "safety" else TurnOrchestrator
    try:
        legacy = load_implementation(f"--legacy ({args.seam})", args.legacy, protocol)
    except TTACoreError as exc:
        print(f"parity: {exc}", file=sys.stderr)
        return 2
    cases = read_cases(args.cases, args.seam) if args.cases else None
    report = asyncio.run(_run(args.seam, legacy, cases))
    print(report.render())
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
