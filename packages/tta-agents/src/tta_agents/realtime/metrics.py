"""Prometheus metrics of the real-time layer, on a registry passed in (no global state)."""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client import CollectorRegistry, Counter, Gauge
from prometheus_client.core import CounterMetricFamily

__all__ = ["RealtimeMetrics"]


class _SentCounter:
    """``tta_realtime_events_sent_total{type}``: plain integers, read when scraped.

    It is bumped once per subscriber for every event, the hottest line of a broadcast, and a
    prometheus ``Counter`` takes a lock on every ``inc`` (about 6x the cost of an int add).
    Sends happen on the event loop thread only, so nothing here needs a lock.
    """

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def _family(self) -> CounterMetricFamily:
        return CounterMetricFamily(
            "tta_realtime_events_sent", "Events written to clients", labels=["type"]
        )

    def describe(self) -> Iterator[CounterMetricFamily]:
        yield self._family()

    def collect(self) -> Iterator[CounterMetricFamily]:
        family = self._family()
        for event_type, count in list(self.counts.items()):
            family.add_metric([event_type], count)
        yield family


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
        self._sent = _SentCounter()
        registry.register(self._sent)
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

    def sent(self, event_type: str) -> None:
        """Count one event written to a client."""
        counts = self._sent.counts
        counts[event_type] = counts.get(event_type, 0) + 1

    def observe_queue_depth(self, depth: int) -> None:
        if depth > self._high_water:
            self._high_water = depth
            self.queue_high_water.set(depth)
