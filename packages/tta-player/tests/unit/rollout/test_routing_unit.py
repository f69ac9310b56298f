"""Routing decisions that need no network: who a request is for, and what stays local."""

from __future__ import annotations

import httpx
import pytest
from jose import jwt
from prometheus_client import CollectorRegistry
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from tta_core import Component, ComponentFlag, Mode, RolloutMetrics
from tta_player.rollout import (
    LegacyProxy,
    ProxyMetrics,
    RolloutMiddleware,
    RolloutSettings,
    player_key,
)


def scope_with(headers: list[tuple[bytes, bytes]], client: tuple[str, int] | None) -> dict:
    return {"type": "http", "headers": headers, "client": client}


def test_the_player_is_the_bearer_tokens_subject() -> None:
    token = jwt.encode({"sub": "p-123"}, "any-key", algorithm="HS256")
    scope = scope_with([(b"authorization", f"Bearer {token}".encode())], ("10.0.0.1", 1))
    assert player_key(scope) == "player:p-123"


@pytest.mark.parametrize(
    "value", [b"Bearer not-a-jwt", b"Basic dXNlcjpwYXNz", b"Bearer ", b"Bearer e30.e30.x"]
)
def test_without_a_readable_subject_the_client_address_is_the_key(value: bytes) -> None:
    assert player_key(scope_with([(b"authorization", value)], ("10.0.0.1", 1))) == "client:10.0.0.1"


def test_no_subject_and_no_client_has_no_key() -> None:
    assert player_key(scope_with([], None)) is None


def inner_app() -> Starlette:
    async def hello(request: Request) -> PlainTextResponse:
        return PlainTextResponse("new handlers")

    return Starlette(routes=[Route("/api/v1/admin/flags", hello), Route("/api/v1/x", hello)])


def flag(mode: Mode) -> ComponentFlag:
    return ComponentFlag(Component.PLAYER_EXPERIENCE, mode, "test", legacy="http://127.0.0.1:9")


async def test_new_mode_steps_aside_and_the_flags_endpoint_is_always_local() -> None:
    registry = CollectorRegistry()
    proxy = LegacyProxy("http://127.0.0.1:9", RolloutSettings(), ProxyMetrics(registry))
    for mode in (Mode.NEW, Mode.LEGACY):
        app = RolloutMiddleware(
            inner_app(), flag=flag(mode), proxy=proxy, metrics=RolloutMetrics(CollectorRegistry())
        )
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            response = await client.get("/api/v1/admin/flags")
        assert response.text == "new handlers"
        assert "x-tta-implementation" not in response.headers
    await proxy.aclose()


def test_a_mode_needing_legacy_without_a_proxy_is_refused() -> None:
    with pytest.raises(ValueError, match="needs the legacy proxy"):
        RolloutMiddleware(
            inner_app(),
            flag=flag(Mode.SHADOW),
            proxy=None,
            metrics=RolloutMetrics(CollectorRegistry()),
        )
