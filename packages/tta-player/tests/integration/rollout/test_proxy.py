"""The legacy reverse proxy against a real HTTP server on 127.0.0.1 standing in for legacy TTA."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest

from .conftest import LegacyControls, MakeRollout, serving


def client_for(app: object) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 50000))  # type: ignore[arg-type]
    return httpx.AsyncClient(transport=transport, base_url="http://tta.test")


async def test_legacy_mode_forwards_method_path_query_headers_and_body(
    legacy: tuple[str, LegacyControls], make_rollout: MakeRollout
) -> None:
    url, _ = legacy
    rollout = make_rollout(url, "legacy")
    async with client_for(rollout.app) as client:
        response = await client.post(
            "/api/v1/echo?page=2&sort=name",
            content=b'{"name": "Ada"}',
            headers={
                "Content-Type": "application/json",
                "Authorization": "Bearer abc",
                "X-Custom": "kept",
                "Connection": "keep-alive, X-Hop",
                "X-Hop": "dropped",
            },
        )
    assert response.status_code == 200
    seen = response.json()
    assert (seen["method"], seen["path"]) == ("POST", "/api/v1/echo")
    assert seen["query"] == "page=2&sort=name"
    assert seen["body"] == '{"name": "Ada"}'
    assert seen["headers"]["authorization"] == "Bearer abc"
    assert seen["headers"]["x-custom"] == "kept"
    assert "x-hop" not in seen["headers"]
    assert seen["headers"]["x-forwarded-for"] == "203.0.113.7"
    assert seen["headers"]["x-forwarded-host"] == "tta.test"
    assert response.headers["x-legacy"] == "stand-in"
    assert response.headers["set-cookie"] == "legacy=1; Path=/"
    assert response.headers["x-tta-implementation"] == "legacy"
    assert rollout.value("tta_rollout_proxy_requests_total", outcome="forwarded") == 1
    labels = {"component": "PLAYER_EXPERIENCE", "implementation": "legacy"}
    assert rollout.value("tta_rollout_calls_total", **labels) == 1


async def test_legacy_status_codes_and_headers_come_back_unchanged(
    legacy: tuple[str, LegacyControls], make_rollout: MakeRollout
) -> None:
    url, _ = legacy
    rollout = make_rollout(url, "legacy")
    async with client_for(rollout.app) as client:
        for code in (201, 404, 418, 500, 503):
            response = await client.get(f"/api/v1/status/{code}")
            assert response.status_code == code
            assert response.text == f"status {code}"
            assert response.headers["x-legacy"] == "yes"


async def test_paths_outside_the_api_are_never_forwarded(
    legacy: tuple[str, LegacyControls], make_rollout: MakeRollout
) -> None:
    url, controls = legacy
    rollout = make_rollout(url, "legacy")
    async with client_for(rollout.app) as client:
        response = await client.get("/healthz")
    assert response.text == "ok"
    assert "x-tta-implementation" not in response.headers
    assert controls.requests == []


async def test_an_unreachable_legacy_service_is_a_502_problem(
    closed_port_url: str, make_rollout: MakeRollout
) -> None:
    rollout = make_rollout(closed_port_url, "legacy")
    async with client_for(rollout.app) as client:
        response = await client.get("/api/v1/worlds")
    assert response.status_code == 502
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == "/problems/legacy-unavailable"
    assert problem["status"] == 502
    assert problem["instance"] == "/api/v1/worlds"
    assert rollout.value("tta_rollout_proxy_requests_total", outcome="legacy-unavailable") == 1


async def test_a_legacy_service_that_does_not_answer_in_time_is_a_504_problem(
    legacy: tuple[str, LegacyControls], make_rollout: MakeRollout
) -> None:
    url, controls = legacy
    controls.slow_seconds = 5.0
    rollout = make_rollout(url, "legacy", proxy_read_timeout=0.3)
    async with client_for(rollout.app) as client:
        response = await client.get("/api/v1/slow")
    assert response.status_code == 504
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "/problems/legacy-timeout"
    assert rollout.value("tta_rollout_proxy_requests_total", outcome="legacy-timeout") == 1


async def test_the_response_streams_through_before_the_legacy_service_finishes(
    legacy: tuple[str, LegacyControls], make_rollout: MakeRollout
) -> None:
    url, controls = legacy
    rollout = make_rollout(url, "legacy")
    with serving(rollout.app) as proxy_url:
        async with (
            httpx.AsyncClient(base_url=proxy_url, timeout=30) as client,
            client.stream("GET", "/api/v1/stream") as response,
        ):
            assert response.status_code == 200
            parts = response.aiter_bytes()
            first = await asyncio.wait_for(anext(parts), 20)
            # The legacy service is still holding its second part back behind the gate.
            assert first == b"first part\n"
            assert not controls.gate.is_set()
            controls.gate.set()
            rest = b"".join([chunk async for chunk in parts])
    assert rest == b"second part\n"


async def test_the_proxy_streams_request_bodies_of_any_size(
    legacy: tuple[str, LegacyControls], make_rollout: MakeRollout
) -> None:
    url, _ = legacy
    rollout = make_rollout(url, "legacy")
    payload = "x" * 300_000

    async def chunks() -> AsyncIterator[bytes]:
        for start in range(0, len(payload), 65_536):
            yield payload[start : start + 65_536].encode()

    with serving(rollout.app) as proxy_url:
        async with httpx.AsyncClient(base_url=proxy_url, timeout=30) as client:
            response = await client.put("/api/v1/echo", content=chunks())
    assert response.status_code == 200
    assert response.json()["body"] == payload


async def test_a_legacy_response_that_breaks_off_cuts_the_client_connection(
    legacy: tuple[str, LegacyControls], make_rollout: MakeRollout
) -> None:
    url, _ = legacy
    rollout = make_rollout(url, "legacy")
    with serving(rollout.app) as proxy_url:
        async with httpx.AsyncClient(base_url=proxy_url, timeout=30) as client:
            with pytest.raises(httpx.RemoteProtocolError):
                await client.get("/api/v1/broken")
    assert rollout.value("tta_rollout_proxy_requests_total", outcome="broken_stream") == 1
