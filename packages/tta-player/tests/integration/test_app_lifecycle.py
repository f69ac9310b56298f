"""The app as an operator meets it: `tta serve`, migrations, production settings, failures."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from ..conftest import make_settings, running

PASSWORD = "Tide-pool-73"  # pragma: allowlist secret
STRONG = "k3J9-x8Qw_2mZr7Tq5Lp0Vn4Hs6Yb1Cd"  # pragma: allowlist secret


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def database_url() -> None:
    return None


def test_tta_serve_starts_from_nothing_with_embedded_defaults(tmp_path: Path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TTA_")}
    env["TTA_ARGON2_MEMORY_KIB"] = "64"
    process = subprocess.Popen(
        [sys.executable, "-m", "tta_player.cli", "serve", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        ready = None
        while time.monotonic() < deadline and ready is None:
            try:
                ready = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2)
            except httpx.TransportError:
                time.sleep(0.1)
        assert ready is not None, "tta serve never answered"
        assert ready.status_code == 200
        assert (tmp_path / ".data" / "tta.db").exists()
        assert (tmp_path / ".data" / "jwt-secret").exists()
        page = httpx.get(f"http://127.0.0.1:{port}/", timeout=5)
        assert page.status_code == 200
        assert "text/html" in page.headers["content-type"]
    finally:
        process.send_signal(signal.SIGINT)
        output = process.communicate(timeout=30)[0].decode()
    assert "Traceback" not in output
    assert '"level"' in output  # structured JSON logs


async def test_production_cookies_are_secure_and_hsts_is_sent(tmp_path) -> None:
    settings = make_settings(tmp_path, env="production", jwt_secret=SecretStr(STRONG))
    from ..conftest import make_app

    async with running(make_app(settings)) as client:
        await client.post(
            "/api/v1/auth/register",
            json={
                "username": "maple",
                "email": "m@example.org",
                "password": PASSWORD,
            },
        )
        signed_in = await client.post(
            "/api/v1/auth/session",
            json={"username": "maple", "password": PASSWORD},
        )
        refresh = next(
            c for c in signed_in.headers.get_list("set-cookie") if c.startswith("tta_refresh=")
        )
        assert "Secure" in refresh
        assert "max-age" in signed_in.headers["strict-transport-security"]


async def test_cors_follows_the_settings(tmp_path) -> None:
    from ..conftest import make_app

    settings = make_settings(tmp_path, cors_origins=["https://play.example.org"])
    async with running(make_app(settings)) as client:
        allowed = await client.options(
            "/api/v1/auth/login",
            headers={
                "Origin": "https://play.example.org",
                "Access-Control-Request-Method": "POST",
            },
        )
        assert allowed.headers["access-control-allow-origin"] == "https://play.example.org"
        other = await client.get("/healthz", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers


async def test_an_unexpected_failure_is_a_500_problem_without_internals(tmp_path) -> None:
    from ..conftest import make_app

    app = make_app(make_settings(tmp_path))

    async def boom() -> None:
        raise RuntimeError("secret internal detail")

    app.add_api_route("/boom", boom)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            response = await client.get("/boom")
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert "secret internal detail" not in response.text
    assert response.json()["request_id"]


@pytest.mark.parametrize(
    ("failure", "status"),
    [(RuntimeError("secret internal detail"), 500), (ConnectionError("db gone"), 503)],
)
async def test_a_failed_request_keeps_its_request_id_headers_log_and_metric(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, failure: Exception, status: int
) -> None:
    """A 500 or an outage 503 leaves like every other answer: request id and security
    headers, an error log line under the request's id, counted under its real status."""
    from tta_player.core.logging import RequestIdFilter

    from ..conftest import make_app

    caplog.handler.addFilter(RequestIdFilter())  # as configure_logging sets up every handler
    app = make_app(make_settings(tmp_path))

    async def boom() -> None:
        raise failure

    app.add_api_route("/boom", boom)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            with caplog.at_level("WARNING"):
                response = await client.get("/boom", headers={"X-Request-ID": "failing-0001"})
            metrics = (await client.get("/metrics")).text
    assert response.status_code == status
    assert response.headers["x-request-id"] == "failing-0001"
    assert response.json()["request_id"] == "failing-0001"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" in response.headers
    logged = [r for r in caplog.records if r.levelname in ("WARNING", "ERROR")]
    assert logged
    assert all(getattr(r, "request_id", None) == "failing-0001" for r in logged)
    assert f'route="/boom",status="{status}"' in metrics.replace(" ", "")


async def test_readiness_reports_an_unreachable_dependency_as_503(tmp_path, client) -> None:
    app = client._transport.app  # the app behind the test client
    runtime = app.state.runtime
    runtime.settings = runtime.settings.model_copy(update={"redis_url": "redis://127.0.0.1:1/0"})
    response = await client.get("/readyz")
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"

    async def down() -> None:
        raise OSError("database is down")

    runtime.database.ping = down
    assert (await client.get("/readyz")).status_code == 503
    assert (await client.get("/healthz")).status_code == 200


class _BrokenChecker:
    """A safety checker that fails: the turn must fail closed, with nothing saved."""

    def check(self, text, context=None):
        raise RuntimeError("safety rules unavailable")

    def check_output(self, text, context=None):
        raise RuntimeError("safety rules unavailable")


async def test_a_failing_pipeline_is_a_503_and_nothing_is_saved(tmp_path) -> None:
    from prometheus_client import CollectorRegistry

    from tta_player.app import create_app

    app = create_app(
        make_settings(tmp_path), registry=CollectorRegistry(), checker=_BrokenChecker()
    )
    async with running(app) as client:
        await client.post(
            "/api/v1/auth/register",
            json={"username": "maple", "email": "m@example.org", "password": PASSWORD},
        )
        tokens = (
            await client.post(
                "/api/v1/auth/login", json={"username": "maple", "password": PASSWORD}
            )
        ).json()
        headers = {"Authorization": f"Bearer {tokens['access_token']}"}
        character = (
            await client.post("/api/v1/characters", json={"name": "Wren"}, headers=headers)
        ).json()
        session = (
            await client.post(
                "/api/v1/sessions",
                json={"character_id": character["id"], "world_id": "mindfulness_garden"},
                headers=headers,
            )
        ).json()
        url = f"/api/v1/sessions/{session['session_id']}/turns"
        failed = await client.post(url, json={"input": "look"}, headers=headers)
        assert failed.status_code == 503
        assert failed.headers["content-type"] == "application/problem+json"
        assert (await client.get(url, headers=headers)).json()["items"] == []


async def test_what_start_up_built_is_kept_out_of_garbage_collection_until_shutdown(
    tmp_path: Path,
) -> None:
    """Full collections under load skip the app's long-lived start-up objects (frozen), and a
    stopped app gives them back to the collector."""
    import gc

    from ..conftest import make_app

    gc.unfreeze()
    app = make_app(make_settings(tmp_path))
    async with running(app) as client:
        assert gc.get_freeze_count() > 10_000
        assert (await client.get("/healthz")).status_code == 200
    assert gc.get_freeze_count() == 0
