"""Shadow mode never changes the served result, never waits for the shadow, counts divergences."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from dataclasses import dataclass

import pytest
from prometheus_client import CollectorRegistry

from tta_core import Component, Divergence, RolloutMetrics, ShadowRunner, compare_fields

COMPONENT = Component.AGENT_ORCHESTRATION
LABEL = {"component": COMPONENT.value}
SLOW = 2.0  # seconds a deliberately slow shadow takes


@dataclass(frozen=True)
class Outcome:
    intent: str
    level: str


compare = compare_fields(intent=lambda r: r.intent, level=lambda r: r.level)


@pytest.fixture
def registry() -> CollectorRegistry:
    return CollectorRegistry()


@pytest.fixture
def runner(registry: CollectorRegistry) -> ShadowRunner[Outcome]:
    return ShadowRunner(COMPONENT, compare, RolloutMetrics(registry), timeout=10.0)


def value(registry: CollectorRegistry, name: str, **labels: str) -> float:
    return registry.get_sample_value(name, {**LABEL, **labels}) or 0.0


async def test_the_served_result_is_returned_whatever_the_shadow_says(
    runner: ShadowRunner[Outcome], registry: CollectorRegistry
) -> None:
    async def legacy() -> Outcome:
        return Outcome("look", "safe")

    async def new() -> Outcome:
        return Outcome("move", "safe")

    assert await runner.run(legacy, new) == Outcome("look", "safe")
    await runner.drain()
    assert value(registry, "tta_shadow_comparisons_total") == 1
    assert value(registry, "tta_shadow_divergence_total", field="intent") == 1
    assert value(registry, "tta_shadow_divergence_total", field="level") == 0


async def test_a_slow_shadow_does_not_delay_the_response(
    runner: ShadowRunner[Outcome], registry: CollectorRegistry
) -> None:
    async def legacy() -> Outcome:
        return Outcome("look", "safe")

    async def slow_new() -> Outcome:
        await asyncio.sleep(SLOW)
        return Outcome("look", "crisis")

    started = time.monotonic()
    result = await runner.run(legacy, slow_new)
    waited = time.monotonic() - started
    assert result == Outcome("look", "safe")
    assert waited < SLOW / 2, f"the served call waited {waited:.2f}s for the shadow"
    assert runner.in_flight == 1
    await runner.drain()
    assert value(registry, "tta_shadow_divergence_total", field="level") == 1


async def test_a_crashing_shadow_is_counted_and_never_surfaced(
    runner: ShadowRunner[Outcome], registry: CollectorRegistry, caplog: pytest.LogCaptureFixture
) -> None:
    async def legacy() -> Outcome:
        return Outcome("look", "safe")

    async def broken() -> Outcome:
        raise ZeroDivisionError("new code bug")

    with caplog.at_level(logging.WARNING, logger="tta_core.shadow"):
        assert await runner.run(legacy, broken) == Outcome("look", "safe")
        await runner.drain()
    assert value(registry, "tta_shadow_failures_total", reason="crash") == 1
    assert value(registry, "tta_shadow_comparisons_total") == 0
    assert "new code bug" in caplog.text


async def test_a_shadow_past_its_timeout_is_abandoned_and_counted(
    registry: CollectorRegistry,
) -> None:
    runner = ShadowRunner(COMPONENT, compare, RolloutMetrics(registry), timeout=0.05)

    async def legacy() -> Outcome:
        return Outcome("look", "safe")

    async def hangs() -> Outcome:
        await asyncio.sleep(60)
        return Outcome("never", "safe")

    assert await runner.run(legacy, hangs) == Outcome("look", "safe")
    await runner.drain()
    assert value(registry, "tta_shadow_failures_total", reason="timeout") == 1


async def test_when_the_served_call_fails_its_error_surfaces_and_nothing_is_compared(
    runner: ShadowRunner[Outcome], registry: CollectorRegistry
) -> None:
    async def legacy() -> Outcome:
        raise LookupError("no such session")

    async def new() -> Outcome:
        return Outcome("look", "safe")

    with pytest.raises(LookupError):
        await runner.run(legacy, new)
    await runner.drain()
    assert value(registry, "tta_shadow_comparisons_total") == 0


async def test_shadows_in_flight_are_bounded(registry: CollectorRegistry) -> None:
    runner = ShadowRunner(COMPONENT, compare, RolloutMetrics(registry), max_in_flight=2)
    release = asyncio.Event()

    async def legacy() -> Outcome:
        return Outcome("look", "safe")

    async def waits() -> Outcome:
        await release.wait()
        return Outcome("look", "safe")

    for _ in range(5):
        await runner.run(legacy, waits)
    assert runner.in_flight == 2
    assert value(registry, "tta_shadow_skipped_total") == 3
    release.set()
    await runner.drain()
    assert value(registry, "tta_shadow_comparisons_total") == 2


def test_sync_seams_run_the_shadow_in_a_thread_without_waiting(registry: CollectorRegistry) -> None:
    runner: ShadowRunner[Outcome] = ShadowRunner(COMPONENT, compare, RolloutMetrics(registry))
    finished = threading.Event()

    def slow_new() -> Outcome:
        time.sleep(SLOW)
        finished.set()
        return Outcome("look", "concern")

    started = time.monotonic()
    result = runner.run_sync(lambda: Outcome("look", "safe"), slow_new)
    waited = time.monotonic() - started
    assert result == Outcome("look", "safe")
    assert waited < SLOW / 2
    assert finished.wait(30)
    asyncio.run(runner.drain())
    runner.close()
    assert value(registry, "tta_shadow_divergence_total", field="level") == 1


def test_sync_shadow_crashes_timeouts_and_served_failures(registry: CollectorRegistry) -> None:
    runner: ShadowRunner[Outcome] = ShadowRunner(
        COMPONENT, compare, RolloutMetrics(registry), timeout=0.05
    )

    def served() -> Outcome:
        return Outcome("look", "safe")

    def crashes() -> Outcome:
        raise RuntimeError("boom")

    def too_slow() -> Outcome:
        time.sleep(0.2)
        return Outcome("look", "safe")

    def served_fails() -> Outcome:
        raise KeyError("gone")

    assert runner.run_sync(served, crashes) == Outcome("look", "safe")
    assert runner.run_sync(served, too_slow) == Outcome("look", "safe")
    with pytest.raises(KeyError):
        runner.run_sync(served_fails, served)
    asyncio.run(runner.drain())
    runner.close()
    assert value(registry, "tta_shadow_failures_total", reason="crash") == 1
    assert value(registry, "tta_shadow_failures_total", reason="timeout") == 1
    assert value(registry, "tta_shadow_comparisons_total") == 0


async def test_a_broken_comparator_is_counted_not_raised(registry: CollectorRegistry) -> None:
    def broken(served: Outcome, shadow: Outcome) -> list[Divergence]:
        raise ValueError("comparator bug")

    runner = ShadowRunner(COMPONENT, broken, RolloutMetrics(registry))

    async def call() -> Outcome:
        return Outcome("look", "safe")

    assert await runner.run(call, call) == Outcome("look", "safe")
    await runner.drain()
    assert value(registry, "tta_shadow_failures_total", reason="comparator") == 1


def test_compare_fields_reports_a_result_of_the_wrong_shape_as_divergent() -> None:
    divergences = compare(Outcome("look", "safe"), object())
    assert [d.field for d in divergences] == ["intent", "level"]
    assert divergences[0].shadow == "<error: AttributeError>"
