"""Start-up stays short: an embedded service loads no driver or library it was not asked for.

Alembic (only to migrate a database behind head), httpx (only for an LLM or the legacy
proxy) and the Redis driver (only with TTA_REDIS_URL) each cost a large share of start-up
time; these tests start the whole app in a fresh interpreter and look at what it loaded.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PROBE = """
import asyncio, json, sys
from tta_player.app import create_app

async def main():
    app = create_app()
    async with app.router.lifespan_context(app):
        pass

asyncio.run(main())
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules})))
"""


def _loaded_after_start(data_dir: Path, **extra: str) -> set[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TTA_", "USE_NEW"))}
    env.update(TTA_DATA_DIR=str(data_dir), TTA_LOG_LEVEL="WARNING", **extra)
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_an_embedded_start_on_a_fresh_database_loads_no_alembic_httpx_or_redis(
    tmp_path: Path,
) -> None:
    loaded = _loaded_after_start(tmp_path)
    assert "tta_player" in loaded
    assert {"alembic", "httpx", "redis", "asyncpg", "zxcvbn"}.isdisjoint(loaded)


def test_a_second_start_on_a_database_at_head_still_needs_no_alembic(tmp_path: Path) -> None:
    _loaded_after_start(tmp_path)
    assert "alembic" not in _loaded_after_start(tmp_path)


def test_the_command_line_loads_the_service_only_when_a_command_needs_it() -> None:
    # `tta serve` pauses the garbage collector before the service's imports (a sixth of
    # start to ready), so importing the command line must not import the service.
    probe = "import json, sys, tta_player.cli; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    loaded = set(json.loads(done.stdout))
    assert {"fastapi", "sqlalchemy", "tta_player.app", "tta_agents"}.isdisjoint(loaded)


def test_serve_runs_with_the_collector_on_once_the_runtime_is_built(tmp_path: Path) -> None:
    probe = PROBE.replace("        pass", "        print(json.dumps(__import__('gc').isenabled()))")
    probe = "import gc; gc.disable()\n" + probe  # as `tta serve` starts
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TTA_", "USE_NEW"))}
    env.update(TTA_DATA_DIR=str(tmp_path), TTA_LOG_LEVEL="WARNING")
    done = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=120,
        check=True,
    )  # fmt: skip
    assert done.stdout.splitlines()[0] == "true"
