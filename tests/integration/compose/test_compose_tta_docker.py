"""`uv run tta-docker up` brings up the same compose.yaml as `docker compose up`."""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[3]
TTA_DOCKER = Path(sys.executable).with_name("tta-docker")


def tta_docker(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(TTA_DOCKER), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=400,
        check=False,
    )


def leftovers(stack: str) -> list[str]:
    found = []
    for kind in ("ps -a", "volume ls", "network ls"):
        out = subprocess.run(
            ["docker", *kind.split(), "-q", "--filter", f"label=tta.stack={stack}"],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
        found += out.split()
    return found


def test_tta_docker_up_serves_the_game_from_compose_yaml(
    new_stack: Callable[..., Any], make_player: Callable[[str], Any]
) -> None:
    if not TTA_DOCKER.exists():
        pytest.fail("tta-docker is not installed in the workspace (uv sync)", pytrace=False)
    stack = new_stack()  # only for its free ports and environment
    name = f"tta-it-dk-{uuid.uuid4().hex[:8]}"
    args = ("-f", "compose.yaml", "-p", name)
    try:
        started = tta_docker(stack.env, *args, "up", "--timeout", "240")
        assert started.returncode == 0, started.stdout + started.stderr
        ready = httpx.get(f"{stack.api_url}/readyz", timeout=10)
        assert ready.status_code == 200, ready.text
        player = make_player(stack.api_url)
        turn = player.play(player.start_session(), "look around")
        assert turn["narrative"].strip()
    finally:
        stopped = tta_docker(stack.env, *args, "down", "-v")
    assert stopped.returncode == 0, stopped.stdout + stopped.stderr
    assert leftovers(name) == []
