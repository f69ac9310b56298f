"""Two api containers sharing Redis and PostgreSQL: real-time events cross between them."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

OVERRIDE = Path(__file__).with_name("compose.two-apis.yaml")
Stack = Any  # conftest.ComposeStack


@pytest.fixture(scope="module")
def two_apis(new_stack: Callable[..., Stack]) -> Iterator[tuple[str, str]]:
    project = new_stack(OVERRIDE)
    try:
        project.up(extra=("--scale", "api=1", "--scale", "agent-worker=1"))
        project.up(extra=("--scale", "api=2", "--scale", "agent-worker=1"))
        ports = {project.published_port("api", 8080, index) for index in (1, 2)}
        assert len(ports) == 2, f"both api containers answer on one host port: {ports}"
        first, second = sorted(ports)
        yield f"http://127.0.0.1:{first}", f"http://127.0.0.1:{second}"
    finally:
        project.down()


def test_a_socket_on_one_api_receives_a_turn_played_through_the_other(
    two_apis: tuple[str, str],
    make_player: Callable[[str], Any],
    events_until: Callable[..., list[dict[str, Any]]],
) -> None:
    first, second = two_apis
    player = make_player(first)
    session_id = player.start_session()

    with player.socket(second) as ws:
        events_until(ws, "welcome")
        ws.send(json.dumps({"type": "subscribe", "session_id": session_id}))
        events_until(ws, "subscribed")
        turn = player.play(session_id, "look around", base_url=first)
        events = events_until(ws, "turn_complete")

    assert {event["session_id"] for event in events} == {session_id}
    narrative = "".join(
        event.get("text", "") for event in events if event["type"] == "narrative_complete"
    ) or "".join(event.get("text", "") for event in events if event["type"] == "narrative_chunk")
    assert narrative.strip() == turn["narrative"].strip()
