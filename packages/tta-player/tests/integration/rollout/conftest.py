"""A real legacy stand-in service and the rollout middleware, both served on 127.0.0.1.

``legacy_stand_in_app`` is written for these tests (it is not the legacy TTA): it echoes
what it received, streams in two parts held apart by a gate the test opens, answers slowly
on demand and returns any status with its own headers.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
import uvicorn
from prometheus_client import CollectorRegistry
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.types import ASGIApp

from tta_core import Component, ComponentFlag, Mode, RolloutMetrics, ShadowRunner
from tta_player.rollout import LegacyProxy, ProxyMetrics, RolloutMiddleware, RolloutSettings
from tta_player.rollout.shape import compare_responses


@dataclass
class LegacyControls:
    """Knobs the tests turn on the legacy stand-in."""

    gate: threading.Event = field(default_factory=threading.Event)
    slow_seconds: float = 3.0
    requests: list[str] = field(default_factory=list)


def legacy_stand_in_app(controls: LegacyControls) -> Starlette:
    async def echo(request: Request) -> Response:
        controls.requests.append(f"{request.method} {request.url.path}")
        body = await request.body()
        return JSONResponse(
            {
                "method": request.method,
                "path": request.url.path,
                "query": request.url.query,
                "headers": dict(request.headers.items()),
                "body": body.decode(),
            },
            headers={"X-Legacy": "stand-in", "Set-Cookie": "legacy=1; Path=/"},
        )

    async def stream(request: Request) -> Response:
        async def parts() -> AsyncIterator[bytes]:
            yield b"first part\n"
            await asyncio.to_thread(controls.gate.wait, 20)
            yield b"second part\n"

        return StreamingResponse(parts(), media_type="text/plain")

    async def broken(request: Request) -> Response:
        async def parts() -> AsyncIterator[bytes]:
            yield b"partial answer"
            raise RuntimeError("the legacy service fell over mid-response")

        return StreamingResponse(parts(), media_type="text/plain")

    async def slow(request: Request) -> Response:
        await asyncio.sleep(controls.slow_seconds)
        return PlainTextResponse("too late")

    async def status(request: Request) -> Response:
        code = int(request.path_params["code"])
        return PlainTextResponse(f"status {code}", status_code=code, headers={"X-Legacy": "yes"})

    async def worlds(request: Request) -> Response:
        controls.requests.append(f"{request.method} {request.url.path}")
        return JSONResponse([{"id": "garden", "name": "Mindfulness garden", "level": 1}])

    return Starlette(
        routes=[
            Route("/api/v1/echo", echo, methods=["GET", "POST", "PUT", "DELETE"]),
            Route("/api/v1/stream", stream),
            Route("/api/v1/slow", slow),
            Route("/api/v1/broken", broken),
            Route("/api/v1/status/{code}", status),
            Route("/api/v1/worlds", worlds),
        ]
    )


def new_handlers_app() -> Starlette:
    """What the new service answers (a small stand-in for tta_player's real routes)."""

    async def worlds(request: Request) -> Response:
        return JSONResponse([{"id": "garden", "name": "Garden", "level": 2}])

    async def echo(request: Request) -> Response:
        return JSONResponse({"served_by": "new"})

    async def health(request: Request) -> Response:
        return PlainTextResponse("ok")

    return Starlette(
        routes=[
            Route("/api/v1/worlds", worlds),
            Route("/api/v1/echo", echo, methods=["GET", "POST"]),
            Route("/healthz", health),
        ]
    )


@contextmanager
def serving(app: ASGIApp) -> Iterator[str]:
    """Serve ``app`` with uvicorn on an ephemeral 127.0.0.1 port; yields its base URL."""
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("test server did not start")
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@pytest.fixture
def legacy() -> Iterator[tuple[str, LegacyControls]]:
    controls = LegacyControls()
    with serving(legacy_stand_in_app(controls)) as url:
        yield url, controls
    controls.gate.set()


@pytest.fixture
def closed_port_url() -> str:
    """A URL on 127.0.0.1 where nothing listens (connection refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@dataclass
class Rollout:
    app: RolloutMiddleware
    registry: CollectorRegistry
    proxy: LegacyProxy

    def value(self, name: str, **labels: str) -> float:
        return self.registry.get_sample_value(name, labels) or 0.0


MakeRollout = Callable[..., Rollout]


@pytest.fixture
async def make_rollout() -> AsyncIterator[MakeRollout]:
    made: list[Rollout] = []

    def make(legacy_url: str, mode: str = "legacy", **settings: float) -> Rollout:
        name, _, percent = mode.partition(":")
        flag = ComponentFlag(
            Component.PLAYER_EXPERIENCE,
            Mode(name),
            "test",
            percent=int(percent) if percent else None,
            legacy=legacy_url,
        )
        registry = CollectorRegistry()
        metrics = RolloutMetrics(registry)
        config = RolloutSettings(**settings)  # type: ignore[arg-type]
        proxy = LegacyProxy(legacy_url, config, ProxyMetrics(registry))
        shadow = ShadowRunner(
            Component.PLAYER_EXPERIENCE, compare_responses, metrics, timeout=config.shadow_timeout
        )
        app = RolloutMiddleware(
            new_handlers_app(), flag=flag, proxy=proxy, metrics=metrics, shadow=shadow
        )
        rollout = Rollout(app, registry, proxy)
        made.append(rollout)
        return rollout

    yield make
    for rollout in made:
        await rollout.app.shadow.drain()
        await rollout.proxy.aclose()
