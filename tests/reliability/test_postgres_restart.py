"""PostgreSQL restarted under the service: readiness goes red then green, nothing is lost.

Uses a throwaway cluster of our own (``initdb`` into a temporary folder, a free port), never
the shared one.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from live import LiveServer, free_port
from swarm import Ledger, join, missing_turns, play_http

PG_BIN = Path("/usr/lib/postgresql/15/bin")


class Cluster:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.data = folder / "data"
        self.port = free_port()

    def _as_postgres(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *command], check=True, capture_output=True, timeout=120)

    def init(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        self._as_postgres(
            str(PG_BIN / "initdb"),
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "--no-sync",
            "-E",
            "UTF8",
        )

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._as_postgres(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.folder / "pg.log"),
            "-w",
            "-t",
            "60",
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        self._as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def create_database(self, name: str) -> str:
        self._as_postgres(
            str(PG_BIN / "createdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            name,
        )
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    if not (PG_BIN / "initdb").exists() or (os.geteuid() == 0 and shutil.which("runuser") is None):
        pytest.skip("PostgreSQL 15 server binaries not installed; run `make services`")
    # pytest's folders are private to root: the cluster's folder must be reachable by postgres
    own = Cluster(Path(tempfile.mkdtemp(prefix="tta-rel-pg-")))
    try:
        own.init()
        own.start()
        yield own
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            own.stop("immediate")
    finally:
        shutil.rmtree(own.folder, ignore_errors=True)


def test_postgres_restarted_under_load(tmp_path: Path, cluster: Cluster) -> None:
    url = cluster.create_database("tta")
    server = LiveServer(tmp_path / "data", TTA_DATABASE_URL=url).start()
    ledger = Ledger()
    readiness: list[int] = []

    async def scenario() -> list[str]:
        timeout = httpx.Timeout(30.0)
        async with httpx.AsyncClient(base_url=server.url, timeout=timeout) as client:
            players = [await join(client) for _ in range(4)]
            until = time.monotonic() + 25

            async def restart() -> None:
                await asyncio.sleep(5)
                await asyncio.to_thread(cluster.stop, "immediate")
                await asyncio.sleep(1)
                readiness.append((await client.get("/readyz")).status_code)
                await asyncio.sleep(3)
                await asyncio.to_thread(cluster.start)
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline:
                    if (await client.get("/readyz")).status_code == 200:
                        readiness.append(200)
                        return
                    await asyncio.sleep(0.5)

            await asyncio.gather(
                restart(), *(play_http(client, p, ledger, until=until, think=0.05) for p in players)
            )
            turns = ledger.turns
            await asyncio.gather(
                *(play_http(client, p, ledger, until=time.monotonic() + 5) for p in players)
            )
            assert ledger.turns > turns, "turns succeed again after the restart"
            return await missing_turns(client, players, ledger)

    try:
        missing = asyncio.run(scenario())
        assert server.alive()
    finally:
        server.stop()
    assert readiness == [503, 200], readiness
    assert missing == []
    # While the database is down a turn may fail, but as a 503 the client can retry, never a 500.
    assert ledger.server_errors == [], ledger.server_errors[:3]
