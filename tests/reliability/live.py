"""A real TTA server in a subprocess (``tta serve`` on 127.0.0.1) and the steps players take.

The suite treats the server as a black box: it starts ``tta serve`` with its own data
directory and a free port, talks to it over HTTP and WebSocket, and can SIGKILL it and
start it again on the same data.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import IO

import httpx

__all__ = ["PASSWORD", "LiveServer", "free_port", "player_headers", "rss_kib", "start_session"]

PASSWORD = "Tide-pool-73-quiet"  # pragma: allowlist secret
TEST_SECRET = "reliability-only-signing-secret-0123456789abcdef"  # pragma: allowlist secret
START_TIMEOUT = 90.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rss_kib(pid: int) -> int:
    """Resident memory of a process, from /proc (KiB)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise LookupError(f"no VmRSS for pid {pid}")


class LiveServer:
    """``tta serve`` in a subprocess on its own data directory (SIGKILL-able, restartable)."""

    def __init__(self, data_dir: Path, **env: str) -> None:
        self.data_dir = data_dir
        self.port = free_port()
        self.env = {
            **os.environ,
            "TTA_ENV": "test",
            "TTA_DATA_DIR": str(data_dir),
            "TTA_JWT_SECRET": TEST_SECRET,
            "TTA_ARGON2_TIME_COST": "1",
            "TTA_ARGON2_MEMORY_KIB": "64",
            "TTA_ARGON2_PARALLELISM": "1",
            "TTA_RATE_LIMITS_ENABLED": "false",
            "TTA_SERVE_WEB": "false",
            "TTA_LOG_LEVEL": "WARNING",
            "TTA_LOG_JSON": "false",
            **env,
        }
        self.process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws/play"

    @property
    def log_path(self) -> Path:
        return self.data_dir / "server.log"

    def start(self) -> LiveServer:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("ab")
        command = [sys.executable, "-m", "tta_player.cli", "serve", "--port", str(self.port)]
        self.process = subprocess.Popen(
            command, env=self.env, stdout=self._log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited at start:\n{self.log_tail()}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise TimeoutError(f"server not healthy within {START_TIMEOUT} s:\n{self.log_tail()}")

    def kill(self) -> None:
        """SIGKILL: no shutdown hooks, no flush; what was committed must survive."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()
        if self._log:
            self._log.close()
            self._log = None

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def log_tail(self, lines: int = 60) -> str:
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def tracebacks(self) -> list[str]:
        """Every traceback the server logged (a 500 always leaves one)."""
        if not self.log_path.exists():
            return []
        text = self.log_path.read_text(errors="replace")
        return text.split("Traceback (most recent call last):")[1:]


def player_headers(client: httpx.Client, name: str | None = None) -> dict[str, str]:
    """Register a new player and sign in: its Authorization header."""
    username = name or f"p{uuid.uuid4().hex[:12]}"
    created = client.post(
        "/api/v1/auth/register",
        json={"username": username, "email": f"{username}@example.org", "password": PASSWORD},
    )
    assert created.status_code == 201, created.text
    login = client.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD})
    assert login.status_code == 200, login.text
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


def start_session(
    client: httpx.Client, headers: dict[str, str], world_id: str = "mindfulness_garden"
) -> str:
    character = client.post("/api/v1/characters", json={"name": "Wren"}, headers=headers)
    assert character.status_code == 201, character.text
    session = client.post(
        "/api/v1/sessions",
        json={"character_id": character.json()["id"], "world_id": world_id},
        headers=headers,
    )
    assert session.status_code == 201, session.text
    return str(session.json()["session_id"])
