import random

import pytest

from tta_agents import AgentRegistry, CircuitOpenError, HealthStatus
from tta_agents.reliability import BreakerState, CircuitBreaker, RetryPolicy


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_consecutive_failures_open_the_breaker_and_a_success_resets_the_count() -> None:
    clock = Clock()
    changes: list[BreakerState] = []
    breaker = CircuitBreaker(
        "llm", threshold=3, reset_after=10, clock=clock, on_change=lambda _, s: changes.append(s)
    )
    breaker.record_failure()
    breaker.record_failure()
    breaker.record_success()
    assert breaker.failures == 0
    breaker.record_failure()
    breaker.record_failure()
    assert breaker.state is BreakerState.CLOSED
    breaker.record_failure()
    assert breaker.state is BreakerState.OPEN
    with pytest.raises(CircuitOpenError):
        breaker.before_call()
    clock.now += 10
    assert breaker.state is BreakerState.HALF_OPEN
    breaker.before_call()
    with pytest.raises(CircuitOpenError, match="trial"):
        breaker.before_call()
    breaker.record_failure()
    assert breaker.state is BreakerState.OPEN
    clock.now += 10
    breaker.before_call()
    breaker.record_success()
    assert breaker.state is BreakerState.CLOSED
    assert changes == [
        BreakerState.OPEN,
        BreakerState.HALF_OPEN,
        BreakerState.OPEN,
        BreakerState.HALF_OPEN,
        BreakerState.CLOSED,
    ]


def test_backoff_doubles_is_capped_and_jittered() -> None:
    policy = RetryPolicy(retries=5, base_delay=0.1, max_delay=0.5)
    rng = random.Random(7)
    delays = [policy.delay(n, rng) for n in range(5)]
    assert 0.05 <= delays[0] <= 0.1
    assert 0.1 <= delays[1] <= 0.2
    assert all(0.25 <= d <= 0.5 for d in delays[3:])
    assert len({round(policy.delay(0), 6) for _ in range(20)}) > 1


def test_agent_health_follows_error_rate_heartbeat_and_lifecycle() -> None:
    clock = Clock()
    registry = AgentRegistry(clock=clock)
    registry.register("ipa")
    assert registry.health("ipa").status is HealthStatus.STOPPED
    registry.start()
    for _ in range(95):
        registry.record("ipa", True)
    assert registry.health("ipa").status is HealthStatus.HEALTHY
    for _ in range(15):
        registry.record("ipa", False)
    health = registry.health("ipa")
    assert health.status is HealthStatus.DEGRADED
    assert health.requests == 110
    for _ in range(50):
        registry.record("ipa", False)
    assert registry.health("ipa").status is HealthStatus.UNHEALTHY
    assert registry.overall() is HealthStatus.UNHEALTHY

    registry.start("wba")
    clock.now += 61
    assert registry.health("wba").status is HealthStatus.DEGRADED
    registry.heartbeat("wba")
    assert registry.health("wba").status is HealthStatus.HEALTHY
    clock.now += 301
    assert registry.health("wba").status is HealthStatus.UNHEALTHY
    registry.stop()
    assert registry.overall() is HealthStatus.HEALTHY
    assert registry.names() == ["ipa", "wba"]
