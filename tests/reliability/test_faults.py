"""Faults injected into a running system, each a test.

- the server SIGKILLed mid-load and restarted: every acknowledged turn is still there and
  SQLite passes ``PRAGMA integrity_check``;
- Redis (our own ``redis-server`` on a free port) killed and restarted during load in
  scale-out mode: requests succeed or fail fast with a 503 problem, the service recovers by
  itself, no acknowledged turn is lost;
- the Docker daemon unreachable under ``tta-docker status``: exit 1 and a one-line reason.

The LLM endpoint's faults (slow, failing, garbage, breaker) are covered where the LLM client
lives: packages/tta-agents/tests/unit/adapters/test_llm.py.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from live import LiveServer, free_port
from swarm import Ledger, SwarmPlayer, join, missing_turns, play_http, play_ws

TIMEOUT = httpx.Timeout(30.0)


async def _players(
    server: LiveServer, http: int, ws: int
) -> tuple[list[SwarmPlayer], list[SwarmPlayer]]:
    async with httpx.AsyncClient(base_url=server.url, timeout=TIMEOUT) as client:
        players = [await join(client) for _ in range(http + ws)]
    return players[:http], players[http:]


async def _load_with_fault(
    server: LiveServer,
    http_players: list[SwarmPlayer],
    ws_players: list[SwarmPlayer],
    ledger: Ledger,
    *,
    seconds: float,
    fault: object,
) -> None:
    until = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=64)
    async with httpx.AsyncClient(base_url=server.url, timeout=TIMEOUT, limits=limits) as client:
        tasks = [play_http(client, p, ledger, until=until, think=0.05) for p in http_players]
        tasks += [play_ws(server.ws_url, p, ledger, until=until) for p in ws_players]
        await asyncio.gather(*tasks, fault)  # type: ignore[arg-type]


async def _play_for(
    server: LiveServer, players: list[SwarmPlayer], ledger: Ledger, *, seconds: float
) -> None:
    until = time.monotonic() + seconds
    async with httpx.AsyncClient(base_url=server.url, timeout=TIMEOUT) as client:
        await asyncio.gather(*(play_http(client, p, ledger, until=until) for p in players))


def _integrity(database: Path) -> str:
    connection = sqlite3.connect(database)
    try:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        connection.close()


async def _verify(server: LiveServer, players: list[SwarmPlayer], ledger: Ledger) -> list[str]:
    async with httpx.AsyncClient(base_url=server.url, timeout=TIMEOUT) as client:
        return await missing_turns(client, players, ledger)


def test_a_sigkilled_server_restarts_with_every_acknowledged_turn(tmp_path: Path) -> None:
    server = LiveServer(tmp_path / "data").start()
    try:
        http_players, ws_players = asyncio.run(_players(server, http=6, ws=2))
        ledger = Ledger()
        kills: list[int] = []

        async def kill_and_restart() -> None:
            for _ in range(2):
                await asyncio.sleep(5)
                before = ledger.turns
                await asyncio.to_thread(server.kill)
                kills.append(before)
                await asyncio.sleep(1)
                await asyncio.to_thread(server.start)

        asyncio.run(
            _load_with_fault(
                server, http_players, ws_players, ledger, seconds=24, fault=kill_and_restart()
            )
        )
        assert len(kills) == 2
        # How much of the window the two restarts leave is up to the machine's load, so
        # recovery is shown by a play phase of its own after them.
        after_restarts = ledger.turns
        asyncio.run(_play_for(server, http_players, ledger, seconds=6))
        assert ledger.turns > after_restarts, "players keep playing after the restarts"
        assert ledger.server_errors == []
        players = http_players + ws_players
        assert asyncio.run(_verify(server, players, ledger)) == []
        server.stop()
        assert _integrity(tmp_path / "data" / "tta.db") == "ok"
    finally:
        server.stop()


class RedisServer:
    """Our own throwaway ``redis-server`` (never the shared one), killable and restartable."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        assert binary
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), 1):
                    return
            except OSError:
                time.sleep(0.1)
        raise TimeoutError("redis-server did not start")

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[RedisServer]:
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed; run `make services`")
    redis = RedisServer(tmp_path)
    redis.start()
    yield redis
    redis.kill()


def test_redis_killed_and_restarted_during_load(tmp_path: Path, own_redis: RedisServer) -> None:
    server = LiveServer(
        tmp_path / "data",
        TTA_REDIS_URL=own_redis.url,
        TTA_RATE_LIMITS_ENABLED="true",
        TTA_REGISTER_RATE_LIMIT="1000/minute",
        TTA_LOGIN_RATE_LIMIT="1000/minute",
        TTA_LOGIN_USERNAME_RATE_LIMIT="1000/hour",
        TTA_TURN_RATE_LIMIT="1000/minute",
    ).start()
    try:
        http_players, ws_players = asyncio.run(_players(server, http=6, ws=2))
        ledger = Ledger()
        readiness: list[int] = []
        recovered: list[float] = []

        async def kill_and_restart_redis() -> None:
            await asyncio.sleep(5)
            await asyncio.to_thread(own_redis.kill)
            async with httpx.AsyncClient(base_url=server.url, timeout=TIMEOUT) as client:
                await asyncio.sleep(2)
                readiness.append((await client.get("/readyz")).status_code)
                await asyncio.sleep(3)
                await asyncio.to_thread(own_redis.start)
                restarted = time.monotonic()
                while time.monotonic() - restarted < 60:
                    if (await client.get("/readyz")).status_code == 200:
                        recovered.append(time.monotonic() - restarted)
                        break
                    await asyncio.sleep(0.5)

        before = time.monotonic()
        asyncio.run(
            _load_with_fault(
                server, http_players, ws_players, ledger, seconds=30, fault=kill_and_restart_redis()
            )
        )
        assert time.monotonic() - before < 120
        assert readiness == [503], "readiness goes red while Redis is down"
        assert recovered, "readiness green again after Redis came back"
        assert ledger.server_errors == [], ledger.server_errors[:3]
        assert set(ledger.statuses) <= {200, 429, 503}, ledger.statuses
        after = ledger.turns
        asyncio.run(
            _load_with_fault(server, http_players, [], ledger, seconds=5, fault=asyncio.sleep(0))
        )
        assert ledger.turns > after, "turns succeed again once Redis is back"
        assert asyncio.run(_verify(server, http_players + ws_players, ledger)) == []
        assert server.alive()
    finally:
        server.stop()


def test_tta_docker_status_without_a_daemon_is_a_one_line_error(tmp_path: Path) -> None:
    compose = tmp_path / "compose.yaml"
    compose.write_text("services:\n  web:\n    image: tta-test/busybox:latest\n")
    env = {**os.environ, "DOCKER_HOST": f"tcp://127.0.0.1:{free_port()}"}
    binary = Path(sys.executable).with_name("tta-docker")
    result = subprocess.run(
        [str(binary), "-f", str(compose), "-p", "tta-rel-nodaemon", "status"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1, (result.stdout, result.stderr)
    message = result.stderr.strip()
    assert message, "a reason on stderr"
    assert "Traceback" not in result.stderr
    assert len(message.splitlines()) == 1, message
    assert "docker" in message.lower(), message
