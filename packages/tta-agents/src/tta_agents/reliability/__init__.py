"""Reliability parts: circuit breakers and retries with backoff."""

from tta_agents.reliability.breaker import BreakerState, CircuitBreaker
from tta_agents.reliability.retry import RetryPolicy

__all__ = ["BreakerState", "CircuitBreaker", "RetryPolicy"]
