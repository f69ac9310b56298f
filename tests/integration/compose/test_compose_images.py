"""The app image scripts/images.sh builds: locked runtime only, non-root, health-checked."""

from __future__ import annotations

import json
import subprocess
import uuid

import pytest

DEV_ONLY = {"pytest", "ruff", "pyright", "hypothesis", "bandit", "coverage", "playwright"}


def run_in_image(env: dict[str, str], *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            "docker",
            "run",
            "--rm",
            "--name",
            f"tta-it-{uuid.uuid4().hex[:10]}",
            "--label",
            "org.tta.test=compose-images",
            env["TTA_IMAGE"],
            *command,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def image_config(compose_env: dict[str, str]) -> dict[str, object]:
    out = subprocess.run(
        ["docker", "image", "inspect", compose_env["TTA_IMAGE"]],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    return json.loads(out)[0]["Config"]


def test_the_image_runs_as_a_non_root_user(
    compose_env: dict[str, str], image_config: dict[str, object]
) -> None:
    assert image_config["User"] not in ("", "0", "root")
    assert run_in_image(compose_env, "id", "-u").stdout.strip() != "0"


def test_the_image_checks_its_own_health(image_config: dict[str, object]) -> None:
    healthcheck = image_config["Healthcheck"]
    assert isinstance(healthcheck, dict)
    assert any("/healthz" in part for part in healthcheck["Test"])


def test_the_image_holds_the_runtime_and_no_dev_tools(compose_env: dict[str, str]) -> None:
    listed = run_in_image(
        compose_env,
        "python",
        "-c",
        "import importlib.metadata as m; print(' '.join(d.metadata['Name'].lower() "
        "for d in m.distributions()))",
    )
    assert listed.returncode == 0, listed.stderr
    installed = set(listed.stdout.split())
    assert {"tta-player", "tta-agents", "fastapi", "asyncpg", "redis"} <= installed
    assert not installed & DEV_ONLY, f"dev dependencies in the image: {installed & DEV_ONLY}"
    # The build stage's tools and sources stay behind.
    assert run_in_image(compose_env, "sh", "-c", "command -v uv || test -d /src").returncode != 0


def test_the_image_has_the_api_and_worker_commands(compose_env: dict[str, str]) -> None:
    for command in ("tta", "tta-agent-worker"):
        found = run_in_image(compose_env, "sh", "-c", f"command -v {command}")
        assert found.returncode == 0, f"{command} is not on PATH in the image"
