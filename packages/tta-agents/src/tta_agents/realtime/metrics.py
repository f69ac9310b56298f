"""Prometheus metrics of the real-time layer, on a registry passed in (no global state)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge

__all__ = ["RealtimeMetrics"]


class RealtimeMetrics:
    """Connections, events sent/dropped/coalesced by type, queue high-water, auth failures."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        registry = registry if registry is not None else CollectorRegistry()
        self.registry = registry
        self.connections = Gauge(
            "tta_realtime_connections",
            "Open authenticated connections",
            registry=registry,
        )
        self.events_sent = Counter(
            "tta_realtime_events_sent_total",
            "Events written to clients",
            ["type"],
            registry=registry,
        )
        self.events_dropped = Counter(
            "tta_realtime_events_dropped_total",
            "Non-essential events dropped because a send queue was full",
            ["type"],
            registry=registry,
        )
        self.events_coalesced = Counter(
            "tta_realtime_events_coalesced_total",
            "Non-essential events replaced by a newer one of the same kind in a full queue",
            ["type"],
            registry=registry,
        )
        self.queue_high_water = Gauge(
            "tta_realtime_send_queue_high_water_events",
            "Most events ever waiting in one connection's send queue",
            registry=registry,
        )
        self.auth_failures = Counter(
            "tta_realtime_auth_failures_total",
            "Connections refused at authentication, by reason",
            ["reason"],
            registry=registry,
        )
        self.closes = Counter(
            "tta_realtime_closes_total",
            "Connections closed by the server, by WebSocket close code",
            ["code"],
            registry=registry,
        )
        self._high_water = 0
        self._sent: dict[str, Counter] = {}

    def sent(self, event_type: str) -> None:
        """Count one event written to a client (children cached: this runs per delivery)."""
        child = self._sent.get(event_type)
        if child is None:
            child = self._sent[event_type] = self.events_sent.labels(type=event_type)
        child.inc()

    def observe_queue_depth(self, depth: int) -> None:
        if depth > self._high_water:
            self._high_water = depth
            self.queue_high_water.set(depth)
