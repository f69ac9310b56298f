"""One smoke test per provisioned service: each is really reachable from the tests."""

from __future__ import annotations

import asyncio
import http.server
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest


def test_a_container_runs_on_the_docker_engine(docker_client, test_image: str) -> None:
    output = docker_client.containers.run(  # type: ignore[attr-defined]
        test_image, ["echo", "hello from a container"], remove=True, labels={"tta.test": "smoke"}
    )
    assert output.decode().strip() == "hello from a container"


def test_docker_compose_v2_answers(docker_client) -> None:
    result = subprocess.run(
        ["docker", "compose", "version"], capture_output=True, text=True, check=False, timeout=30
    )
    assert result.returncode == 0, result.stderr
    assert "v2." in result.stdout


def test_redis_answers_ping(redis_url: str, redis_prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(redis_url)
    try:
        assert client.ping() is True
        client.set(f"{redis_prefix}k", "v", ex=10)
        assert client.get(f"{redis_prefix}k") == b"v"
    finally:
        client.close()


def test_postgres_answers_a_query(postgres_database: str) -> None:
    import asyncpg

    async def query() -> int:
        conn = await asyncpg.connect(postgres_database)
        try:
            await conn.execute("CREATE TABLE t (n int)")
            await conn.execute("INSERT INTO t VALUES (41), (1)")
            return await conn.fetchval("SELECT sum(n) FROM t")
        finally:
            await conn.close()

    assert asyncio.run(query()) == 42


@pytest.fixture
def local_page(tmp_path: Path) -> Iterator[str]:
    (tmp_path / "index.html").write_text(
        "<!doctype html><title>TTA smoke</title><h1 id=greeting>Hello, player</h1>"
    )

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, directory=str(tmp_path), **kwargs)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_chromium_loads_a_page_served_on_loopback(
    chromium_executable: str, chromium_args: list[str], local_page: str
) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_executable, args=chromium_args)
        try:
            page = browser.new_page()
            page.goto(local_page)
            assert page.title() == "TTA smoke"
            assert page.text_content("#greeting") == "Hello, player"
        finally:
            browser.close()
