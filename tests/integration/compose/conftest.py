"""Fixtures for the compose tests: the built images and one throw-away compose project each.

Every project gets a unique name (``tta-it-<hex>``) and host ports chosen free at run time,
so runs never collide with each other or with anything else on the machine; teardown runs
``down -v`` so no container, network or volume is left behind.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.sync.client import ClientConnection, connect

ROOT = Path(__file__).resolve().parents[3]
COMPOSE_FILE = ROOT / "compose.yaml"
IMAGES_SCRIPT = ROOT / "scripts" / "images.sh"
LOCAL_IMAGES_ENV = ROOT / "deploy" / "local-images.env"
IN_CI = os.environ.get("CI", "").lower() == "true"
WAIT_TIMEOUT = 240


def unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"required service unavailable in CI: {reason}", pytrace=False)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def read_env_file(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    if path.exists():
        for raw in path.read_text().splitlines():
            line = raw.strip()
            if line and not line.startswith("#") and "=" in line:
                key, value = line.split("=", 1)
                values[key.strip()] = value.strip()
    return values


def image_exists(name: str) -> bool:
    result = subprocess.run(
        ["docker", "image", "inspect", name], capture_output=True, check=False, timeout=30
    )
    return result.returncode == 0


class ComposeStack:
    """One compose project on the root compose.yaml (plus optional override files)."""

    def __init__(self, env: dict[str, str], *overrides: Path) -> None:
        self.name = f"tta-it-{uuid.uuid4().hex[:10]}"
        self.api_port = free_port()
        self.prometheus_port = free_port()
        self.grafana_port = free_port()
        self.files = [COMPOSE_FILE, *overrides]
        self.env = {
            **env,
            "TTA_API_PORT": str(self.api_port),
            "TTA_PROMETHEUS_PORT": str(self.prometheus_port),
            "TTA_GRAFANA_PORT": str(self.grafana_port),
        }

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    def command(self, *args: str) -> list[str]:
        files = [arg for path in self.files for arg in ("-f", str(path))]
        return ["docker", "compose", "--project-directory", str(ROOT), "-p", self.name, *files]

    def run(
        self, *args: str, check: bool = True, timeout: float = 300
    ) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [*self.command(), *args],
            capture_output=True,
            text=True,
            env=self.env,
            timeout=timeout,
            check=False,
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"docker compose {' '.join(args)} exited {result.returncode}:\n"
                f"{result.stderr[-3000:]}\n--- logs ---\n{self.logs()}"
            )
        return result

    def up(self, *services: str, profiles: tuple[str, ...] = (), extra: tuple[str, ...] = ()):
        flags = [arg for profile in profiles for arg in ("--profile", profile)]
        return self.run(
            *flags,
            "up",
            "-d",
            "--wait",
            "--wait-timeout",
            str(WAIT_TIMEOUT),
            *extra,
            *services,
            timeout=WAIT_TIMEOUT + 60,
        )

    def logs(self, tail: int = 40) -> str:
        result = subprocess.run(
            [*self.command(), "--profile", "monitoring", "logs", "--no-color", "--tail", str(tail)],
            capture_output=True,
            text=True,
            env=self.env,
            timeout=60,
            check=False,
        )
        return result.stdout[-6000:]

    def has_image(self, variable: str, default: str) -> bool:
        return image_exists(self.env.get(variable) or default)

    def container_ids(self, service: str) -> list[str]:
        result = self.run("ps", "-q", service)
        return result.stdout.split()

    def published_port(self, service: str, port: int, index: int = 1) -> int:
        result = self.run("port", "--index", str(index), service, str(port))
        return int(result.stdout.strip().rsplit(":", 1)[1])

    def down(self) -> None:
        self.run(
            "--profile", "monitoring", "down", "-v", "--remove-orphans", "-t", "5", check=False
        )

    def leftovers(self) -> dict[str, list[str]]:
        """Containers, networks and volumes still labelled with this project's name."""
        label = f"label=com.docker.compose.project={self.name}"
        found: dict[str, list[str]] = {}
        for kind, args in (
            ("containers", ["ps", "-a", "-q", "--filter", label]),
            ("networks", ["network", "ls", "-q", "--filter", label]),
            ("volumes", ["volume", "ls", "-q", "--filter", label]),
        ):
            out = subprocess.run(
                ["docker", *args], capture_output=True, text=True, timeout=30, check=True
            ).stdout
            found[kind] = out.split()
        return found


@pytest.fixture(scope="session")
def compose_env(docker_client: object) -> dict[str, str]:
    """The environment compose runs with: the built images (scripts/images.sh, idempotent)."""
    if shutil.which("docker") is None:
        unavailable("docker CLI not installed; run `make services`")
    version = subprocess.run(
        ["docker", "compose", "version"], capture_output=True, check=False, timeout=30
    )
    if version.returncode != 0:
        unavailable("docker compose v2 missing; run `make services`")
    built = subprocess.run(
        ["bash", str(IMAGES_SCRIPT)], capture_output=True, text=True, timeout=1200, check=False
    )
    if built.returncode != 0:
        pytest.fail(f"scripts/images.sh failed:\n{built.stdout}\n{built.stderr}", pytrace=False)
    env = {**os.environ, **read_env_file(LOCAL_IMAGES_ENV)}
    env.setdefault("TTA_IMAGE", "tta:local")
    return env


@pytest.fixture(scope="session")
def new_stack(compose_env: dict[str, str]) -> Callable[..., ComposeStack]:
    """``new_stack(*override_files)``: a compose project, not started (call ``down()``)."""
    return lambda *overrides: ComposeStack(compose_env, *overrides)


class Player:
    """A registered player talking to one api over HTTP (and, on demand, the WebSocket)."""

    PASSWORD = "Quiet-Garden-Path-2026!"  # pragma: allowlist secret

    def __init__(self, base_url: str, name: str | None = None) -> None:
        self.base_url = base_url
        self.username = name or f"p{uuid.uuid4().hex[:12]}"
        self.token = ""

    def client(self, base_url: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return httpx.Client(base_url=base_url or self.base_url, headers=headers, timeout=90)

    def register_and_login(self) -> Player:
        with self.client() as http:
            created = http.post(
                "/api/v1/auth/register",
                json={
                    "username": self.username,
                    "email": f"{self.username}@example.org",
                    "password": self.PASSWORD,
                },
            )
            assert created.status_code == 201, created.text
            login = http.post(
                "/api/v1/auth/login", json={"username": self.username, "password": self.PASSWORD}
            )
            assert login.status_code == 200, login.text
        self.token = login.json()["access_token"]
        return self

    def start_session(self) -> str:
        with self.client() as http:
            character = http.post("/api/v1/characters", json={"name": "Wren"})
            assert character.status_code == 201, character.text
            worlds = http.get("/api/v1/worlds")
            assert worlds.status_code == 200, worlds.text
            listed = worlds.json()
            world_id = (listed["items"] if isinstance(listed, dict) else listed)[0]["id"]
            session = http.post(
                "/api/v1/sessions",
                json={"character_id": character.json()["id"], "world_id": world_id},
            )
            assert session.status_code == 201, session.text
        return session.json()["session_id"]

    def play(self, session_id: str, text: str, base_url: str | None = None) -> dict[str, Any]:
        with self.client(base_url) as http:
            turn = http.post(f"/api/v1/sessions/{session_id}/turns", json={"input": text})
        assert turn.status_code in (200, 201), turn.text
        return turn.json()

    def history(self, session_id: str) -> list[dict[str, Any]]:
        with self.client() as http:
            page = http.get(f"/api/v1/sessions/{session_id}/turns")
        assert page.status_code == 200, page.text
        return page.json()["items"]

    def socket(self, base_url: str | None = None) -> ClientConnection:
        url = (base_url or self.base_url).replace("http://", "ws://", 1)
        return connect(f"{url}/ws/play?token={self.token}", open_timeout=30, close_timeout=5)


def receive_until(ws: ClientConnection, wanted: str, timeout: float = 90) -> list[dict[str, Any]]:
    """Every event up to and including the first of type ``wanted``."""
    events: list[dict[str, Any]] = []
    while True:
        event = json.loads(ws.recv(timeout=timeout))
        events.append(event)
        if event.get("type") == wanted:
            return events
        if event.get("type") == "error" and event.get("event_id") is not None:
            raise AssertionError(f"error event while waiting for {wanted}: {event}")


@pytest.fixture
def make_player() -> Callable[[str], Player]:
    """``make_player(api_url)``: a new player registered and signed in on that api."""
    return lambda base_url: Player(base_url).register_and_login()


@pytest.fixture
def events_until() -> Callable[..., list[dict[str, Any]]]:
    """``events_until(ws, "turn_complete")``: the events a socket receives up to that type."""
    return receive_until
