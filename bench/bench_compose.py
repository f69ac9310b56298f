"""The compose stack: `docker compose up -d --wait` from built images to ready, image sizes.

Baselines from the same run: the stack's time to ready beside the time of its Redis and
PostgreSQL alone (what the app adds), the app image beside its Python base image.
Each measurement is the median of three fresh projects (own name, free ports, `down -v`).
"""

from __future__ import annotations

import os
import socket
import subprocess
import uuid
from pathlib import Path

from bench.report import Figure, median_of, timed

ROOT = Path(__file__).resolve().parents[1]
RUNS = 3
BENCH = "compose"


def _env() -> dict[str, str]:
    subprocess.run(["bash", str(ROOT / "scripts" / "images.sh")], check=True, timeout=1800)
    env = dict(os.environ)
    local = ROOT / "deploy" / "local-images.env"
    if local.exists():
        for line in local.read_text().splitlines():
            if line and not line.startswith("#") and "=" in line:
                key, value = line.split("=", 1)
                env[key] = value
    env.setdefault("TTA_IMAGE", "tta:local")
    return env


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _compose(env: dict[str, str], project: str, *args: str) -> None:
    subprocess.run(
        [
            "docker",
            "compose",
            "--project-directory",
            str(ROOT),
            "-f",
            str(ROOT / "compose.yaml"),
            "-p",
            project,
            *args,
        ],
        env=env,
        check=True,
        capture_output=True,
        timeout=600,
    )


def _up_seconds(env: dict[str, str], *services: str) -> float:
    project = f"tta-bench-{uuid.uuid4().hex[:10]}"
    env = {**env, "TTA_API_PORT": str(_free_port())}
    try:
        return timed(lambda: _compose(env, project, "up", "-d", "--wait", *services))
    finally:
        _compose(env, project, "down", "-v", "--remove-orphans", "-t", "5")


def _size_mb(image: str) -> float:
    out = subprocess.run(
        ["docker", "image", "inspect", "-f", "{{.Size}}", image],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    return int(out.strip()) / 1e6


def run() -> list[Figure]:
    env = _env()
    stack = median_of(RUNS, lambda: _up_seconds(env))
    infra = median_of(RUNS, lambda: _up_seconds(env, "redis", "postgres"))
    app = _size_mb(env["TTA_IMAGE"])
    base_image = env.get("TTA_PYTHON_IMAGE", "python:3.12-slim")
    base = _size_mb(base_image)
    return [
        Figure(
            BENCH,
            "compose up -d --wait (api, agent-worker, redis, postgres) to ready",
            stack,
            "s",
            baseline=infra,
            baseline_name="redis + postgres alone",
            target="value <= 60 s",
            met=stack <= 60,
        ),
        Figure(
            BENCH,
            f"app image size ({env['TTA_IMAGE']})",
            app,
            "MB",
            baseline=base,
            baseline_name=f"its base {base_image}",
            target="app - base <= 200 MB",
            met=app - base <= 200,
        ),
        *(
            Figure(
                BENCH,
                f"{service} image size ({env.get(variable, default)})",
                _size_mb(env.get(variable, default)),
                "MB",
                baseline=base,
                baseline_name=f"the app's base {base_image}",
            )
            for service, variable, default in (
                ("redis", "TTA_REDIS_IMAGE", "redis:7-alpine"),
                ("postgres", "TTA_POSTGRES_IMAGE", "postgres:16-alpine"),
            )
        ),
    ]
