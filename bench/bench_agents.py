"""The turn pipeline: in-process turns/s and p99, scale-out through Redis, state size, memory.

Baselines from the same run: the in-process pipeline beside the bare IPA+WBA+template core
(what safety checks, events, metrics and typing add); scale-out with two worker processes
beside the in-process figure; 10,000 played sessions beside 10,000 fresh ones.
Throughput and latency are medians of 5 runs.
"""

from __future__ import annotations

import asyncio
import gc
import os
import statistics
import subprocess
import sys
import time
import uuid

from prometheus_client import CollectorRegistry

from bench.report import Figure
from tta_agents import AgentPipeline, AgentSettings, TurnRequest, build_pipeline, parse_intent
from tta_agents.narrative import TemplateNarrator
from tta_agents.safety.verdict import SafetyChecker
from tta_agents.testing import KeywordChecker
from tta_agents.testing.play import replay, scripted_intents, variety
from tta_agents.world import Preferences, apply_intent, list_worlds, shipped_catalog

BENCH = "agents"
RUNS = 5
TURNS = 3000
REMOTE_TURNS = 600
SESSIONS = 10_000
WORLD = "mindfulness_garden"
SCRIPT = [
    "look", "take lantern", "e", "talk to the gardener", "breathe", "I feel anxious",
    "xyzzy", "n", "go nrth", "w", "examine the bamboo", "try grounding", "i", "help",
]  # fmt: skip
REDIS_URL = os.environ.get("TTA_BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")


def _checker() -> tuple[SafetyChecker, str]:
    try:
        from tta_agents.safety import default_checker

        checker = default_checker()
        checker.check("hello")
        return checker, "default safety rules"
    except Exception as exc:
        print(f"   safety default_checker not usable ({exc!r}); using the keyword fake")
        return KeywordChecker(), "FAKE keyword checker (safety default not ready)"


def _requests(pipeline: AgentPipeline, count: int, session: str) -> list[TurnRequest]:
    return [
        TurnRequest(session_id=f"{session}-{n // 40}", world_id=WORLD, text=SCRIPT[n % len(SCRIPT)])
        for n in range(count)
    ]


async def _pipeline_run(pipeline: AgentPipeline, count: int) -> tuple[float, float, float, float]:
    """Playing sessions of 40 turns, one turn at a time: (turns/s and p99 ms of wall time,
    turns/s and p99 ms of this process's CPU time). The machines are shared by many
    processes; CPU time is what the turn costs, without the waits for the scheduler. It is
    the whole process's, not the event loop's: the safety check and the input processor run
    in worker threads, and their time is the turn's too."""
    wall, cpu = [], []
    state = pipeline.catalog.new_state(WORLD)
    for n, request in enumerate(_requests(pipeline, count, "bench")):
        if n % 40 == 0:
            state = pipeline.catalog.new_state(WORLD)
        t, c = time.perf_counter(), time.process_time()
        result = await pipeline.run_turn(request.model_copy(update={"state": state}))
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - t)
        state = result.state
    return (
        count / sum(wall),
        statistics.quantiles(wall, n=100)[98] * 1000,
        count / sum(cpu),
        statistics.quantiles(cpu, n=100)[98] * 1000,
    )


def _core_run(count: int) -> float:
    """CPU turns/s of the bare core: parse, apply, render; no safety, events, metrics."""
    world = shipped_catalog().world(WORLD)
    narrator = TemplateNarrator()
    prefs = Preferences()
    state = world.new_state()
    started = time.thread_time()
    for n in range(count):
        if n % 40 == 0:
            state = world.new_state()
        outcome = apply_intent(world, state, parse_intent(SCRIPT[n % len(SCRIPT)]))
        narrator.render(outcome, session_id="core", preferences=prefs)
        state = outcome.state
    return count / (time.thread_time() - started)


def _in_process(checker: SafetyChecker) -> tuple[list[float], float]:
    """Medians of (wall turns/s, wall p99, CPU turns/s, CPU p99), and the core's CPU turns/s."""
    pipeline = build_pipeline(AgentSettings(), checker=checker, registry=CollectorRegistry())
    asyncio.run(_pipeline_run(pipeline, 300))  # warm caches
    runs = [asyncio.run(_pipeline_run(pipeline, TURNS)) for _ in range(RUNS)]
    core = statistics.median(_core_run(TURNS) for _ in range(RUNS))
    return [statistics.median(r[i] for r in runs) for i in range(4)], core


async def _remote_run(pipeline: AgentPipeline, count: int, concurrency: int) -> tuple[float, float]:
    latencies: list[float] = []
    requests = _requests(pipeline, count, f"remote-{uuid.uuid4().hex[:6]}")
    semaphore = asyncio.Semaphore(concurrency)

    async def one(request: TurnRequest) -> None:
        async with semaphore:
            t = time.perf_counter()
            await pipeline.run_turn(request)
            latencies.append(time.perf_counter() - t)

    started = time.perf_counter()
    await asyncio.gather(*(one(r) for r in requests))
    elapsed = time.perf_counter() - started
    return count / elapsed, statistics.quantiles(latencies, n=100)[98] * 1000


def _scale_out(checker_name: str) -> tuple[float, float]:
    prefix = f"tta-bench:{uuid.uuid4().hex[:10]}:"
    env = {
        **os.environ,
        "TTA_REDIS_URL": REDIS_URL,
        "TTA_STREAM_PREFIX": prefix,
        "TTA_VISIBILITY_TIMEOUT": "10",
        "TTA_WORKER_CONCURRENCY": "16",
    }
    if checker_name.startswith("FAKE"):
        env["TTA_SAFETY_CHECKER"] = "tta_agents.testing:KeywordChecker"
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "tta_agents.adapters.scaleout.main"],
            env={**env, "TTA_WORKER_NAME": f"bench-{n}"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for n in range(2)
    ]
    settings = AgentSettings(
        agent_mode="redis", redis_url=REDIS_URL, stream_prefix=prefix, turn_timeout=60
    )

    async def measure() -> list[tuple[float, float]]:
        pipeline = build_pipeline(settings, checker=KeywordChecker())
        try:
            await _remote_run(pipeline, 100, 16)  # warm up: workers started, group created
            return [await _remote_run(pipeline, REMOTE_TURNS, 32) for _ in range(RUNS)]
        finally:
            await pipeline.aclose()

    try:
        runs = asyncio.run(measure())
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            try:
                worker.wait(15)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait(5)
        _drop_prefix(prefix)
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def _drop_prefix(prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(match=f"{prefix}*"))
    if keys:
        client.delete(*keys)
    client.close()


def _memory(checker: SafetyChecker) -> tuple[int, float, float]:
    """(largest serialized state, MiB for 10,000 played sessions, MiB for 10,000 fresh ones)."""
    pipeline = build_pipeline(AgentSettings(), checker=checker)

    async def play(n: int):
        state = pipeline.catalog.new_state(WORLD)
        for text in SCRIPT[: 8 + n % 6]:
            result = await pipeline.run_turn(
                TurnRequest(session_id=f"m-{n}", world_id=WORLD, text=text, state=state)
            )
            state = result.state
        return state

    async def sessions() -> list:
        return [await play(n) for n in range(SESSIONS)]

    largest = max(len(asyncio.run(play(n)).model_dump_json().encode()) for n in range(len(SCRIPT)))
    gc.collect()
    before = _rss_mib()
    fresh = [pipeline.catalog.new_state(WORLD) for _ in range(SESSIONS)]
    fresh_mib = _rss_mib() - before
    before = _rss_mib()
    played = asyncio.run(sessions())
    gc.collect()
    played_mib = _rss_mib() - before  # resident growth: states plus any allocator slack
    del played, fresh
    return largest, played_mib, fresh_mib


def _rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _variety() -> list[Figure]:
    """Per world: the share of distinct replies in a scripted 100-turn play, and the most any
    one sentence repeats in its first 30 turns (targets: >= 90%, <= 3)."""
    figures = []
    for summary in list_worlds():
        world = shipped_catalog().world(summary.id)
        replies = replay(world, scripted_intents(world, 100))
        share = variety(replies).distinct_replies * 100
        repeats = variety(replies[:30]).most_repeated_count
        figures += [
            Figure(BENCH, f"distinct replies, scripted 100-turn play, {summary.id}", share, "%",
                   None, "", "value >= 90", share >= 90),
            Figure(BENCH, f"most repeats of one sentence in 30 turns, {summary.id}", repeats,
                   "times", None, "", "value <= 3", repeats <= 3),
        ]  # fmt: skip
    return figures


def run() -> list[Figure]:
    checker, checker_name = _checker()
    (rate, p99, cpu_rate, cpu_p99), core = _in_process(checker)
    figures = [
        Figure(BENCH, f"in-process turns per CPU-second, all threads ({checker_name})", cpu_rate,
               "turns/s", core, "bare IPA+WBA+template core", "value >= 2000",
               cpu_rate >= 2000),
        Figure(BENCH, "in-process p99 CPU time per turn", cpu_p99, "ms", None, "", "value < 2",
               cpu_p99 < 2),
        Figure(BENCH, "in-process turns/s, wall clock (shared machine)", rate, "turns/s",
               cpu_rate, "turns per CPU-second"),
        Figure(BENCH, "in-process p99 per turn, wall clock (shared machine)", p99, "ms",
               cpu_p99, "p99 CPU time"),
    ]  # fmt: skip
    try:
        remote_rate, remote_p99 = _scale_out(checker_name)
        figures += [
            Figure(BENCH, "scale-out turns/s (Redis Streams, 2 workers, 32 in flight)",
                   remote_rate, "turns/s", rate, "in-process turns/s, wall clock"),
            Figure(BENCH, "scale-out p99 per turn, wall clock", remote_p99, "ms", p99,
                   "in-process p99, wall clock"),
        ]  # fmt: skip
    except Exception as exc:  # Redis down: report the rest
        print(f"   scale-out skipped: {exc!r}")
    largest, played_mib, fresh_mib = _memory(checker)
    figures += [
        Figure(BENCH, "largest world state serialized", largest, "bytes", None, "",
               "value < 16384", largest < 16384),
        Figure(BENCH, "10,000 played sessions in one process (RSS growth)", played_mib, "MiB",
               fresh_mib, "10,000 fresh sessions", "value < 500", played_mib < 500),
    ]  # fmt: skip
    return figures + _variety()
