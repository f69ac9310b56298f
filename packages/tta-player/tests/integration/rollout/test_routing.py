"""Canary and shadow routing of the player experience between the proxy and the new handlers."""

from __future__ import annotations

import asyncio
import time

import httpx
from jose import jwt

from .conftest import LegacyControls, MakeRollout

PX = {"component": "PLAYER_EXPERIENCE"}


def token_for(player_id: str) -> str:
    return jwt.encode({"sub": player_id}, "routing-only", algorithm="HS256")


def client_for(app: object) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    return httpx.AsyncClient(transport=transport, base_url="http://tta.test")


async def test_canary_sends_each_player_to_one_side_every_time(
    legacy: tuple[str, LegacyControls], make_rollout: MakeRollout
) -> None:
    url, _ = legacy
    rollout = make_rollout(url, "canary:50")
    sides: dict[str, set[str]] = {}
    async with client_for(rollout.app) as client:
        for n in range(20):
            player = f"player-{n}"
            headers = {"Authorization": f"Bearer {token_for(player)}"}
            for _ in range(3):
                response = await client.get("/api/v1/echo", headers=headers)
                assert response.status_code == 200
                side = response.headers["x-tta-implementation"]
                expected = {"served_by": "new"} if side == "new" else None
                if expected:
                    assert response.json() == expected
                else:
                    assert response.json()["path"] == "/api/v1/echo"
                sides.setdefault(player, set()).add(side)
    assert all(len(seen) == 1 for seen in sides.values())
    assert {side for seen in sides.values() for side in seen} == {"new", "legacy"}
    served_new = rollout.value("tta_rollout_calls_total", **PX, implementation="new")
    served_legacy = rollout.value("tta_rollout_calls_total", **PX, implementation="legacy")
    assert served_new + served_legacy == 60
    ok_new = rollout.value("tta_rollout_responses_total", implementation="new", status_class="2xx")
    assert ok_new == served_new
    assert rollout.value("tta_rollout_request_duration_seconds_count", implementation="legacy") == (
        served_legacy
    )


async def test_canary_at_zero_and_a_hundred(
    legacy: tuple[str, LegacyControls], make_rollout: MakeRollout
) -> None:
    url, _ = legacy
    headers = {"Authorization": f"Bearer {token_for('anyone')}"}
    for mode, side in (("canary:0", "legacy"), ("canary:100", "new")):
        async with client_for(make_rollout(url, mode).app) as client:
            response = await client.get("/api/v1/worlds", headers=headers)
        assert response.headers["x-tta-implementation"] == side


async def test_shadow_serves_legacy_and_compares_read_only_requests(
    legacy: tuple[str, LegacyControls], make_rollout: MakeRollout
) -> None:
    url, _ = legacy
    rollout = make_rollout(url, "shadow")
    async with client_for(rollout.app) as client:
        response = await client.get("/api/v1/worlds")
        assert response.json() == [{"id": "garden", "name": "Mindfulness garden", "level": 1}]
        assert response.headers["x-tta-implementation"] == "legacy"
        echoed = await client.get("/api/v1/echo")
        assert echoed.json()["path"] == "/api/v1/echo"
    await rollout.app.shadow.drain()
    # Same status and shape for /worlds (values differ: that is fine); /echo differs in shape.
    assert rollout.value("tta_shadow_comparisons_total", **PX) == 2
    assert rollout.value("tta_shadow_divergence_total", **PX, field="shape") == 1
    assert rollout.value("tta_shadow_divergence_total", **PX, field="status") == 0


async def test_shadow_counts_a_status_divergence(
    legacy: tuple[str, LegacyControls], make_rollout: MakeRollout
) -> None:
    url, _ = legacy
    rollout = make_rollout(url, "shadow")
    async with client_for(rollout.app) as client:
        response = await client.get("/api/v1/status/201")  # the new handlers have no such route
    assert response.status_code == 201
    await rollout.app.shadow.drain()
    assert rollout.value("tta_shadow_divergence_total", **PX, field="status") == 1


async def test_shadow_never_mirrors_writes(
    legacy: tuple[str, LegacyControls], make_rollout: MakeRollout
) -> None:
    url, controls = legacy
    rollout = make_rollout(url, "shadow")
    async with client_for(rollout.app) as client:
        response = await client.post("/api/v1/echo", content=b"{}")
    assert response.json()["method"] == "POST"
    await rollout.app.shadow.drain()
    assert controls.requests == ["POST /api/v1/echo"]
    assert rollout.value("tta_shadow_comparisons_total", **PX) == 0


async def test_a_slow_new_side_never_delays_the_legacy_answer_in_shadow(
    legacy: tuple[str, LegacyControls], make_rollout: MakeRollout
) -> None:
    url, _ = legacy
    rollout = make_rollout(url, "shadow")
    inner = rollout.app.app

    async def slow_new(scope, receive, send) -> None:  # type: ignore[no-untyped-def]
        await asyncio.sleep(2.0)
        await inner(scope, receive, send)

    rollout.app.app = slow_new
    async with client_for(rollout.app) as client:
        started = time.monotonic()
        response = await client.get("/api/v1/worlds")
        waited = time.monotonic() - started
    assert response.status_code == 200
    assert waited < 1.0, f"the legacy answer waited {waited:.2f}s for the shadow"
    await rollout.app.shadow.drain()
    assert rollout.value("tta_shadow_comparisons_total", **PX) == 1
