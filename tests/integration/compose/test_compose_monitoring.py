"""The monitoring profile: Prometheus config and scraping, Grafana provisioning and dashboard."""

from __future__ import annotations

import json
import re
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from prometheus_client import CollectorRegistry

from tta_agents.metrics import AgentMetrics
from tta_agents.realtime.metrics import RealtimeMetrics
from tta_agents.safety.metrics import SafetyMetrics
from tta_core.metrics import RolloutMetrics
from tta_player.core.metrics import ServiceMetrics
from tta_player.rollout.proxy import ProxyMetrics

ROOT = Path(__file__).resolve().parents[3]
DEPLOY = ROOT / "deploy"
DASHBOARD = DEPLOY / "grafana" / "dashboards" / "tta-overview.json"
GRAFANA_MISSING = (
    "no Grafana image on this machine: Grafana is not packaged by Debian, PyPI or npm and no "
    "registry can be reached, so scripts/images.sh cannot build a stand-in (README: Playing "
    "with Docker). Provisioning and dashboard files are still checked by the other tests."
)
Stack = Any  # conftest.ComposeStack


def code_metric_names() -> set[str]:
    """Every sample name the app and the workers can expose."""
    registry = CollectorRegistry()
    AgentMetrics(registry)
    SafetyMetrics(registry)
    RealtimeMetrics(registry)
    ServiceMetrics(registry)
    RolloutMetrics(registry)
    ProxyMetrics(registry)
    names = set()
    for family in registry.collect():
        names.add(family.name)
        names.update(
            f"{family.name}{suffix}" for suffix in ("_total", "_bucket", "_count", "_sum", "_info")
        )
    return names


def dashboard_exprs() -> dict[str, list[str]]:
    dashboard = json.loads(DASHBOARD.read_text())
    return {
        panel["title"]: [target["expr"] for target in panel.get("targets", [])]
        for panel in dashboard["panels"]
    }


def test_the_dashboard_covers_what_an_operator_watches() -> None:
    exprs = " ".join(e for targets in dashboard_exprs().values() for e in targets)
    for needle in (
        "rate(tta_player_turns_total",  # turns/s
        "histogram_quantile(0.50",  # turn latency p50
        "histogram_quantile(0.99",  # turn latency p99
        "by (level) (rate(tta_safety_verdicts_total",  # safety verdicts by level
        "tta_realtime_connections",  # WebSocket connections
        "tta_agents_queue_length",  # worker queue
        "tta_agents_dead_letter_length",  # dead letters
        'status=~"5.."',  # error rate
        "tta_rollout_mode_info",  # feature-flag modes in force
        'tta_rollout_calls_total{implementation="new"}',  # share served by the rewrite
        "tta_shadow_divergence_total",  # shadow divergences
        "tta_shadow_failures_total",  # shadow crashes and timeouts
        "tta_rollout_responses_total",  # player API errors per side
        "tta_rollout_proxy_requests_total",  # legacy service reachable
    ):
        assert needle in exprs, f"no panel queries {needle}"


def test_every_metric_on_the_dashboard_exists_in_the_code() -> None:
    known = code_metric_names()
    used = {
        name
        for targets in dashboard_exprs().values()
        for expr in targets
        for name in re.findall(r"\btta_[a-z_]+", expr)
    }
    assert used, "the dashboard queries no TTA metric"
    assert not used - known, f"the dashboard queries metrics nobody exposes: {used - known}"


def test_grafana_provisioning_points_at_the_compose_services() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    grafana = compose["services"]["grafana"]
    sources = yaml.safe_load(
        (DEPLOY / "grafana/provisioning/datasources/prometheus.yaml").read_text()
    )
    (source,) = sources["datasources"]
    assert source["url"] == "http://prometheus:9090"
    assert "prometheus" in compose["services"]
    dashboard = json.loads(DASHBOARD.read_text())
    queried = [p for p in dashboard["panels"] if p["type"] != "row"]
    assert {p["datasource"]["uid"] for p in queried} == {source["uid"]}
    providers = yaml.safe_load((DEPLOY / "grafana/provisioning/dashboards/tta.yaml").read_text())
    mounts = {volume.split(":")[1] for volume in grafana["volumes"]}
    assert providers["providers"][0]["options"]["path"] in mounts


def test_prometheus_accepts_its_config(compose_env: dict[str, str]) -> None:
    checked = subprocess.run(
        [
            "docker",
            "run",
            "--rm",
            "--name",
            f"tta-it-{uuid.uuid4().hex[:10]}",
            "--label",
            "org.tta.test=compose-monitoring",
            "-v",
            f"{DEPLOY / 'prometheus'}:/config:ro",
            "--entrypoint",
            "promtool",
            compose_env.get("TTA_PROMETHEUS_IMAGE", "prom/prometheus:v2.55.1"),
            "check",
            "config",
            "/config/prometheus.yml",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def wait_for(check: Callable[[], Any], timeout: float = 120, what: str = "") -> Any:
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        try:
            last = check()
            if last:
                return last
        except httpx.HTTPError as exc:
            last = exc
        time.sleep(2)
    raise AssertionError(f"timed out waiting for {what}: last saw {last!r}")


@pytest.fixture(scope="module")
def monitored(new_stack: Callable[..., Stack]) -> Iterator[Stack]:
    project = new_stack()
    services = ["api", "agent-worker", "prometheus"]
    if project.has_image("TTA_GRAFANA_IMAGE", "grafana/grafana:11.3.0"):
        services.append("grafana")
    try:
        project.up(*services, profiles=("monitoring",))
        yield project
    finally:
        project.down()


def test_prometheus_scrapes_the_api_and_workers_and_their_tta_metrics(monitored: Stack) -> None:
    prometheus = f"http://127.0.0.1:{monitored.prometheus_port}"
    httpx.get(f"{monitored.api_url}/healthz", timeout=10).raise_for_status()

    def jobs_up() -> bool:
        targets = httpx.get(f"{prometheus}/api/v1/targets", timeout=10).json()
        up = {t["labels"]["job"] for t in targets["data"]["activeTargets"] if t["health"] == "up"}
        return {"tta-api", "tta-agent-worker"} <= up

    wait_for(jobs_up, what="the tta-api and tta-agent-worker targets to be up")

    def tta_series() -> list[Any]:
        query = {"query": '{__name__=~"tta_.+", job="tta-api"}'}
        found = httpx.get(f"{prometheus}/api/v1/query", params=query, timeout=10).json()
        return found["data"]["result"]

    series = wait_for(tta_series, what="TTA metrics in Prometheus")
    assert any(s["metric"]["__name__"].startswith("tta_player_") for s in series)


def test_grafana_answers_with_the_provisioned_dashboard(monitored: Stack) -> None:
    if not monitored.has_image("TTA_GRAFANA_IMAGE", "grafana/grafana:11.3.0"):
        pytest.skip(GRAFANA_MISSING)
    grafana = f"http://127.0.0.1:{monitored.grafana_port}"
    health = httpx.get(f"{grafana}/api/health", timeout=10)
    assert health.status_code == 200
    assert health.json()["database"] == "ok"
    found = wait_for(
        lambda: httpx.get(f"{grafana}/api/dashboards/uid/tta-overview", timeout=10).json(),
        what="the provisioned dashboard",
    )
    assert found["dashboard"]["title"] == "TTA overview"
