"""The whole stack from compose.yaml on the real Docker engine, played through its api.

One compose project for the module (images built once by scripts/images.sh), up with two
agent workers; the tests run in file order and the last one takes it down.
"""

from __future__ import annotations

import json
import subprocess
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

Stack = Any  # conftest.ComposeStack: conftest modules are not importable


@pytest.fixture(scope="module")
def stack(new_stack: Callable[..., Stack]) -> Iterator[Stack]:
    project = new_stack()
    try:
        project.up(extra=("--scale", "agent-worker=2"))
        yield project
    finally:
        project.down()


@pytest.fixture(scope="module")
def played(stack: Stack) -> dict[str, Any]:
    """A player, a session and the turns the first test plays (later tests check them)."""
    return {}


def test_a_new_player_plays_over_http_and_the_websocket(
    stack: Stack,
    played: dict[str, Any],
    make_player: Callable[[str], Any],
    events_until: Callable[..., list[dict[str, Any]]],
) -> None:
    assert httpx.get(f"{stack.api_url}/healthz", timeout=10).status_code == 200
    player = make_player(stack.api_url)
    session_id = player.start_session()

    turn = player.play(session_id, "look around")
    assert turn["narrative"].strip()
    assert turn["safety"]["level"] == "safe"

    with player.socket() as ws:
        events_until(ws, "welcome")
        ws.send(json.dumps({"type": "input", "session_id": session_id, "text": "walk to the pond"}))
        events = events_until(ws, "turn_complete")
    kinds = [event["type"] for event in events]
    assert "narrative_complete" in kinds or "narrative_chunk" in kinds
    ids = [event["event_id"] for event in events if event.get("event_id") is not None]
    assert ids == sorted(ids)
    history = player.history(session_id)
    assert len(history) == 2
    played.update(
        player=player, session_id=session_id, turn_ids=[turn["turn_id"] for turn in history]
    )


def test_history_survives_an_api_restart(stack: Stack, played: dict[str, Any]) -> None:
    if not played:
        pytest.skip("needs the turns of test_a_new_player_plays_over_http_and_the_websocket")
    stack.run("restart", "api")
    stack.up("api")  # waits until the restarted api is healthy again
    history = played["player"].history(played["session_id"])
    assert [turn["turn_id"] for turn in history] == played["turn_ids"]
    assert all(turn["narrative"] for turn in history)


def test_history_survives_recreating_every_container(stack: Stack, played: dict[str, Any]) -> None:
    if not played:
        pytest.skip("needs the turns of test_a_new_player_plays_over_http_and_the_websocket")
    stack.run("down")  # containers and network go; the postgres-data volume stays
    stack.up(extra=("--scale", "agent-worker=2"))
    history = played["player"].history(played["session_id"])
    assert [turn["turn_id"] for turn in history] == played["turn_ids"]


def test_every_turn_completes_when_an_agent_worker_is_killed_mid_load(
    stack: Stack, make_player: Callable[[str], Any]
) -> None:
    workers = stack.container_ids("agent-worker")
    assert len(workers) == 2
    players = [make_player(stack.api_url) for _ in range(3)]
    sessions = [(player, player.start_session()) for player in players]
    moves = ["look around", "listen", "breathe slowly", "walk north", "rest", "look"] * 2

    first_done = threading.Event()

    def play_all(player_session: tuple[Any, str]) -> list[dict[str, Any]]:
        player, session_id = player_session
        turns = []
        for move in moves:
            turns.append(player.play(session_id, move))
            first_done.set()
        return turns

    with ThreadPoolExecutor(max_workers=len(sessions)) as pool:
        futures = [pool.submit(play_all, pair) for pair in sessions]
        # Kill a worker once turns are flowing, with most of them still to come.
        assert first_done.wait(timeout=120), "no turn completed within 120 s"
        subprocess.run(["docker", "kill", workers[0]], check=True, capture_output=True)
        results = [future.result(timeout=280) for future in futures]

    assert all(turn["narrative"].strip() for turns in results for turn in turns)
    for player, session_id in sessions:
        assert len(player.history(session_id)) == len(moves)


def test_down_v_leaves_nothing_of_the_project_behind(stack: Stack) -> None:
    stack.down()
    assert stack.leftovers() == {"containers": [], "networks": [], "volumes": []}
