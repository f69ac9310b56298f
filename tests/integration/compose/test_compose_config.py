"""compose.yaml as `docker compose config` resolves it, and .env.example beside it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[3]
COMPOSE_FILE = ROOT / "compose.yaml"
ENV_EXAMPLE = ROOT / ".env.example"
PUBLIC_DEFAULTS = {
    "redis": "redis:7-alpine",
    "postgres": "postgres:16-alpine",
    "prometheus": "prom/prometheus:v2.55.1",
    "grafana": "grafana/grafana:11.3.0",
}
VARIABLE = re.compile(r"\$\{(\w+)(?::?-([^}]*))?\}")


@pytest.fixture(scope="module")
def compose_cli() -> None:
    if (
        shutil.which("docker") is None
        or subprocess.run(
            ["docker", "compose", "version"], capture_output=True, check=False, timeout=30
        ).returncode
    ):
        pytest.skip("docker compose v2 not installed; run `make services`")


def resolved(*args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    """`docker compose config` with only the given variables (no .env, no TTA_* from outside)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TTA_", "COMPOSE_"))}
    result = subprocess.run(
        [
            "docker",
            "compose",
            "--env-file",
            os.devnull,
            "-f",
            str(COMPOSE_FILE),
            *args,
            "config",
            "--format",
            "yaml",
        ],
        capture_output=True,
        text=True,
        env={**clean, **(env or {})},
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)


def test_defaults_are_the_public_images_and_port_8080(compose_cli: None) -> None:
    config = resolved("--profile", "monitoring")
    services = config["services"]
    for service, image in PUBLIC_DEFAULTS.items():
        assert services[service]["image"] == image
    assert services["api"]["image"] == services["agent-worker"]["image"] == "tta:local"
    assert services["api"]["build"]["args"]["PYTHON_IMAGE"] == "python:3.12-slim"
    (port,) = services["api"]["ports"]
    assert (port["host_ip"], port["published"], port["target"]) == ("127.0.0.1", "8080", 8080)


def test_every_image_and_port_can_be_overridden(compose_cli: None) -> None:
    env = {
        "TTA_IMAGE": "example/tta:1",
        "TTA_PYTHON_IMAGE": "example/python:3",
        "TTA_REDIS_IMAGE": "example/redis:1",
        "TTA_POSTGRES_IMAGE": "example/postgres:1",
        "TTA_PROMETHEUS_IMAGE": "example/prometheus:1",
        "TTA_GRAFANA_IMAGE": "example/grafana:1",
        "TTA_API_PORT": "18080",
        "TTA_PROMETHEUS_PORT": "19090",
        "TTA_GRAFANA_PORT": "13000",
    }
    services = resolved("--profile", "monitoring", env=env)["services"]
    assert services["api"]["image"] == "example/tta:1"
    assert services["agent-worker"]["image"] == "example/tta:1"
    assert services["api"]["build"]["args"]["PYTHON_IMAGE"] == "example/python:3"
    for service in PUBLIC_DEFAULTS:
        assert services[service]["image"] == f"example/{service}:1"
    published = {name: s["ports"][0]["published"] for name, s in services.items() if "ports" in s}
    assert published == {"api": "18080", "prometheus": "19090", "grafana": "13000"}


def test_the_stack_uses_the_rewrite_and_shared_services(compose_cli: None) -> None:
    services = resolved()["services"]
    for name in ("api", "agent-worker"):
        env = services[name]["environment"]
        assert env["USE_NEW_COMPONENT"] == "true"
        assert env["TTA_DATABASE_URL"].startswith("postgresql+asyncpg://tta:")
        assert env["TTA_DATABASE_URL"].endswith("@postgres:5432/tta")
        assert env["TTA_REDIS_URL"] == "redis://redis:6379/0"
        assert env["TTA_AGENT_MODE"] == "redis"
    assert services["api"]["command"][:2] == ["tta", "serve"]
    assert services["agent-worker"]["command"] == ["tta-agent-worker"]


def test_api_waits_for_healthy_services_and_postgres_keeps_a_named_volume(
    compose_cli: None,
) -> None:
    config = resolved("--profile", "monitoring")
    services = config["services"]
    for name, service in services.items():
        assert service.get("healthcheck", {}).get("test"), f"{name} has no healthcheck"
    conditions = {dep: spec["condition"] for dep, spec in services["api"]["depends_on"].items()}
    assert conditions == {"postgres": "service_healthy", "redis": "service_healthy"}
    (volume,) = services["postgres"]["volumes"]
    assert volume["type"] == "volume"
    assert volume["target"] == "/var/lib/postgresql/data"
    assert volume["source"] in config["volumes"]


def test_agent_workers_can_be_scaled(compose_cli: None) -> None:
    worker = resolved()["services"]["agent-worker"]
    # A fixed container name or host port would make `--scale agent-worker=3` fail.
    assert "container_name" not in worker
    assert "ports" not in worker


def test_monitoring_services_only_come_with_their_profile(compose_cli: None) -> None:
    assert set(resolved()["services"]) == {"api", "agent-worker", "redis", "postgres"}
    assert set(resolved("--profile", "monitoring")["services"]) >= {"prometheus", "grafana"}


def env_example() -> dict[str, str]:
    values = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        if line and not line.startswith("#"):
            key, value = line.split("=", 1)
            values[key] = value
    return values


def test_env_example_documents_every_variable_with_its_default() -> None:
    documented = env_example()
    used = {name: default for name, default in VARIABLE.findall(COMPOSE_FILE.read_text()) if name}
    missing = sorted(set(used) - set(documented))
    assert not missing, f".env.example does not document {missing}"
    wrong = {
        name: (documented[name], default)
        for name, default in used.items()
        if documented[name] != default
    }
    assert not wrong, f".env.example disagrees with compose.yaml defaults: {wrong}"
