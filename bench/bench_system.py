"""The whole system: turn latency against concurrency, 1 to 128 players.

A real ``tta serve`` subprocess (embedded defaults: SQLite, in-process agents, template
narrative; rate limits off) and, as the baseline, a hello-world FastAPI app served by the
same uvicorn in the same run. For each concurrency N in 1, 2, 4, ..., 128, N players each
play turns back to back for ``SECONDS``; the figure is the median over ``RUNS`` runs of the
p50 turn latency, beside the hello-world p50 at the same N. Writes the plot
``docs/benchmarks-latency.svg``. Loopback only; bounded (about three minutes).
"""

from __future__ import annotations

import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

from bench.report import Figure, line_chart_svg

BENCH = "system"
LEVELS = (1, 2, 4, 8, 16, 32, 64, 128)
SECONDS = 2.5
RUNS = 3
TARGET_MS = 2000.0
PLOT = Path(__file__).resolve().parent.parent / "docs" / "benchmarks-latency.svg"
PASSWORD = "Bench-pool-73-quiet"  # noqa: S105  # pragma: allowlist secret
HELLO_APP = """
import sys, uvicorn
from fastapi import FastAPI
app = FastAPI()
@app.post("/hello")
async def hello() -> dict[str, str]:
    return {"hello": "world"}
@app.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_config=None,
            access_log=False, server_header=False)
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start(command: list[str], env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{command[2:4]} exited at start")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise TimeoutError("server not ready")


class Player:
    def __init__(self, path: str, headers: dict[str, str], body: dict[str, str]) -> None:
        self.path, self.headers, self.body = path, headers, body


async def _join(client: httpx.AsyncClient) -> Player:
    name = f"b{uuid.uuid4().hex[:12]}"
    creds = {"username": name, "password": PASSWORD}
    created = await client.post(
        "/api/v1/auth/register", json={**creds, "email": f"{name}@example.org"}
    )
    created.raise_for_status()
    login = await client.post("/api/v1/auth/login", json=creds)
    login.raise_for_status()
    headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
    character = await client.post("/api/v1/characters", json={"name": "Wren"}, headers=headers)
    character.raise_for_status()
    session = await client.post(
        "/api/v1/sessions",
        json={"character_id": character.json()["id"], "world_id": "mindfulness_garden"},
        headers=headers,
    )
    session.raise_for_status()
    return Player(
        f"/api/v1/sessions/{session.json()['session_id']}/turns", headers, {"input": "look"}
    )


async def _players(url: str, count: int) -> list[Player]:
    async with httpx.AsyncClient(base_url=url, timeout=60) as client:
        gate = asyncio.Semaphore(8)

        async def one() -> Player:
            async with gate:
                return await _join(client)

        return list(await asyncio.gather(*(one() for _ in range(count))))


async def _latencies(url: str, players: list[Player], seconds: float) -> list[float]:
    """Each player sends its requests back to back for ``seconds``: every latency (s)."""
    latencies: list[float] = []
    limits = httpx.Limits(max_connections=len(players), max_keepalive_connections=len(players))
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as client:
        until = time.monotonic() + seconds

        async def play(player: Player) -> None:
            while time.monotonic() < until:
                started = time.perf_counter()
                response = await client.post(player.path, json=player.body, headers=player.headers)
                response.raise_for_status()
                latencies.append(time.perf_counter() - started)

        await asyncio.gather(*(play(p) for p in players))
    return latencies


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def measure() -> dict[str, dict[int, tuple[float, float, float]]]:
    """{"tta"|"hello": {N: (p50 ms, p95 ms, requests/s)}}, medians over RUNS runs."""
    results: dict[str, dict[int, tuple[float, float, float]]] = {"tta": {}, "hello": {}}
    with tempfile.TemporaryDirectory(prefix="tta-bench-system-") as data_dir:
        tta_port, hello_port = _free_port(), _free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("TTA_")}
        tta_env = {
            **env,
            "TTA_DATA_DIR": data_dir,
            "TTA_RATE_LIMITS_ENABLED": "false",
            "TTA_SERVE_WEB": "false",
            "TTA_ARGON2_MEMORY_KIB": "1024",
            "TTA_ARGON2_TIME_COST": "1",
            "TTA_LOG_LEVEL": "WARNING",
        }
        tta_cmd = [sys.executable, "-m", "tta_player.cli", "serve", "--port", str(tta_port)]
        hello_cmd = [sys.executable, "-c", HELLO_APP, str(hello_port)]
        tta = _start(tta_cmd, tta_env, tta_port)
        hello = _start(hello_cmd, env, hello_port)
        try:
            tta_url, hello_url = f"http://127.0.0.1:{tta_port}", f"http://127.0.0.1:{hello_port}"
            players = asyncio.run(_players(tta_url, max(LEVELS)))
            hello_players = [Player("/hello", {}, {}) for _ in range(max(LEVELS))]
            for level in LEVELS:
                for kind, url, group in (
                    ("tta", tta_url, players),
                    ("hello", hello_url, hello_players),
                ):
                    runs = [
                        asyncio.run(_latencies(url, group[:level], SECONDS)) for _ in range(RUNS)
                    ]
                    results[kind][level] = (
                        statistics.median(_p(r, 0.50) for r in runs) * 1000,
                        statistics.median(_p(r, 0.95) for r in runs) * 1000,
                        statistics.median(len(r) / SECONDS for r in runs),
                    )
                print(
                    f"   {level:>3} players: turn p50 {results['tta'][level][0]:.1f} ms", flush=True
                )
        finally:
            for process in (tta, hello):
                process.terminate()
                process.wait(timeout=30)
    return results


def run() -> list[Figure]:
    results = measure()
    tta, hello = results["tta"], results["hello"]
    PLOT.write_text(
        line_chart_svg(
            "TTA turn latency against concurrency (loopback, embedded defaults)",
            "concurrent players",
            "latency (ms)",
            {
                "turn p50": [(n, tta[n][0]) for n in LEVELS],
                "turn p95": [(n, tta[n][1]) for n in LEVELS],
                "hello-world p50 (baseline)": [(n, hello[n][0]) for n in LEVELS],
            },
        )
    )
    figures = []
    for n in LEVELS:
        p50 = tta[n][0]
        figures.append(
            Figure(
                BENCH,
                f"turn p50 latency, {n} players",
                p50,
                "ms",
                hello[n][0],
                "hello-world p50, same N",
                f"value <= {TARGET_MS:g} ms",
                p50 <= TARGET_MS,
            )
        )
    top = max(LEVELS)
    figures.append(
        Figure(
            BENCH,
            f"turn p95 latency, {top} players",
            tta[top][1],
            "ms",
            hello[top][1],
            "hello-world p95, same N",
            f"value <= {2 * TARGET_MS:g} ms",
            tta[top][1] <= 2 * TARGET_MS,
        )
    )
    best = max(tta[n][2] for n in LEVELS)
    figures.append(
        Figure(
            BENCH,
            "turns per second, best N",
            best,
            "turns/s",
            max(hello[n][2] for n in LEVELS),
            "hello-world requests/s, best N",
            "value >= 50 turns/s",
            best >= 50,
        )
    )
    return figures
