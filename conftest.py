"""Fixtures shared by every test in the workspace.

Tests are marked by folder (``unit/``, ``integration/``, ``e2e/``). A test that needs a real
service it cannot reach fails when ``CI=true`` (CI provisions every service through
``make services``) and is skipped with a one-line reason elsewhere.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import time
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import docker
import pytest
import redis
from docker.errors import DockerException

IN_CI = os.environ.get("CI", "").lower() == "true"
TEST_IMAGE = os.environ.get("TTA_TEST_IMAGE", "tta-test/busybox:latest")
REDIS_URL = os.environ.get("TTA_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
POSTGRES_URL = os.environ.get(
    "TTA_TEST_POSTGRES_URL",
    "postgresql://tta:tta@127.0.0.1:5432/tta_test",  # pragma: allowlist secret
)
CHROMIUM = os.environ.get("TTA_TEST_CHROMIUM", "/usr/bin/chromium")


def service_unavailable(reason: str) -> None:
    """Fail in CI, skip elsewhere: a missing service is a broken CI, but only a gap locally."""
    if IN_CI:
        pytest.fail(f"required service unavailable in CI: {reason}", pytrace=False)
    pytest.skip(reason)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        parts = Path(str(item.fspath)).parts
        if "integration" in parts:
            item.add_marker(pytest.mark.integration)
        if "e2e" in parts:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def docker_client() -> Iterator[object]:
    """A docker SDK client on a daemon that answers, with the tiny local test image present."""
    try:
        client = docker.from_env(timeout=10)
        client.ping()
    except DockerException as exc:
        service_unavailable(f"Docker engine not reachable ({exc.__class__.__name__})")
        raise AssertionError("unreachable") from exc
    try:
        client.images.get(TEST_IMAGE)
    except DockerException:
        service_unavailable(f"test image {TEST_IMAGE} missing; run scripts/test-images.sh")
    yield client
    client.close()


@pytest.fixture(scope="session")
def test_image(docker_client: object) -> str:
    """Name of the tiny local busybox image (sh, sleep, httpd, nc, wget...)."""
    return TEST_IMAGE


@pytest.fixture(scope="session")
def redis_url() -> str:
    """URL of a real Redis. Tests share it: prefix every key with ``redis_prefix``."""
    try:
        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
        client.ping()
        client.close()
    except redis.RedisError as exc:
        service_unavailable(f"Redis not reachable at {REDIS_URL} ({exc}); run `make services`")
    return REDIS_URL


@pytest.fixture
def redis_prefix() -> str:
    """A key prefix unique to this test, so tests sharing one Redis never collide."""
    return f"tta-test:{uuid.uuid4().hex[:12]}:"


async def _pg(url: str, *statements: str) -> None:
    conn = await asyncpg.connect(url, timeout=3)
    try:
        for statement in statements:
            await conn.execute(statement)
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """URL (``postgresql://``) of the shared real PostgreSQL test database."""
    try:
        asyncio.run(_pg(POSTGRES_URL, "SELECT 1"))
    except Exception as exc:  # asyncpg raises many unrelated types when it cannot connect
        service_unavailable(f"PostgreSQL not reachable at {POSTGRES_URL} ({exc})")
    return POSTGRES_URL


@pytest.fixture
def postgres_database(postgres_url: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for this test only; dropped afterwards."""
    name = f"tta_t_{uuid.uuid4().hex[:16]}"
    asyncio.run(_pg(postgres_url, f'CREATE DATABASE "{name}"'))
    base = postgres_url.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    for attempt in range(3):
        try:
            asyncio.run(_pg(postgres_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            return
        except asyncpg.PostgresError as exc:
            # A backend of the test's app may still be closing: retry, then leave the
            # throwaway database behind rather than fail a test that passed.
            if attempt == 2:
                warnings.warn(f"could not drop test database {name}: {exc}", stacklevel=1)
            time.sleep(1)


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    """Path of the Debian Chromium (Playwright's own browser download cannot work here)."""
    path = CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")
    if not path:
        service_unavailable("Chromium not installed; run `make services`")
        raise AssertionError("unreachable")
    return path


@pytest.fixture(scope="session")
def chromium_args() -> list[str]:
    """Flags that let the Debian Chromium run headless as root on these closed-network machines."""
    return list(CHROMIUM_ARGS)


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
