"""The flags in the real app: admin endpoint, info metric, shadowed turns, the legacy proxy."""

from __future__ import annotations

import textwrap
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
import pytest

from tta_core import LegacyLoadError, ProtocolMismatchError
from tta_player.core.config import Settings

from ...conftest import make_app, running, sign_up, start_session
from .conftest import LegacyControls

STAND_IN = '''
from tta_agents.pipeline.factory import build_pipeline
from tta_agents.safety.verdict import SafetyAction, SafetyLevel, Verdict


class KeywordStandIn:
    """A legacy stand-in written for the tests: crisis on "give up" (a false positive)."""

    def check(self, text, context=None):
        if "give up" in text.lower():
            return Verdict(level=SafetyLevel.CRISIS, action=SafetyAction.ESCALATE)
        return Verdict(level=SafetyLevel.SAFE, action=SafetyAction.ALLOW)

    def check_output(self, text, context=None):
        return Verdict(level=SafetyLevel.SAFE, action=SafetyAction.ALLOW)


class StandInOrchestrator(KeywordStandIn):
    def __init__(self):
        self.pipeline = build_pipeline(checker=KeywordStandIn())

    async def run_turn(self, request, sink=None):
        return await self.pipeline.run_turn(request, sink)


def make():
    return StandInOrchestrator()
'''


@pytest.fixture
def shadow_agents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "tta_test_app_stand_in.py").write_text(textwrap.dedent(STAND_IN))
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("TTA_FLAG_AGENT_ORCHESTRATION", "shadow")
    monkeypatch.setenv("TTA_LEGACY_AGENT_ORCHESTRATION", "tta_test_app_stand_in:make")


async def test_admins_see_the_flags_players_do_not_and_metrics_show_the_modes(
    settings: Settings,
    shadow_agents: None,
    promote: Callable[[str, str], Awaitable[None]],
) -> None:
    app = make_app(settings)
    async with running(app) as client:
        admin = await sign_up(client, "ops_admin")
        player = await sign_up(client, "plain_player")
        await promote("ops_admin", "admin")
        response = await client.get("/api/v1/admin/flags", headers=admin)
        assert response.status_code == 200, response.text
        rows = {row["component"]: row for row in response.json()["components"]}
        assert rows["AGENT_ORCHESTRATION"]["mode"] == "shadow"
        assert rows["AGENT_ORCHESTRATION"]["source"] == "TTA_FLAG_AGENT_ORCHESTRATION"
        assert rows["DOCKER"]["source"] in ("default", "USE_NEW_COMPONENT")
        refused = await client.get("/api/v1/admin/flags", headers=player)
        assert refused.status_code == 403
        assert refused.headers["content-type"] == "application/problem+json"
        metrics = (await client.get("/metrics")).text
    assert 'tta_rollout_mode_info{canary_percent="",component="AGENT_ORCHESTRATION"' in metrics


async def test_shadowed_turns_are_served_by_legacy_and_divergences_counted(
    settings: Settings, shadow_agents: None
) -> None:
    app = make_app(settings)
    async with running(app) as client:
        headers = await sign_up(client, "shadow_player")
        session_id = await start_session(client, headers)
        turn = await client.post(
            f"/api/v1/sessions/{session_id}/turns",
            json={"input": "I give up on this puzzle"},
            headers=headers,
        )
        assert turn.status_code == 200, turn.text
        assert turn.json()["safety"]["level"] == "crisis"  # the legacy stand-in's answer
        assert turn.json()["served_by"] == "legacy"
        await app.state.runtime.turns.pipeline.shadow.drain()
        metrics = (await client.get("/metrics")).text
        history = await client.get(f"/api/v1/sessions/{session_id}/turns", headers=headers)
    assert [t["served_by"] for t in history.json()["items"]] == ["legacy"]
    assert (
        'tta_shadow_divergence_total{component="AGENT_ORCHESTRATION",field="crisis"} 1.0' in metrics
    )
    assert (
        'tta_rollout_calls_total{component="AGENT_ORCHESTRATION",implementation="legacy"} 1.0'
        in metrics
    )


@pytest.mark.parametrize(("percent", "served_by"), [(0, "legacy"), (100, "new")])
async def test_each_canary_turn_records_the_implementation_that_served_it(
    settings: Settings,
    shadow_agents: None,
    monkeypatch: pytest.MonkeyPatch,
    percent: int,
    served_by: str,
) -> None:
    monkeypatch.setenv("TTA_FLAG_AGENT_ORCHESTRATION", f"canary:{percent}")
    async with running(make_app(settings)) as client:
        headers = await sign_up(client, "canary_player")
        session_id = await start_session(client, headers)
        url = f"/api/v1/sessions/{session_id}/turns"
        played = [
            (await client.post(url, json={"input": text}, headers=headers)).json()
            for text in ("look around", "go north")
        ]
        history = (await client.get(url, headers=headers)).json()["items"]
        export = (await client.get("/api/v1/players/me/export", headers=headers)).json()
    assert [turn["served_by"] for turn in played] == [served_by, served_by]  # sticky
    assert [turn["served_by"] for turn in history] == [served_by, served_by]
    assert [turn["served_by"] for turn in export["turns"]] == [served_by, served_by]


async def test_a_routed_turn_is_logged_under_the_http_request_id(
    settings: Settings,
    shadow_agents: None,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """One id from the access log to the rollout's record of the turn."""
    monkeypatch.setenv("TTA_FLAG_AGENT_ORCHESTRATION", "canary:50")
    async with running(make_app(settings)) as client:
        headers = await sign_up(client, "traced_player")
        session_id = await start_session(client, headers)
        with caplog.at_level("INFO", logger="tta_player.rollout.turns"):
            turn = await client.post(
                f"/api/v1/sessions/{session_id}/turns",
                json={"input": "look around"},
                headers={**headers, "X-Request-ID": "trace-turn-0042"},
            )
    assert turn.headers["x-request-id"] == "trace-turn-0042"
    (record,) = [r for r in caplog.records if r.name == "tta_player.rollout.turns"]
    assert getattr(record, "request_id", None) == "trace-turn-0042"


def test_a_broken_legacy_implementation_stops_the_app_factory(
    settings: Settings, shadow_agents: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TTA_LEGACY_AGENT_ORCHESTRATION", "tta_test_app_stand_in:KeywordStandIn")
    with pytest.raises(ProtocolMismatchError, match="does not implement TurnOrchestrator"):
        make_app(settings)
    monkeypatch.setenv("TTA_FLAG_PLAYER_EXPERIENCE", "canary:5")
    monkeypatch.setenv("TTA_LEGACY_PLAYER_EXPERIENCE_URL", "legacy-host:8080")
    monkeypatch.setenv("TTA_FLAG_AGENT_ORCHESTRATION", "new")
    with pytest.raises(LegacyLoadError, match="expected an http"):
        make_app(settings)


def test_a_broken_legacy_safety_checker_stops_the_app_factory(
    settings: Settings, shadow_agents: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A configured legacy safety checker is loaded and checked at start, like the rest."""
    monkeypatch.setenv("TTA_LEGACY_AGENT_ORCHESTRATION_SAFETY", "tta_test_app_stand_in:missing")
    with pytest.raises(LegacyLoadError, match="TTA_LEGACY_AGENT_ORCHESTRATION_SAFETY"):
        make_app(settings)
    monkeypatch.setenv("TTA_LEGACY_AGENT_ORCHESTRATION_SAFETY", "tta_test_app_stand_in:make")
    app = make_app(settings)
    assert app.state.rollout.legacy_checker is not None


async def test_legacy_player_experience_is_proxied_by_the_real_app(
    settings: Settings,
    legacy: tuple[str, LegacyControls],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url, controls = legacy
    monkeypatch.setenv("TTA_FLAG_PLAYER_EXPERIENCE", "legacy")
    monkeypatch.setenv("TTA_LEGACY_PLAYER_EXPERIENCE_URL", url)
    async with running(make_app(settings)) as client:
        worlds = await client.get("/api/v1/worlds")
        health = await client.get("/healthz")
    assert worlds.json() == [{"id": "garden", "name": "Mindfulness garden", "level": 1}]
    assert worlds.headers["x-tta-implementation"] == "legacy"
    assert health.json() == {"status": "ok"}
    assert controls.requests == ["GET /api/v1/worlds"]


def test_invalid_flags_stop_the_app_factory(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TTA_FLAG_PLAYER_EXPERIENCE", "half")
    with pytest.raises(ValueError, match=r"valid values: new, legacy, shadow, canary:<0-100>"):
        make_app(settings)


async def test_the_admin_endpoint_needs_a_token(settings: Settings) -> None:
    async with running(make_app(settings)) as client:
        response = await client.get("/api/v1/admin/flags")
    assert response.status_code == 401
    assert isinstance(response, httpx.Response)
