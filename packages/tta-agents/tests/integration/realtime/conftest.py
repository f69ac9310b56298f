"""A small Starlette app serving the real-time endpoint on 127.0.0.1, with a fake authenticator.

Tokens are ``token-<player>``; a player owns the sessions named ``<player>-...``. Input
``fail`` makes the turn raise; any other input plays a short fake turn through the bus sink.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

import pytest
import uvicorn
from prometheus_client import CollectorRegistry
from starlette.applications import Starlette
from starlette.routing import WebSocketRoute

from tta_agents.pipeline.events import (
    Choices,
    NarrativeChunk,
    NarrativeComplete,
    StepFinished,
    StepStarted,
)
from tta_agents.realtime import (
    AuthError,
    EventBus,
    InProcessEventBus,
    RealtimeEndpoint,
    RealtimeMetrics,
    RealtimeSettings,
)


def fake_authenticate(token: str) -> str:
    if token == "token-boom":
        raise RuntimeError("the auth backend is down")
    if not token.startswith("token-"):
        raise AuthError("invalid access token", code="invalid_token")
    return token.removeprefix("token-")


async def fake_authorize(principal: object, session_id: str) -> bool:
    return session_id.startswith(f"{principal}-")


async def play_fake_turn(bus: EventBus, session_id: str, text: str) -> None:
    if text == "fail":
        raise RuntimeError("the pipeline broke")
    sink = bus.sink(session_id)
    await sink.emit(StepStarted(step="nga"))
    await sink.emit(NarrativeChunk(text=f"You {text}."))
    await sink.emit(NarrativeComplete(text=f"You {text}."))
    await sink.emit(StepFinished(step="nga", duration_ms=1.0))
    await sink.emit(Choices(suggestions=("rest", "walk")))
    await bus.turn_complete(session_id, turn_id=f"turn-{text}")


@dataclass
class RunningServer:
    url: str
    endpoint: RealtimeEndpoint
    bus: EventBus
    metrics: RealtimeMetrics
    inputs: list[tuple[object, str, str]] = field(default_factory=list)

    def ws(self, query: str = "") -> str:
        return f"{self.url}{query}"

    def sample(self, name: str, **labels: str) -> float:
        return self.metrics.registry.get_sample_value(name, labels) or 0.0


@contextlib.asynccontextmanager
async def serve(app: Starlette) -> AsyncIterator[int]:
    """Run ``app`` with uvicorn on 127.0.0.1, port 0, in this event loop; yield the port."""
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield port
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, 10)


ServerFactory = Callable[..., Awaitable[RunningServer]]


@pytest.fixture
async def realtime_server() -> AsyncIterator[ServerFactory]:
    """Start servers with chosen settings: ``await realtime_server(heartbeat_interval=0.2)``."""
    stack = contextlib.AsyncExitStack()

    async def start(bus: EventBus | None = None, **settings: object) -> RunningServer:
        bus = bus if bus is not None else InProcessEventBus()
        metrics = RealtimeMetrics(CollectorRegistry())
        running: RunningServer

        async def on_input(principal: object, session_id: str, text: str) -> None:
            running.inputs.append((principal, session_id, text))
            await play_fake_turn(bus, session_id, text)

        endpoint = RealtimeEndpoint(
            bus=bus,
            authenticate=fake_authenticate,
            authorize=fake_authorize,
            on_input=on_input,
            settings=RealtimeSettings(**settings),  # type: ignore[arg-type]
            metrics=metrics,
        )
        app = Starlette(routes=[WebSocketRoute("/ws/play", endpoint)])
        port = await stack.enter_async_context(serve(app))
        stack.push_async_callback(endpoint.aclose)
        running = RunningServer(f"ws://127.0.0.1:{port}/ws/play", endpoint, bus, metrics)
        return running

    async with stack:
        yield start
