"""install_rollout: the info metric, the admin-only flags endpoint, and the proxy's lifecycle."""

from __future__ import annotations

import asyncio
from collections.abc import MutableMapping
from typing import Any

import httpx
from fastapi import FastAPI
from prometheus_client import CollectorRegistry

from tta_core import resolve_flags
from tta_player.api.deps import get_current_player
from tta_player.core.problems import install_error_handlers
from tta_player.db.models import Player
from tta_player.rollout.install import install_rollout

LEGACY_ENV = {
    "TTA_FLAG_PLAYER_EXPERIENCE": "canary:20",
    "TTA_LEGACY_PLAYER_EXPERIENCE_URL": "http://127.0.0.1:9",
}


def app_as(role: str | None, environ: dict[str, str]) -> tuple[FastAPI, CollectorRegistry]:
    app = FastAPI()
    install_error_handlers(app)
    registry = CollectorRegistry()
    install_rollout(app, flags=resolve_flags(environ), registry=registry)
    if role is not None:
        app.dependency_overrides[get_current_player] = lambda: Player(role=role)
    return app, registry


async def get_flags(app: FastAPI) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        return await client.get("/api/v1/admin/flags")


async def run_lifespan(app: FastAPI) -> list[str]:
    """Start the app and shut it down, as a server would; returns what the app answered."""
    incoming: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    answers: list[str] = []
    for message in ("lifespan.startup", "lifespan.shutdown"):
        incoming.put_nowait({"type": message})

    async def send(message: MutableMapping[str, Any]) -> None:
        answers.append(message["type"])

    await app({"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}, incoming.get, send)
    return answers


async def test_admins_see_each_mode_and_its_source() -> None:
    app, _ = app_as("admin", LEGACY_ENV)
    response = await get_flags(app)
    assert response.status_code == 200
    body = response.json()
    assert body["metric"] == "tta_rollout_mode_info"
    player = body["components"][2]
    assert player["component"] == "PLAYER_EXPERIENCE"
    assert (player["mode"], player["source"]) == ("canary:20", "TTA_FLAG_PLAYER_EXPERIENCE")
    assert player["legacy_source"] == "TTA_LEGACY_PLAYER_EXPERIENCE_URL"


async def test_players_and_therapists_are_refused_with_a_problem() -> None:
    for role in ("player", "therapist"):
        app, _ = app_as(role, {})
        response = await get_flags(app)
        assert response.status_code == 403
        assert response.headers["content-type"] == "application/problem+json"


async def test_the_modes_are_exported_and_the_proxy_closed_on_shutdown() -> None:
    app, registry = app_as("admin", LEGACY_ENV)
    labels = {
        "component": "PLAYER_EXPERIENCE",
        "mode": "canary",
        "canary_percent": "20",
        "source": "TTA_FLAG_PLAYER_EXPERIENCE",
    }
    assert registry.get_sample_value("tta_rollout_mode_info", labels) == 1.0
    proxy = app.state.rollout.proxy
    assert proxy is not None
    assert await run_lifespan(app) == ["lifespan.startup.complete", "lifespan.shutdown.complete"]
    assert proxy._client.is_closed


async def test_in_new_mode_no_proxy_is_built() -> None:
    app, _ = app_as("admin", {})
    assert app.state.rollout.proxy is None
    response = await get_flags(app)
    assert response.json()["components"][0]["mode"] == "new"


async def test_without_flags_loaded_the_endpoint_answers_503() -> None:
    app, _ = app_as("admin", {})
    del app.state.rollout_flags
    assert (await get_flags(app)).status_code == 503
