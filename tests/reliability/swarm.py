"""Simulated players: they sign up, create a character, and play over HTTP or WebSocket.

Every turn the server acknowledges (a 200 with a ``turn_id``, or ``turn_complete`` on the
socket) goes into a ``Ledger``; ``missing_turns`` later checks each one is in its player's
history. Connection failures while a fault is injected are counted, never fatal.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

import httpx
from live import PASSWORD
from websockets.asyncio.client import connect
from websockets.exceptions import WebSocketException

__all__ = ["Ledger", "SwarmPlayer", "join", "missing_turns", "play_http", "play_ws"]

INPUTS = ("look", "go north", "take the stone", "breathe", "talk", "i feel calm", "go south")
PROBLEM = "application/problem+json"


@dataclass
class Ledger:
    acked: dict[str, set[str]] = field(default_factory=dict)
    statuses: Counter[int] = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)
    bad_429s: list[str] = field(default_factory=list)
    limited: int = 0
    limited_ws: int = 0  # turns refused over the socket (an error event instead of a turn)
    limited_again: int = 0  # 429s to a request sent after waiting the previous Retry-After
    retried_after_wait: int = 0
    connection_failures: int = 0
    latencies: list[float] = field(default_factory=list)

    def ack(self, session_id: str, turn_id: str) -> None:
        self.acked.setdefault(session_id, set()).add(turn_id)

    @property
    def turns(self) -> int:
        return sum(len(ids) for ids in self.acked.values())

    def record(self, response: httpx.Response) -> None:
        self.statuses[response.status_code] += 1
        if response.status_code >= 500 and response.status_code != 503:
            self.server_errors.append(f"{response.request.url.path}: {response.text[:300]}")


@dataclass
class SwarmPlayer:
    headers: dict[str, str]
    session_id: str

    @property
    def token(self) -> str:
        return self.headers["Authorization"].removeprefix("Bearer ")


async def join(client: httpx.AsyncClient, world_id: str = "mindfulness_garden") -> SwarmPlayer:
    username = f"s{uuid.uuid4().hex[:12]}"
    body = {"username": username, "email": f"{username}@example.org", "password": PASSWORD}
    created = await client.post("/api/v1/auth/register", json=body)
    assert created.status_code == 201, created.text
    login = await client.post(
        "/api/v1/auth/login", json={"username": username, "password": PASSWORD}
    )
    assert login.status_code == 200, login.text
    headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
    character = await client.post("/api/v1/characters", json={"name": "Wren"}, headers=headers)
    assert character.status_code == 201, character.text
    session = await client.post(
        "/api/v1/sessions",
        json={"character_id": character.json()["id"], "world_id": world_id},
        headers=headers,
    )
    assert session.status_code == 201, session.text
    return SwarmPlayer(headers, session.json()["session_id"])


async def play_http(
    client: httpx.AsyncClient,
    player: SwarmPlayer,
    ledger: Ledger,
    *,
    until: float,
    max_turns: int = 10_000,
    think: float = 0.0,
) -> None:
    """Play turns over REST until ``until`` (monotonic) or ``max_turns``, honouring 429s."""
    n = 0
    waited = False
    while time.monotonic() < until and n < max_turns:
        text = INPUTS[n % len(INPUTS)]
        started = time.perf_counter()
        try:
            response = await client.post(
                f"/api/v1/sessions/{player.session_id}/turns",
                json={"input": text},
                headers=player.headers,
            )
        except httpx.HTTPError:
            ledger.connection_failures += 1
            await asyncio.sleep(0.5)
            continue
        ledger.record(response)
        if waited and response.status_code == 429:
            ledger.limited_again += 1
        waited = False
        if response.status_code == 200:
            ledger.latencies.append(time.perf_counter() - started)
            ledger.ack(player.session_id, response.json()["turn_id"])
            n += 1
        elif response.status_code == 429:
            ledger.limited += 1
            wait = _retry_after(response, ledger)
            if time.monotonic() + wait > until:
                return
            await asyncio.sleep(wait)
            waited = True
            continue
        elif response.status_code == 503:
            assert response.headers["content-type"].startswith(PROBLEM), response.text
            await asyncio.sleep(0.5)
        if think:
            await asyncio.sleep(think)


def _retry_after(response: httpx.Response, ledger: Ledger) -> float:
    value = response.headers.get("retry-after", "")
    ok = value.isdigit() and int(value) >= 1
    ok = ok and response.headers["content-type"].startswith(PROBLEM)
    if not ok:
        ledger.bad_429s.append(f"{value!r} {response.headers.get('content-type')}")
        return 1.0
    ledger.retried_after_wait += 1
    return float(value)


async def play_ws(
    ws_url: str, player: SwarmPlayer, ledger: Ledger, *, until: float, max_turns: int = 10_000
) -> None:
    """Play over ``/ws/play``; reconnect after a drop; a turn counts once ``turn_complete``."""
    n = 0
    while time.monotonic() < until and n < max_turns:
        try:
            async with connect(f"{ws_url}?token={player.token}", open_timeout=30) as socket:
                await asyncio.wait_for(socket.recv(), 30)  # welcome
                while time.monotonic() < until and n < max_turns:
                    text = INPUTS[n % len(INPUTS)]
                    started = time.perf_counter()
                    message = {"type": "input", "session_id": player.session_id, "text": text}
                    await socket.send(json.dumps(message))
                    turn_id = await _turn_complete(socket)
                    if turn_id is None:
                        ledger.limited_ws += 1
                        await asyncio.sleep(2.0)
                        continue
                    ledger.latencies.append(time.perf_counter() - started)
                    ledger.ack(player.session_id, turn_id)
                    n += 1
        except (OSError, TimeoutError, WebSocketException):
            ledger.connection_failures += 1
            await asyncio.sleep(0.5)


async def _turn_complete(socket: object) -> str | None:
    while True:
        event = json.loads(await asyncio.wait_for(socket.recv(), 60))  # type: ignore[attr-defined]
        if event["type"] == "turn_complete":
            return str(event["turn_id"])
        if event["type"] == "error":
            return None  # rate limited or unavailable: nothing was acknowledged


async def missing_turns(
    client: httpx.AsyncClient, players: list[SwarmPlayer], ledger: Ledger
) -> list[str]:
    """Acknowledged turns absent from their player's history (should be none)."""
    missing: list[str] = []
    for player in players:
        seen: set[str] = set()
        cursor: str | None = None
        while True:
            params = {"limit": 100, **({"cursor": cursor} if cursor else {})}
            page = await client.get(
                f"/api/v1/sessions/{player.session_id}/turns", params=params, headers=player.headers
            )
            assert page.status_code == 200, page.text
            body = page.json()
            seen |= {turn["turn_id"] for turn in body["items"]}
            cursor = body.get("next_cursor")
            if not cursor:
                break
        missing += sorted(ledger.acked.get(player.session_id, set()) - seen)
    return missing
