"""Rollout: what the feature-flag machinery costs on the served path.

- proxy: GET /api/v1/worlds through the legacy reverse proxy vs straight to the same legacy
  stand-in server (each a uvicorn process on 127.0.0.1; sequential keep-alive requests).
- shadow turn: a turn served by legacy with the new pipeline shadowing it (same event loop)
  vs the same pipeline alone; the shadow is drained between turns, outside the timing.
- canary turn: a turn through ``RoutedOrchestrator`` at canary:50 vs the pipeline alone.

Medians of repeated runs; every baseline measured in the same run.
"""

from __future__ import annotations

import asyncio
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager

import httpx
from prometheus_client import CollectorRegistry

from bench.report import Figure
from tta_agents.pipeline.factory import build_pipeline
from tta_agents.pipeline.turn import TurnRequest
from tta_core import Component, ComponentFlag, Mode, RolloutMetrics
from tta_player.rollout.agents import RoutedOrchestrator

BENCH = "rollout"
RUNS = 5
REQUESTS = 200
TURNS = 100


LEGACY_SERVER = """
import sys, uvicorn
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

async def worlds(request):
    return JSONResponse([{"id": "garden", "name": "Mindfulness garden", "level": 1}] * 5)

app = Starlette(routes=[Route("/api/v1/worlds", worlds)])
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""

PROXY_SERVER = """
import sys, uvicorn
from prometheus_client import CollectorRegistry
from starlette.applications import Starlette
from tta_core import Component, ComponentFlag, Mode, RolloutMetrics
from tta_player.rollout import LegacyProxy, ProxyMetrics, RolloutMiddleware, RolloutSettings

registry = CollectorRegistry()
flag = ComponentFlag(Component.PLAYER_EXPERIENCE, Mode.LEGACY, "bench")
proxy = LegacyProxy(sys.argv[2], RolloutSettings(), ProxyMetrics(registry))
app = RolloutMiddleware(Starlette(), flag=flag, proxy=proxy, metrics=RolloutMetrics(registry))
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def _server(script: str, *args: str) -> Iterator[str]:
    """One uvicorn process on 127.0.0.1; yields its base URL once it answers."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", script, str(port), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("bench server did not start") from None
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def _median_request(client: httpx.Client, url: str) -> float:
    times = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        response.raise_for_status()
    return statistics.median(times)


def _proxy_figure() -> Figure:
    with (
        _server(LEGACY_SERVER) as legacy_url,
        _server(PROXY_SERVER, legacy_url) as proxy_url,
        httpx.Client(timeout=30) as client,
    ):
        client.get(f"{proxy_url}/api/v1/worlds").raise_for_status()
        direct = statistics.median(
            _median_request(client, f"{legacy_url}/api/v1/worlds") for _ in range(RUNS)
        )
        proxied = statistics.median(
            _median_request(client, f"{proxy_url}/api/v1/worlds") for _ in range(RUNS)
        )
    ratio = proxied / direct
    return Figure(
        BENCH,
        "legacy request through the proxy (median)",
        proxied * 1000,
        "ms",
        baseline=direct * 1000,
        baseline_name="straight to the legacy server",
        target="ratio <= 3.0",
        met=ratio <= 3.0,
    )


async def _median_turn(
    run_turn: Callable[[TurnRequest], Awaitable[object]], after: Callable[[], Awaitable[None]]
) -> float:
    times = []
    for n in range(TURNS):
        request = TurnRequest(
            session_id=f"bench-{n}",
            world_id="mindfulness_garden",
            text="look around",
            player_id=f"player-{n}",
        )
        start = time.perf_counter()
        await run_turn(request)
        times.append(time.perf_counter() - start)
        await after()
    return statistics.median(times)


async def _turn_figures() -> list[Figure]:
    pipeline = build_pipeline()
    metrics = RolloutMetrics(CollectorRegistry())

    def flag(mode: Mode, percent: int | None = None) -> ComponentFlag:
        return ComponentFlag(Component.AGENT_ORCHESTRATION, mode, "bench", percent=percent)

    shadowed = RoutedOrchestrator(
        flag(Mode.SHADOW), new=build_pipeline(), legacy=pipeline, metrics=metrics
    )
    canary = RoutedOrchestrator(
        flag(Mode.CANARY, 50), new=build_pipeline(), legacy=pipeline, metrics=metrics
    )

    async def nothing() -> None:
        return None

    async def direct(request: TurnRequest) -> object:
        return await pipeline.run_turn(request, None)

    await _median_turn(direct, nothing)  # warm-up
    baseline = statistics.median([await _median_turn(direct, nothing) for _ in range(RUNS)])
    shadow = statistics.median(
        [await _median_turn(shadowed.run_turn, shadowed.shadow.drain) for _ in range(RUNS)]
    )
    routed = statistics.median([await _median_turn(canary.run_turn, nothing) for _ in range(RUNS)])
    return [
        Figure(
            BENCH,
            "turn served by legacy with the new pipeline shadowing (median)",
            shadow * 1000,
            "ms",
            baseline=baseline * 1000,
            baseline_name="the pipeline alone",
            target="ratio <= 2.5",
            met=shadow / baseline <= 2.5,
        ),
        Figure(
            BENCH,
            "turn routed at canary:50 (median)",
            routed * 1000,
            "ms",
            baseline=baseline * 1000,
            baseline_name="the pipeline alone",
            target="ratio <= 1.5",
            met=routed / baseline <= 1.5,
        ),
    ]


def run() -> list[Figure]:
    return [_proxy_figure(), *asyncio.run(_turn_figures())]
