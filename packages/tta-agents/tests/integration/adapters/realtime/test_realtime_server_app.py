"""The fakes behind the test servers, and a standalone server for multi-process tests.

Tokens are ``token-<player>``; a player owns the sessions named ``<player>-...``. Input
``fail`` makes the turn raise; any other input plays a short fake turn through the bus sink.

``python test_realtime_server_app.py --redis-url URL --prefix P`` serves the endpoint with a
``RedisEventBus`` on 127.0.0.1 (an ephemeral port, printed as ``PORT <n>``) until killed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from collections.abc import AsyncIterator

import uvicorn
from starlette.applications import Starlette
from starlette.routing import WebSocketRoute

from tta_agents.adapters.realtime import RealtimeEndpoint, RedisEventBus
from tta_agents.pipeline.events import (
    Choices,
    NarrativeChunk,
    NarrativeComplete,
    SafetyNotice,
    StepFinished,
    StepStarted,
)
from tta_agents.realtime import AuthError, EventBus, ProtocolError, RealtimeSettings
from tta_agents.safety.verdict import CrisisResource, SafetyAction, SafetyLevel, Verdict

CONCERN = Verdict(
    level=SafetyLevel.CONCERN,
    action=SafetyAction.SUPPORT,
    categories=("low_mood",),
    message="That sounds heavy.",
    resources=(CrisisResource(name="Crisis Text Line", sms="741741", sms_body="HOME"),),
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
    if not text.strip():
        raise ProtocolError("invalid_input", "input: type something to play")
    if text == "slow":
        await asyncio.sleep(0.3)
    sink = bus.sink(session_id)
    await sink.emit(StepStarted(step="nga"))
    if text == "sad":
        await sink.emit(SafetyNotice(verdict=CONCERN))
    await sink.emit(NarrativeChunk(text=f"You {text}."))
    await sink.emit(NarrativeComplete(text=f"You {text}."))
    await sink.emit(StepFinished(step="nga", duration_ms=1.0))
    await sink.emit(Choices(suggestions=("rest", "walk")))
    await bus.turn_complete(session_id, turn_id=f"turn-{text}")


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


async def _main(redis_url: str, prefix: str) -> None:
    async with RedisEventBus(redis_url, prefix=prefix) as bus:

        async def on_input(principal: object, session_id: str, text: str) -> None:
            await play_fake_turn(bus, session_id, text)

        endpoint = RealtimeEndpoint(
            bus=bus,
            authenticate=fake_authenticate,
            authorize=fake_authorize,
            on_input=on_input,
            settings=RealtimeSettings(heartbeat_interval=5),
        )
        async with serve(Starlette(routes=[WebSocketRoute("/ws/play", endpoint)])) as port:
            print(f"PORT {port}", flush=True)
            await asyncio.Event().wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--redis-url", required=True)
    parser.add_argument("--prefix", required=True)
    options = parser.parse_args(sys.argv[1:])
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_main(options.redis_url, options.prefix))
