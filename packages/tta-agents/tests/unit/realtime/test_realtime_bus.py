import pytest
from prometheus_client import CollectorRegistry, generate_latest

from tta_agents.pipeline.events import NarrativeChunk, StepStarted
from tta_agents.realtime import Envelope, InProcessEventBus, RealtimeMetrics


async def test_the_sink_stamps_pipeline_events_with_rising_ids_per_session() -> None:
    bus = InProcessEventBus()
    seen: list[Envelope] = []
    bus.subscribe("s1", seen.append)
    await bus.sink("s1").emit(StepStarted(step="ipa"))
    await bus.sink("s2").emit(NarrativeChunk(text="elsewhere"))
    await bus.sink("s1").emit(NarrativeChunk(text="hello"))
    await bus.turn_complete("s1", "t1")
    await bus.error("s1", "pipeline_failed", "try again")
    assert [(e.event_id, e.type) for e in seen] == [
        (1, "turn_progress"),
        (2, "narrative_chunk"),
        (3, "turn_complete"),
        (4, "error"),
    ]
    assert all(e.event.session_id == "s1" and e.text == e.event.model_dump_json() for e in seen)
    assert await bus.latest_event_id("s2") == 1


async def test_unsubscribing_stops_delivery() -> None:
    async with InProcessEventBus() as bus:
        seen: list[Envelope] = []
        unsubscribe = bus.subscribe("s1", seen.append)
        await bus.turn_complete("s1")
        unsubscribe()
        unsubscribe()
        await bus.turn_complete("s1")
    assert len(seen) == 1


async def test_replay_is_exact_or_says_it_is_incomplete() -> None:
    bus = InProcessEventBus(replay_buffer_size=3)
    for _ in range(5):
        await bus.turn_complete("s1")
    replay = await bus.replay("s1", 2)
    assert ([e.event_id for e in replay.events], replay.complete) == ([3, 4, 5], True)
    assert not (await bus.replay("s1", 1)).complete
    assert not (await bus.replay("s1", 6)).complete
    assert (await bus.replay("s1", 5)).events == []
    assert (await bus.replay("unknown", 0)).complete
    assert not (await bus.replay("unknown", 3)).complete


def test_metrics_live_on_the_registry_passed_in() -> None:
    registry = CollectorRegistry()
    metrics = RealtimeMetrics(registry)
    metrics.observe_queue_depth(5)
    metrics.observe_queue_depth(2)
    assert registry.get_sample_value("tta_realtime_send_queue_high_water_events") == 5
    assert RealtimeMetrics().registry is not registry


def test_events_sent_are_counted_by_type_as_a_prometheus_counter() -> None:
    registry = CollectorRegistry()
    metrics = RealtimeMetrics(registry)
    for event_type in ("narrative_chunk", "narrative_chunk", "heartbeat"):
        metrics.sent(event_type)
    sample = registry.get_sample_value
    assert sample("tta_realtime_events_sent_total", {"type": "narrative_chunk"}) == 2
    assert sample("tta_realtime_events_sent_total", {"type": "heartbeat"}) == 1
    text = generate_latest(registry).decode()
    assert "# TYPE tta_realtime_events_sent_total counter" in text
    with pytest.raises(ValueError, match="Duplicated"):
        RealtimeMetrics(registry)  # one set of realtime metrics per registry, as before


async def test_a_session_idle_past_the_replay_ttl_is_forgotten_unless_someone_watches() -> None:
    """Replay buffers do not pile up for every session a long-lived process ever served: an
    unwatched one idle past the TTL is dropped (a late resume is told to reload)."""
    now = [0.0]
    bus = InProcessEventBus(replay_ttl_seconds=60, clock=lambda: now[0])
    await bus.turn_complete("idle")
    await bus.turn_complete("watched")
    bus.subscribe("watched", lambda _: None)
    now[0] = 61.0
    await bus.turn_complete("busy")
    forgotten = await bus.replay("idle", 0)
    assert (forgotten.latest_event_id, forgotten.complete) == (0, True)
    assert not (await bus.replay("idle", 1)).complete  # a client that saw event 1: reload
    assert (await bus.replay("watched", 0)).latest_event_id == 1
    assert (await bus.replay("busy", 0)).latest_event_id == 1
    assert bus.sessions_held() == 2


async def test_publishing_keeps_a_session_alive() -> None:
    now = [0.0]
    bus = InProcessEventBus(replay_ttl_seconds=60, clock=lambda: now[0])
    for step in range(5):
        now[0] = step * 50.0
        await bus.turn_complete("playing")
    assert (await bus.replay("playing", 0)).latest_event_id == 5
