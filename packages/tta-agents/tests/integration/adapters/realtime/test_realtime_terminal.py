"""``tta play`` against a small fake of the REST API and the real endpoint, over real sockets."""

from __future__ import annotations

import asyncio
import io
import sys
from collections.abc import AsyncIterator

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route, WebSocketRoute

from tta_agents.adapters.realtime import RealtimeEndpoint
from tta_agents.adapters.realtime import play_in_terminal as main
from tta_agents.realtime import InProcessEventBus, RealtimeSettings

from .test_realtime_server_app import fake_authenticate, fake_authorize, play_fake_turn, serve


async def login(request: Request) -> JSONResponse:
    body = await request.json()
    if body != {"username": "alice", "password": "calm-waters"}:  # pragma: allowlist secret
        return JSONResponse(
            {
                "type": "about:blank",
                "title": "Unauthorized",
                "status": 401,
                "detail": "wrong password",
            },
            status_code=401,
            media_type="application/problem+json",
        )
    return JSONResponse({"access_token": "token-alice", "refresh_token": "r", "expires_in": 900})


async def worlds(request: Request) -> JSONResponse:
    assert request.headers["authorization"] == "Bearer token-alice"
    return JSONResponse([{"id": "garden", "title": "Mindfulness Garden"}])


async def characters(request: Request) -> JSONResponse:
    return JSONResponse({"id": "c1", "name": (await request.json())["name"]}, status_code=201)


async def sessions(request: Request) -> JSONResponse:
    body = await request.json()
    assert body == {"character_id": "c1", "world_id": "garden"}
    return JSONResponse({"session_id": "alice-7", "intro": "You arrive in a quiet garden."}, 201)


@pytest.fixture
async def game_url() -> AsyncIterator[str]:
    bus = InProcessEventBus()

    async def on_input(principal: object, session_id: str, text: str) -> None:
        await play_fake_turn(bus, session_id, text)

    endpoint = RealtimeEndpoint(
        bus=bus,
        authenticate=fake_authenticate,
        authorize=fake_authorize,
        on_input=on_input,
        settings=RealtimeSettings(heartbeat_interval=2),
    )
    app = Starlette(
        routes=[
            Route("/api/v1/auth/login", login, methods=["POST"]),
            Route("/api/v1/worlds", worlds),
            Route("/api/v1/characters", characters, methods=["POST"]),
            Route("/api/v1/sessions", sessions, methods=["POST"]),
            WebSocketRoute("/ws/play", endpoint),
        ]
    )
    async with serve(app) as port:
        yield f"http://127.0.0.1:{port}"
        await endpoint.aclose()


async def run_main(
    monkeypatch: pytest.MonkeyPatch, argv: list[str], stdin: str, password: str | None
) -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    if password is None:
        monkeypatch.delenv("TTA_PASSWORD", raising=False)
    else:
        monkeypatch.setenv("TTA_PASSWORD", password)
    return await asyncio.to_thread(main, argv)


async def test_a_player_logs_in_starts_a_session_and_plays_turns(
    game_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--server", game_url, "--username", "alice"]
    status = await run_main(monkeypatch, argv, "look\n\nsad\n/quit\n", "calm-waters")
    out = capsys.readouterr().out
    assert status == 0
    assert "You arrive in a quiet garden." in out
    assert "You look.\n" in out
    assert "(you could: rest / walk)" in out
    assert "* That sounds heavy." in out
    assert "Crisis Text Line: text HOME to 741741 (24/7)" in out
    assert out.rstrip().endswith("Goodbye. Take care.")


async def test_an_existing_session_is_continued_until_end_of_input(
    game_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--server", game_url, "--username", "alice", "--session", "alice-2"]
    status = await run_main(monkeypatch, argv, "wave\n", "calm-waters")
    out = capsys.readouterr().out
    assert status == 0
    assert "You wave." in out
    assert "quiet garden" not in out


async def test_a_wrong_password_exits_1_with_the_servers_reason(
    game_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status = await run_main(monkeypatch, ["--server", game_url, "--username", "alice"], "", "wrong")
    assert status == 1
    assert capsys.readouterr().err.strip() == "tta play: /api/v1/auth/login: 401 wrong password"


async def test_an_unreachable_server_exits_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--server", "http://127.0.0.1:9", "--username", "alice"]
    assert await run_main(monkeypatch, argv, "", "pw") == 1
    assert "cannot reach" in capsys.readouterr().err


async def test_missing_credentials_exit_2_with_a_reason(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("TTA_USERNAME", raising=False)
    assert await run_main(monkeypatch, ["--server", "http://127.0.0.1:9"], "", "pw") == 2
    assert "--username" in capsys.readouterr().err
    assert await run_main(monkeypatch, ["--username", "alice"], "", None) == 2
    assert "TTA_PASSWORD" in capsys.readouterr().err
