"""tta_player: POST /turns at 32 concurrent players against a hello-world FastAPI endpoint
served by the same uvicorn settings in the same run; and server start-to-ready time.

Both servers run as subprocesses on 127.0.0.1 (one uvicorn process each, like `tta serve`);
the load generator is a small keep-alive HTTP/1.1 client on raw asyncio streams, so the
client's own cost stays small and equal for both. Medians of repeated runs.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench.report import Figure

PLAYERS = 32
SECONDS = 3.0
RUNS = 3
BENCH = "player"
Target = tuple[str, str, dict[str, object] | None, str]
PASSWORD = "Bench-pool-73-quiet"  # noqa: S105  # pragma: allowlist secret

HELLO_APP = """
import sys, uvicorn
from fastapi import FastAPI
app = FastAPI()
@app.post("/hello")
async def hello() -> dict[str, str]:
    return {"hello": "world"}
@app.get("/readyz")
async def ready() -> dict[str, str]:
    return {"status": "ready"}
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_config=None,
            access_log=False, server_header=False)
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tta_env(data_dir: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TTA_")}
    env.update(
        TTA_DATA_DIR=data_dir,
        TTA_RATE_LIMITS_ENABLED="false",
        TTA_ARGON2_MEMORY_KIB="1024",
        TTA_ARGON2_TIME_COST="1",
        TTA_LOG_LEVEL="WARNING",
    )
    return env


def _start(kind: str, port: int, data_dir: str) -> subprocess.Popen[bytes]:
    if kind == "tta":
        command = [sys.executable, "-m", "tta_player.cli", "serve", "--port", str(port)]
        env = _tta_env(data_dir)
    else:
        command = [sys.executable, "-c", HELLO_APP, str(port)]
        env = dict(os.environ)
    return subprocess.Popen(
        command, env=env, cwd=data_dir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def _wait_ready(port: int, timeout: float = 120.0) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                sock.sendall(b"GET /readyz HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n")
                if sock.recv(64).startswith(b"HTTP/1.1 200"):
                    return time.perf_counter() - start
        except OSError:
            pass
        time.sleep(0.01)
    raise RuntimeError(f"server on port {port} never became ready")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


class _Connection:
    """One keep-alive HTTP/1.1 connection; ``request`` returns (status, body)."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, port: int) -> _Connection:
        return cls(*await asyncio.open_connection("127.0.0.1", port))

    async def request(
        self, method: str, path: str, body: dict[str, object] | None = None, token: str = ""
    ) -> tuple[int, bytes]:
        payload = json.dumps(body).encode() if body is not None else b""
        head = f"{method} {path} HTTP/1.1\r\nHost: bench\r\nContent-Length: {len(payload)}\r\n"
        if body is not None:
            head += "Content-Type: application/json\r\n"
        if token:
            head += f"Authorization: Bearer {token}\r\n"
        self.writer.write(head.encode() + b"\r\n" + payload)
        headers = await self.reader.readuntil(b"\r\n\r\n")
        status = int(headers[9:12])
        length = 0
        for line in headers.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":", 1)[1])
        return status, await self.reader.readexactly(length)

    def close(self) -> None:
        self.writer.close()


async def _prepare_player(port: int, n: int) -> tuple[str, str]:
    conn = await _Connection.open(port)
    try:
        name = f"bench{n}"
        await conn.request(
            "POST",
            "/api/v1/auth/register",
            {"username": name, "email": f"{name}@example.org", "password": PASSWORD},
        )
        _, body = await conn.request(
            "POST", "/api/v1/auth/login", {"username": name, "password": PASSWORD}
        )
        token = json.loads(body)["access_token"]
        _, body = await conn.request("POST", "/api/v1/characters", {"name": "Wren"}, token)
        character = json.loads(body)["id"]
        _, body = await conn.request(
            "POST",
            "/api/v1/sessions",
            {"character_id": character, "world_id": "mindfulness_garden"},
            token,
        )
        return token, json.loads(body)["session_id"]
    finally:
        conn.close()


async def _load(port: int, targets: Sequence[Target]) -> tuple[float, float, float, int]:
    """Each target (method, path, body, token) is one concurrent client for SECONDS."""
    latencies: list[float] = []
    errors = 0
    stop_at = time.perf_counter() + SECONDS

    async def client(method: str, path: str, body: dict[str, object] | None, token: str) -> None:
        nonlocal errors
        conn = await _Connection.open(port)
        try:
            while time.perf_counter() < stop_at:
                started = time.perf_counter()
                status, _ = await conn.request(method, path, body, token)
                latencies.append(time.perf_counter() - started)
                if status != 200:
                    errors += 1
        finally:
            conn.close()

    started = time.perf_counter()
    await asyncio.gather(*(client(*t) for t in targets))
    elapsed = time.perf_counter() - started
    latencies.sort()
    return (
        len(latencies) / elapsed,
        latencies[len(latencies) // 2] * 1000,
        latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        errors,
    )


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory() as data_dir:
        tta_port, hello_port = _free_port(), _free_port()
        tta, hello = _start("tta", tta_port, data_dir), _start("hello", hello_port, data_dir)
        try:
            _wait_ready(tta_port)
            _wait_ready(hello_port)
            players = asyncio.run(_gather_players(tta_port))
            turn_targets: list[Target] = [
                ("POST", f"/api/v1/sessions/{session}/turns", {"input": "look around"}, token)
                for token, session in players
            ]
            hello_targets: list[Target] = [("POST", "/hello", None, "")] * PLAYERS
            turns, hellos = [], []
            for _ in range(RUNS):
                hellos.append(asyncio.run(_load(hello_port, hello_targets)))
                turns.append(asyncio.run(_load(tta_port, turn_targets)))
        finally:
            _stop(tta)
            _stop(hello)
        starts, hello_starts = [], []
        for n in range(RUNS):
            fresh = Path(data_dir) / f"start{n}"
            fresh.mkdir()
            for kind, into in (("tta", starts), ("hello", hello_starts)):
                port = _free_port()
                process = _start(kind, port, str(fresh))
                try:
                    into.append(_wait_ready(port))
                finally:
                    _stop(process)

    def med(rows: list[tuple[float, float, float, int]], i: int) -> float:
        return statistics.median(row[i] for row in rows)

    errors = sum(row[3] for row in turns)
    rps, hello_rps = med(turns, 0), med(hellos, 0)
    p99 = med(turns, 2)
    start, hello_start = statistics.median(starts), statistics.median(hello_starts)
    note = f" ({errors} non-200)" if errors else ""
    return [
        Figure(
            BENCH,
            f"POST /turns throughput, {PLAYERS} players{note}",
            rps,
            "req/s",
            hello_rps,
            "hello-world FastAPI, same uvicorn settings",
            "ratio >= 0.5",
            rps / hello_rps >= 0.5,
        ),
        Figure(
            BENCH, "POST /turns p50 latency", med(turns, 1), "ms", med(hellos, 1), "hello-world p50"
        ),
        Figure(
            BENCH,
            "POST /turns p99 latency",
            p99,
            "ms",
            med(hellos, 2),
            "hello-world p99",
            "value < 50 ms",
            p99 < 50,
        ),
        Figure(
            BENCH,
            "server start to ready (tta serve, fresh data dir)",
            start,
            "s",
            hello_start,
            "hello-world uvicorn start",
            "value < 1.5 s",
            start < 1.5,
        ),
    ]


async def _gather_players(port: int) -> list[tuple[str, str]]:
    return [await _prepare_player(port, n) for n in range(PLAYERS)]
