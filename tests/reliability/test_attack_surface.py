"""What an outsider can reach on a real ``tta serve``: its log, proxy headers, production mode.

Each server is a subprocess on 127.0.0.1 with its own data directory, configured only
through ``TTA_*`` variables as an operator would.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from live import PASSWORD, LiveServer, free_port, player_headers
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

STRONG_SECRET = "Vq3x-9LmT_p2Rk7wZc4Nf8Hj1Bs6Yd0Ga5Ue"  # pragma: allowlist secret


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[list[LiveServer]]:
    """Servers a test starts (``servers.append(LiveServer(...).start())``), all stopped after."""
    started: list[LiveServer] = []
    yield started
    for server in started:
        server.stop()


def _register(client: httpx.Client, forwarded_for: str) -> int:
    name = f"p{uuid.uuid4().hex[:12]}"
    return client.post(
        "/api/v1/auth/register",
        json={"username": name, "email": f"{name}@example.org", "password": PASSWORD},
        headers={"X-Forwarded-For": forwarded_for},
    ).status_code


def test_no_token_reaches_the_server_log(servers: list[LiveServer], tmp_path: Path) -> None:
    server = LiveServer(tmp_path / "log", TTA_LOG_LEVEL="DEBUG", TTA_LOG_JSON="true").start()
    servers.append(server)
    with httpx.Client(base_url=server.url, timeout=30) as client:
        access = player_headers(client, "maple")["Authorization"].removeprefix("Bearer ")
        login = client.post("/api/v1/auth/login", json={"username": "maple", "password": PASSWORD})
        refresh = login.json()["refresh_token"]
    # The handshake uvicorn logs with its query string, a refresh token beside the access
    # token (as a careless client sends it), and a refused token too.
    with connect(f"{server.ws_url}?token={access}&refresh_token={refresh}") as socket:
        assert json.loads(socket.recv(timeout=30))["type"] == "welcome"
    refused = f"{server.ws_url}?access_token={access}&token=not.a.{refresh[-12:]}"
    with contextlib.suppress(ConnectionClosed), connect(refused) as socket:
        socket.recv(timeout=30)  # refused (1008): the handshake line is logged all the same
    with httpx.Client(base_url=server.url, timeout=30) as client:
        client.get(f"/api/v1/players/me?token={access}")
    server.stop()
    log = server.log_path.read_text()
    handshakes = [line for line in log.splitlines() if "WebSocket /ws/play" in line]
    assert handshakes, "the handshake lines are still logged, with the token redacted"
    for secret in (access, refresh, access.split(".")[2], refresh.split(".")[1], refresh[-12:]):
        assert secret not in log
    assert "token=[redacted]" in handshakes[0]


def test_forwarded_for_is_trusted_only_from_configured_proxies(
    servers: list[LiveServer], tmp_path: Path
) -> None:
    limits = {"TTA_RATE_LIMITS_ENABLED": "true", "TTA_REGISTER_RATE_LIMIT": "3/minute"}
    direct = LiveServer(tmp_path / "direct", **limits).start()
    servers.append(direct)
    with httpx.Client(base_url=direct.url, timeout=30) as client:
        rotating = [_register(client, f"203.0.113.{n}") for n in range(5)]
    assert rotating == [201, 201, 201, 429, 429], "a rotated header must not reset the limit"

    behind_proxy = LiveServer(
        tmp_path / "proxied", TTA_FORWARDED_ALLOW_IPS="127.0.0.1", **limits
    ).start()
    servers.append(behind_proxy)
    with httpx.Client(base_url=behind_proxy.url, timeout=30) as client:
        per_client = [_register(client, f"203.0.113.{n}") for n in range(5)]
        same_client = [_register(client, "198.51.100.7") for _ in range(4)]
    assert per_client == [201] * 5, "behind a trusted proxy each client has its own limit"
    assert same_client == [201, 201, 201, 429]


def test_metrics_can_be_served_on_their_own_port(servers: list[LiveServer], tmp_path: Path) -> None:
    port = free_port()
    server = LiveServer(tmp_path / "metrics", TTA_METRICS_PORT=str(port)).start()
    servers.append(server)
    assert httpx.get(f"{server.url}/metrics", timeout=30).status_code == 404
    scraped = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=30)
    assert scraped.status_code == 200
    assert "tta_player_http_requests_total" in scraped.text


def test_production_keeps_docs_and_metrics_private(
    servers: list[LiveServer], tmp_path: Path
) -> None:
    server = LiveServer(
        tmp_path / "prod",
        TTA_ENV="production",
        TTA_JWT_SECRET=STRONG_SECRET,
        TTA_METRICS_TOKEN="scrape-" + STRONG_SECRET,
    ).start()
    servers.append(server)
    with httpx.Client(base_url=server.url, timeout=30) as client:
        for path in ("/docs", "/redoc", "/openapi.json", "/docs/oauth2-redirect"):
            assert client.get(path).status_code == 404, path
        refused = client.get("/metrics")
        assert refused.status_code == 401
        assert refused.headers["content-type"] == "application/problem+json"
        assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
        scraped = client.get(
            "/metrics", headers={"Authorization": f"Bearer scrape-{STRONG_SECRET}"}
        )
        assert scraped.status_code == 200
        assert "tta_player_logins_total" in scraped.text
