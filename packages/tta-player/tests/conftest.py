"""Fixtures of tta_player's tests: settings with cheap Argon2, the real app on a real database."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from prometheus_client import CollectorRegistry
from pydantic import SecretStr

from tta_player.app import create_app
from tta_player.core.config import Settings
from tta_player.db.engine import open_database
from tta_player.db.repositories import PlayerRepository

TEST_SECRET = "test-only-signing-secret-0123456789abcdefghij"  # pragma: allowlist secret
PASSWORD = "Tide-pool-73-quiet"  # pragma: allowlist secret


def make_settings(data_dir: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "env": "test",
        "data_dir": data_dir,
        "jwt_secret": SecretStr(TEST_SECRET),
        "argon2_time_cost": 1,
        "argon2_memory_kib": 64,
        "argon2_parallelism": 1,
        "rate_limits_enabled": False,
        "serve_web": False,
        "log_json": False,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def make_app(settings: Settings) -> FastAPI:
    """The real app with the real safety checker, on a fresh metrics registry."""
    return create_app(settings, registry=CollectorRegistry())


@pytest.fixture
def database_url() -> str | None:
    """None: SQLite in the test's data directory (integration tests add PostgreSQL)."""
    return None


@pytest.fixture
def settings(tmp_path: Path, database_url: str | None) -> Settings:
    return make_settings(tmp_path, database_url=database_url)


@asynccontextmanager
async def running(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """The app with its lifespan run, behind an httpx client (no sockets)."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield client


@pytest.fixture
def open_client() -> Callable[[Settings], AbstractAsyncContextManager[httpx.AsyncClient]]:
    """Start another app on the given settings (e.g. a restart on the same database)."""
    return lambda settings: running(make_app(settings))


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with running(make_app(settings)) as c:
        yield c


@pytest.fixture
def api(client: httpx.AsyncClient) -> Api:
    return Api(client)


@pytest.fixture
async def live_server(settings: Settings) -> AsyncIterator[str]:
    """The app served by a real uvicorn on 127.0.0.1 (an ephemeral port); yields its base URL."""
    server = uvicorn.Server(
        uvicorn.Config(make_app(settings), host="127.0.0.1", port=0, log_config=None)
    )
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    await asyncio.wait_for(task, timeout=30)


@pytest.fixture
def promote(settings: Settings) -> Callable[[str, str], Awaitable[None]]:
    """Give a player a role the way an operator does (``tta users set-role``)."""

    async def set_role(username: str, role: str) -> None:
        database = await open_database(settings.sqlalchemy_url, migrate=False)
        try:
            async with database.sessions() as db:
                await PlayerRepository(db).set_role(username, role)
                await db.commit()
        finally:
            await database.close()

    return set_role


class Api:
    """Steps most API tests take: sign up, create a character, start a session, play."""

    password = PASSWORD

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def sign_up(self, username: str) -> dict[str, str]:
        return await sign_up(self.client, username)

    async def login(self, username: str) -> dict[str, object]:
        response = await self.client.post(
            "/api/v1/auth/login", json={"username": username, "password": PASSWORD}
        )
        assert response.status_code == 200, response.text
        return response.json()

    async def start_session(
        self, headers: dict[str, str], world_id: str = "mindfulness_garden"
    ) -> str:
        return await start_session(self.client, headers, world_id)

    async def play(self, headers: dict[str, str], session_id: str, text: str) -> dict[str, object]:
        response = await self.client.post(
            f"/api/v1/sessions/{session_id}/turns", json={"input": text}, headers=headers
        )
        assert response.status_code == 200, response.text
        return response.json()


async def sign_up(client: httpx.AsyncClient, username: str) -> dict[str, str]:
    """Register and log in; the Authorization header of the new player."""
    created = await client.post(
        "/api/v1/auth/register",
        json={"username": username, "email": f"{username}@example.org", "password": PASSWORD},
    )
    assert created.status_code == 201, created.text
    login = await client.post(
        "/api/v1/auth/login", json={"username": username, "password": PASSWORD}
    )
    assert login.status_code == 200, login.text
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


async def start_session(
    client: httpx.AsyncClient, headers: dict[str, str], world_id: str = "mindfulness_garden"
) -> str:
    character = await client.post("/api/v1/characters", json={"name": "Wren"}, headers=headers)
    assert character.status_code == 201, character.text
    session = await client.post(
        "/api/v1/sessions",
        json={"character_id": character.json()["id"], "world_id": world_id},
        headers=headers,
    )
    assert session.status_code == 201, session.text
    return session.json()["session_id"]
