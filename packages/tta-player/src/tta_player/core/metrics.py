"""The service's Prometheus metrics, registered on the registry the app was given."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram

__all__ = ["ServiceMetrics"]


class ServiceMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.registry = registry
        self.requests = Counter(
            "tta_player_http_requests_total",
            "HTTP requests by method, route template and status",
            ["method", "route", "status"],
            registry=registry,
        )
        self.latency = Histogram(
            "tta_player_http_request_duration_seconds",
            "HTTP request latency by method and route template",
            ["method", "route"],
            registry=registry,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
        )
        self.turns = Counter(
            "tta_player_turns_total",
            "Turns played, by safety level",
            ["level"],
            registry=registry,
        )
        self.safety_events = Counter(
            "tta_player_safety_events_total",
            "Crisis verdicts stored for follow-up",
            registry=registry,
        )
        self.not_understood = Counter(
            "tta_turns_not_understood_total",
            "Turns whose line the game could not tell the meaning of, by world",
            ["world"],
            registry=registry,
        )
        self.logins = Counter(
            "tta_player_logins_total",
            "Login attempts by outcome",
            ["outcome"],
            registry=registry,
        )
