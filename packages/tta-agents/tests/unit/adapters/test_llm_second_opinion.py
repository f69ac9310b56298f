"""The optional second opinion on check-in lines, against the fake OpenAI-compatible server:
it can raise an unsure line to a crisis in bounded time, and its failures never lower one."""

from __future__ import annotations

import asyncio
import time

import pytest

from tta_agents.adapters.llm.second_opinion import LLMSecondOpinion
from tta_agents.safety import SafetyAction, SafetyEngine, SafetyLevel, SafetySettings
from tta_agents.testing import FakeChatServer, FakeEncoder, Reply

UNSURE = "lately i just want to fade out"


async def verdict_with(*script: Reply, patience: float = 1.0):  # type: ignore[no-untyped-def]
    async with FakeChatServer(*script) as server:
        judge = LLMSecondOpinion(base_url=server.base_url, model="judge", timeout=patience)
        engine = SafetyEngine(
            SafetySettings(), encoder=FakeEncoder(unsure=("fade out",)), second_opinion=judge
        )
        started = time.perf_counter()
        verdict = await asyncio.to_thread(engine.check, UNSURE)
        judge.close()
        return verdict, time.perf_counter() - started, server.requests


async def test_a_crisis_opinion_raises_a_check_in_to_a_crisis() -> None:
    verdict, _, requests = await verdict_with(Reply("Crisis."))
    assert (verdict.level, verdict.action) == (SafetyLevel.CRISIS, SafetyAction.ESCALATE)
    assert "second_opinion" in verdict.categories
    assert requests[0]["messages"][-1]["content"] == UNSURE


@pytest.mark.parametrize("reply", [Reply("safe"), Reply("concern"), Reply("no idea honestly")])
async def test_any_other_opinion_leaves_the_check_in(reply: Reply) -> None:
    verdict, _, _ = await verdict_with(reply)
    assert verdict.action is SafetyAction.CHECK_IN


@pytest.mark.parametrize("reply", [Reply(status=500), Reply(garbage="body"), Reply(delay=5)])
async def test_a_failing_or_slow_judge_never_lowers_and_is_bounded(reply: Reply) -> None:
    verdict, seconds, _ = await verdict_with(reply, patience=0.5)
    assert verdict.action is SafetyAction.CHECK_IN
    assert seconds < 3


async def test_lines_that_are_not_check_ins_are_not_sent() -> None:
    async with FakeChatServer(Reply("crisis")) as server:
        judge = LLMSecondOpinion(base_url=server.base_url, model="judge")
        engine = SafetyEngine(SafetySettings(), encoder=FakeEncoder(), second_opinion=judge)
        await asyncio.to_thread(engine.check, "go north and look at the lighthouse")
        assert server.requests == []
        judge.close()
