"""A fuzz of the ``/ws/play`` protocol: malformed JSON, wrong types, huge frames, floods.

The server must answer bad messages with ``error`` events (or close only the offending
connection with the documented code), never crash, and a well-behaved connection beside it
must keep playing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from live import LiveServer, player_headers, start_session
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

TIMEOUT = 60.0


class Player:
    def __init__(self, server: LiveServer) -> None:
        with httpx.Client(base_url=server.url, timeout=TIMEOUT) as client:
            self.headers = player_headers(client)
            self.session_id = start_session(client, self.headers)
        self.token = self.headers["Authorization"].removeprefix("Bearer ")
        self.server = server

    def connect(self) -> ClientConnection:
        socket = connect(
            f"{self.server.ws_url}?token={self.token}",
            open_timeout=TIMEOUT,
            max_size=None,
        )
        welcome = receive(socket)
        assert welcome["type"] == "welcome", welcome
        return socket

    def play(self, socket: ClientConnection, text: str = "look") -> dict[str, Any]:
        socket.send(json.dumps({"type": "input", "session_id": self.session_id, "text": text}))
        while True:
            event = receive(socket)
            assert event["type"] != "error", event
            if event["type"] == "turn_complete":
                return event


def receive(socket: ClientConnection) -> dict[str, Any]:
    return json.loads(socket.recv(timeout=TIMEOUT))


def drain(socket: ClientConnection) -> None:
    while True:
        receive(socket)


def errors_until_pong(socket: ClientConnection) -> list[str]:
    """Send a ping and collect the error codes that arrive before its pong."""
    socket.send(json.dumps({"type": "ping"}))
    codes = []
    while True:
        event = receive(socket)
        if event["type"] == "pong":
            return codes
        if event["type"] == "error":
            codes.append(event["code"])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = LiveServer(tmp_path_factory.mktemp("ws-fuzz")).start()
    yield live
    live.stop()


@pytest.fixture(scope="module")
def bystander(server: LiveServer) -> Iterator[tuple[Player, ClientConnection]]:
    """A well-behaved player whose connection stays open through every fuzz test."""
    player = Player(server)
    socket = player.connect()
    yield player, socket
    socket.close()


MALFORMED = [
    "",
    "{",
    "not json",
    "[]",
    "null",
    "42",
    '"input"',
    "{}",
    '{"type": 7}',
    '{"type": null}',
    '{"type": []}',
    '{"type": {"input": 1}}',
    '{"type": "nonsense"}',
    '{"type": "input"}',
    '{"type": "input", "session_id": 5, "text": "look"}',
    '{"type": "input", "session_id": "x", "text": ["look"]}',
    '{"type": "input", "session_id": "", "text": "look"}',
    '{"type": "resume", "session_id": "x", "last_event_id": "ten"}',
    '{"type": "resume", "session_id": "x", "last_event_id": -1}',
    '{"type": "subscribe", "session_id": {"$ne": null}}',
    '{"type": "auth", "token": "again"}',
    '{"type": "ping", "extra": "' + "x" * 1000 + '"}',
    "[" * 5000 + "]" * 5000,
    '{"type": "input", "session_id": "x", "text": "\\ud800"}',
    "\x00\x01\x02",
]


def test_malformed_messages_get_errors_and_the_connection_stays_open(
    server: LiveServer, bystander: tuple[Player, ClientConnection]
) -> None:
    player = Player(server)
    socket = player.connect()
    for message in MALFORMED:
        socket.send(message)
        codes = errors_until_pong(socket)
        assert len(codes) == 1, (message[:80], codes)
    socket.send(b"\x00binary\xff")
    assert errors_until_pong(socket) == ["binary_unsupported"]
    assert player.play(socket)["type"] == "turn_complete"
    socket.close()
    watcher, watching = bystander
    assert watcher.play(watching)["type"] == "turn_complete"


def test_another_players_session_is_forbidden(
    server: LiveServer, bystander: tuple[Player, ClientConnection]
) -> None:
    intruder = Player(server)
    socket = intruder.connect()
    victim, _ = bystander
    for message in (
        {"type": "input", "session_id": victim.session_id, "text": "look"},
        {"type": "subscribe", "session_id": victim.session_id},
        {"type": "resume", "session_id": victim.session_id, "last_event_id": 0},
    ):
        socket.send(json.dumps(message))
        assert errors_until_pong(socket) == ["forbidden"]
    socket.close()


def test_a_huge_frame_closes_only_that_connection_with_1009(
    server: LiveServer, bystander: tuple[Player, ClientConnection]
) -> None:
    player = Player(server)
    socket = player.connect()
    socket.send(
        json.dumps({"type": "input", "session_id": player.session_id, "text": "x" * 200_000})
    )
    with pytest.raises(ConnectionClosed) as closed:
        drain(socket)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 1009
    watcher, watching = bystander
    assert watcher.play(watching)["type"] == "turn_complete"


def test_a_flood_neither_crashes_the_server_nor_stalls_others(
    server: LiveServer, bystander: tuple[Player, ClientConnection]
) -> None:
    player = Player(server)
    socket = player.connect()
    for n in range(2000):
        socket.send('{"type": "ping"}' if n % 2 else "{bad json")
    for _ in range(30):  # a burst of turns, more than a player could type
        socket.send(json.dumps({"type": "input", "session_id": player.session_id, "text": "look"}))
    watcher, watching = bystander
    assert watcher.play(watching)["type"] == "turn_complete"
    socket.close()
    assert server.alive()
    with httpx.Client(base_url=server.url, timeout=TIMEOUT) as client:
        assert client.get("/healthz").status_code == 200


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=50),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(
                st.sampled_from(["type", "session_id", "text", "last_event_id", "token", "x"]),
                children,
                max_size=5,
            )
        ),
        max_leaves=12,
    )
)
def test_any_json_value_is_answered_and_never_kills_the_connection(
    fuzz_socket: ClientConnection, value: object
) -> None:
    fuzz_socket.send(json.dumps(value))
    codes = errors_until_pong(fuzz_socket)
    assert len(codes) <= 1


@pytest.fixture(scope="module")
def fuzz_socket(server: LiveServer) -> Iterator[ClientConnection]:
    socket = Player(server).connect()
    yield socket
    socket.close()


def test_the_server_logged_no_crash(server: LiveServer) -> None:
    assert server.alive()
    assert server.tracebacks() == [], server.tracebacks()[:2]
