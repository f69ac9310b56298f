"""Start small Starlette apps serving the real-time endpoint on 127.0.0.1 (fakes in
``test_realtime_server_app``)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

import pytest
from prometheus_client import CollectorRegistry
from starlette.applications import Starlette
from starlette.routing import WebSocketRoute

from tta_agents.adapters.realtime import RealtimeEndpoint
from tta_agents.realtime import (
    EventBus,
    InProcessEventBus,
    RealtimeMetrics,
    RealtimeSettings,
)

from .test_realtime_server_app import fake_authenticate, fake_authorize, play_fake_turn, serve


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
