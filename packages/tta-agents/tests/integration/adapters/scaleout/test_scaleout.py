"""Turns through Redis Streams consumer groups, against the real Redis."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator

import pytest
import redis.asyncio as aioredis
from prometheus_client import CollectorRegistry

from tta_agents import (
    AgentPipeline,
    AgentSettings,
    DeadLetteredError,
    TurnPipeline,
    TurnRequest,
    TurnTimeoutError,
    UnknownWorldError,
    build_pipeline,
)
from tta_agents.adapters.scaleout import RedisTurnPipeline, StreamKeys, TurnWorker
from tta_agents.pipeline.events import STEPS, NarrativeComplete, PipelineEvent, StepStarted
from tta_agents.testing import FakeChatServer, KeywordChecker, Reply
from tta_core import TurnOrchestrator


class ListSink:
    def __init__(self) -> None:
        self.events: list[PipelineEvent] = []

    async def emit(self, event: PipelineEvent) -> None:
        self.events.append(event)


def settings_for(redis_url: str, redis_prefix: str, **extra) -> AgentSettings:
    return AgentSettings(
        agent_mode="redis",
        redis_url=redis_url,
        stream_prefix=redis_prefix,
        visibility_timeout=extra.pop("visibility_timeout", 1.0),
        max_attempts=extra.pop("max_attempts", 3),
        turn_timeout=extra.pop("turn_timeout", 30.0),
        **extra,
    )


async def dead_letters(redis: aioredis.Redis, keys: StreamKeys) -> list[tuple[str, dict]]:
    return list(await redis.xrange(keys.dead))  # type: ignore[arg-type]


async def eventually(check, seconds: float = 30.0) -> None:
    """Wait until ``await check()`` is true (generous: the machines are shared)."""
    for _ in range(int(seconds / 0.05)):
        if await check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"not true within {seconds} s")


class Workers:
    """In-process workers (asyncio tasks) sharing one consumer group."""

    def __init__(self, settings: AgentSettings, redis: aioredis.Redis) -> None:
        self.settings = settings
        self.redis = redis
        self.stop = asyncio.Event()
        self.workers: list[TurnWorker] = []
        self.tasks: list[asyncio.Task[None]] = []

    def start(self, name: str, registry: CollectorRegistry | None = None) -> TurnWorker:
        inprocess = self.settings.model_copy(update={"agent_mode": "inprocess"})
        pipeline = build_pipeline(inprocess, checker=KeywordChecker(), registry=registry)
        worker = TurnWorker(
            self.redis,
            pipeline,
            keys=StreamKeys(self.settings.stream_prefix),
            name=name,
            visibility_timeout=self.settings.visibility_timeout,
            max_attempts=self.settings.max_attempts,
            concurrency=4,
            metrics=pipeline.metrics,
            block_ms=100,
        )
        self.workers.append(worker)
        self.tasks.append(asyncio.create_task(worker.run(self.stop)))
        return worker

    async def close(self) -> None:
        self.stop.set()
        await asyncio.wait_for(asyncio.gather(*self.tasks, return_exceptions=True), 15)


@pytest.fixture
async def caller(
    redis_url: str, redis_prefix: str, redis_client: aioredis.Redis
) -> AsyncIterator[RedisTurnPipeline]:
    pipeline = build_pipeline(
        settings_for(redis_url, redis_prefix),
        checker=KeywordChecker(),
        registry=CollectorRegistry(),
    )
    assert isinstance(pipeline, RedisTurnPipeline)
    yield pipeline
    await pipeline.aclose()


@pytest.fixture
async def workers(
    redis_url: str, redis_prefix: str, redis_client: aioredis.Redis
) -> AsyncIterator[Workers]:
    group = Workers(settings_for(redis_url, redis_prefix), redis_client)
    yield group
    await group.close()


def request(pipeline: AgentPipeline, text: str, session: str = "s-1") -> TurnRequest:
    return TurnRequest(
        session_id=session,
        world_id="mindfulness_garden",
        text=text,
        state=pipeline.catalog.new_state("mindfulness_garden"),
    )


async def test_the_redis_pipeline_is_a_sibling_of_the_inprocess_one_behind_the_seam(
    caller: RedisTurnPipeline,
) -> None:
    assert isinstance(caller, TurnOrchestrator)
    assert not isinstance(caller, TurnPipeline)
    assert {health.name for health in caller.health()} == set(STEPS)
    assert "willow" in caller.catalog.intro("mindfulness_garden").lower()
    with pytest.raises(UnknownWorldError):
        await caller.run_turn(TurnRequest(session_id="s", world_id="atlantis", text="look"))


async def test_a_turn_runs_on_a_worker_and_streams_its_events_back(
    caller: RedisTurnPipeline, workers: Workers
) -> None:
    workers.start("w1")
    sink = ListSink()
    result = await caller.run_turn(request(caller, "go north"), sink=sink)
    assert result.implementation == "redis"
    assert result.location.id == "herb_path"
    assert next(e.step for e in sink.events if isinstance(e, StepStarted)) == "safety_input"
    assert next(e for e in sink.events if isinstance(e, NarrativeComplete)).text == result.narrative
    crisis = await caller.run_turn(request(caller, "I want to end my life"))
    assert crisis.outcome == "crisis"
    lengths = await caller.queue_lengths()
    assert lengths == {"waiting": 0, "pending": 0, "dead": 0}
    assert "w1" in await caller.worker_heartbeats()


async def test_two_workers_share_the_load(caller: RedisTurnPipeline, workers: Workers) -> None:
    first, second = workers.start("w1"), workers.start("w2")
    results = await asyncio.gather(
        *(caller.run_turn(request(caller, "look", f"s-{n}")) for n in range(40))
    )
    assert all(r.outcome == "ok" for r in results)

    async def all_counted() -> bool:
        return first.handled + second.handled == 40

    await eventually(all_counted)
    assert first.handled > 0
    assert second.handled > 0


async def test_typed_errors_come_back_from_the_worker(
    caller: RedisTurnPipeline, workers: Workers
) -> None:
    workers.start("w1")
    with pytest.raises(UnknownWorldError):
        await caller.run_turn(TurnRequest(session_id="s", world_id="atlantis", text="look"))


async def test_no_worker_means_a_typed_timeout(
    redis_url: str, redis_prefix: str, redis_client: aioredis.Redis
) -> None:
    pipeline = build_pipeline(
        settings_for(redis_url, redis_prefix, turn_timeout=0.3), checker=KeywordChecker()
    )
    try:
        with pytest.raises(TurnTimeoutError):
            await pipeline.run_turn(request(pipeline, "look"))
    finally:
        await pipeline.aclose()


async def test_a_poison_message_lands_in_the_dead_letter_stream_after_n_attempts(
    redis_url: str, redis_prefix: str, redis_client: aioredis.Redis
) -> None:
    settings = settings_for(redis_url, redis_prefix, visibility_timeout=0.2, max_attempts=3)
    group = Workers(settings, redis_client)
    registry = CollectorRegistry()
    group.start("w1", registry=registry)
    group.start("w2")
    keys = StreamKeys(redis_prefix)
    await redis_client.xadd(keys.turns, {"request": "{not json", "request_id": "poison-1"})
    try:
        await eventually(lambda: redis_client.xlen(keys.dead))
    finally:
        await group.close()
    [(_, dead)] = await dead_letters(redis_client, keys)
    assert dead["request_id"] == "poison-1"
    assert dead["attempts"] == "3"
    assert "ValidationError" in dead["reason"]
    pending = await redis_client.xpending(keys.turns, keys.group)
    assert pending["pending"] == 0


class CrashingPipeline(TurnPipeline):
    """A pipeline with a bug: every turn raises an untyped error."""

    async def run_turn(self, request: TurnRequest, sink=None):
        raise RuntimeError("a bug in the worker")


async def test_a_turn_that_keeps_crashing_is_dead_lettered_and_its_caller_told(
    redis_url: str, redis_prefix: str, redis_client: aioredis.Redis
) -> None:
    settings = settings_for(redis_url, redis_prefix, visibility_timeout=0.2, max_attempts=2)
    keys = StreamKeys(redis_prefix)
    registry = CollectorRegistry()
    caller = build_pipeline(settings, checker=KeywordChecker(), registry=registry)
    inprocess = settings.model_copy(update={"agent_mode": "inprocess"})
    crashing = CrashingPipeline(
        catalog=caller.catalog, checker=KeywordChecker(), settings=inprocess
    )
    worker = TurnWorker(
        redis_client, crashing, keys=keys, name="buggy", visibility_timeout=0.2, max_attempts=2
    )
    stop = asyncio.Event()
    task = asyncio.create_task(worker.run(stop))
    try:
        with pytest.raises(DeadLetteredError, match="a bug in the worker"):
            await caller.run_turn(request(caller, "look"))
        [(_, dead)] = await dead_letters(redis_client, keys)
        assert dead["attempts"] == "2"
        assert isinstance(caller, RedisTurnPipeline)
        assert (await caller.queue_lengths())["dead"] == 1
        assert registry.get_sample_value("tta_agents_dead_letter_length") == 1
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)
        await caller.aclose()


@pytest.mark.timeout(120)
async def test_a_worker_killed_mid_turn_has_its_turn_reclaimed_by_another(
    redis_url: str, redis_prefix: str, redis_client: aioredis.Redis
) -> None:
    keys = StreamKeys(redis_prefix)
    async with FakeChatServer(Reply(delay=60)) as stalled_llm:
        env = {
            **os.environ,
            "TTA_REDIS_URL": redis_url,
            "TTA_STREAM_PREFIX": redis_prefix,
            "TTA_VISIBILITY_TIMEOUT": "1.0",
            "TTA_WORKER_NAME": "doomed",
            "TTA_LLM_BASE_URL": stalled_llm.base_url,
            "TTA_NGA_TIMEOUT": "120",
            "TTA_SAFETY_CHECKER": "tta_agents.testing:KeywordChecker",
        }
        doomed = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "tta_agents.adapters.scaleout.main",
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        caller = build_pipeline(
            settings_for(redis_url, redis_prefix, visibility_timeout=1.0), checker=KeywordChecker()
        )
        group = Workers(settings_for(redis_url, redis_prefix, visibility_timeout=1.0), redis_client)
        try:
            turn = asyncio.create_task(caller.run_turn(request(caller, "go north")))

            async def inside_the_turn() -> bool:
                return bool(stalled_llm.requests)

            await eventually(inside_the_turn)
            consumers = await redis_client.xinfo_consumers(keys.turns, keys.group)
            assert {c["name"]: c["pending"] for c in consumers}["doomed"] == 1
            doomed.send_signal(signal.SIGKILL)
            await asyncio.wait_for(doomed.wait(), 10)
            survivor = group.start("survivor")
            async with asyncio.timeout(60):
                result = await turn
            assert result.location.id == "herb_path"
            assert result.provider == "template"

            async def survivor_finished() -> bool:
                return survivor.handled == 1

            await eventually(survivor_finished)
            assert await redis_client.xlen(keys.dead) == 0
        finally:
            with contextlib.suppress(ProcessLookupError):
                doomed.kill()
            await asyncio.wait_for(doomed.wait(), 10)
            await group.close()
            await caller.aclose()


async def test_the_worker_entry_point_serves_turns_until_stopped(
    redis_url: str, redis_prefix: str, redis_client: aioredis.Redis
) -> None:
    from tta_agents.adapters.scaleout.main import run_worker

    settings = settings_for(
        redis_url,
        redis_prefix,
        worker_name="entry",
        safety_checker="tta_agents.testing:KeywordChecker",
    )
    stop = asyncio.Event()
    registry = CollectorRegistry()
    task = asyncio.create_task(run_worker(settings, registry=registry, stop=stop))
    caller = build_pipeline(settings, checker=KeywordChecker())
    try:
        result = await caller.run_turn(request(caller, "look"))
        assert result.implementation == "redis"
    finally:
        stop.set()
        worker = await asyncio.wait_for(task, 15)
        await caller.aclose()
    assert worker.name == "entry"
    assert registry.get_sample_value("tta_agents_worker_turns_total", {"result": "done"}) == 1
