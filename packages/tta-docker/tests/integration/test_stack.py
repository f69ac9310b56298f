"""Stacks against the real engine: dependency conditions, idempotence, failures, down."""

from __future__ import annotations

import urllib.request
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from tta_docker import (
    DockerManager,
    Health,
    ServiceEvent,
    Stack,
    StackError,
)

THREE_SERVICES = """
services:
  db:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "sleep 1; touch /tmp/ready; exec sleep 300"]
    stop_signal: SIGKILL
    healthcheck:
      test: ["CMD-SHELL", "test -f /tmp/ready"]
      interval: 1s
      retries: 30
    volumes: ["data:/data"]
  migrate:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "sleep 1; echo migrated > /data/schema"]
    depends_on:
      db: {condition: service_healthy}
    volumes: ["data:/data"]
  api:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "cp /data/schema /www/schema && exec httpd -f -p 8080 -h /www"]
    stop_grace_period: 1s
    environment: {MODE: "${MODE:-first}"}
    ports: ["127.0.0.1::8080"]
    volumes: ["data:/data"]
    depends_on:
      migrate: {condition: service_completed_successfully}
      db: {condition: service_started}
volumes:
  data:
"""


def stack_name() -> str:
    return f"t{uuid.uuid4().hex[:12]}"


def when(text: str) -> datetime:
    """An engine timestamp (RFC 3339 with nanoseconds) as a datetime."""
    head, _, rest = text.rstrip("Z").partition(".")
    return datetime.fromisoformat(f"{head}.{(rest + '000000')[:6]}")


@pytest.fixture
def three(
    manager: DockerManager, test_image: str, label: dict[str, str], tmp_path: Path
) -> Iterator[Stack]:
    path = tmp_path / "compose.yaml"
    path.write_text(THREE_SERVICES)
    stack = manager.load_stack(
        path, name=stack_name(), labels=label, environ={"TEST_IMAGE": test_image}
    )
    yield stack
    stack.down(volumes=True)


def test_three_services_come_up_in_order_and_go_down_leaving_nothing(
    manager: DockerManager, three: Stack, label: dict[str, str]
) -> None:
    events: list[ServiceEvent] = []
    statuses = {s.service: s for s in three.up(on_event=events.append)}
    assert statuses["db"].health is Health.HEALTHY
    assert (statuses["migrate"].state, statuses["migrate"].exit_code) == ("exited", 0)
    assert statuses["api"].state == "running"
    assert statuses["api"].container == f"tta-{three.name}-api"

    db = manager.containers.inspect(f"tta-{three.name}-db")
    migrate = manager.containers.inspect(f"tta-{three.name}-migrate")
    api = manager.containers.inspect(f"tta-{three.name}-api")
    first_healthy = min(
        when(entry["End"]) for entry in db["State"]["Health"]["Log"] if entry["ExitCode"] == 0
    )
    assert when(migrate["State"]["StartedAt"]) >= first_healthy
    assert when(api["State"]["StartedAt"]) >= when(migrate["State"]["FinishedAt"])
    assert ("api", "healthy") in [(e.service, e.state) for e in events]

    port = statuses["api"].ports[0].host_port
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/schema", timeout=5) as response:
        assert response.read() == b"migrated\n"

    stack_label = {"tta.stack": three.name}
    assert len(manager.networks.list(stack_label)) == 1
    assert len(manager.volumes.list(label)) == 1
    three.down(volumes=True)
    for labels in (label, stack_label):
        assert manager.containers.list(labels) == []
        assert manager.networks.list(labels) == []
        assert manager.volumes.list(labels) == []
    assert {s.state for s in three.status()} == {"missing"}


def test_up_is_idempotent_and_recreates_what_changed(
    manager: DockerManager, three: Stack, test_image: str, tmp_path: Path
) -> None:
    before = {s.service: manager.containers.get(s.container).id for s in three.up()}
    again = {s.service: manager.containers.get(s.container).id for s in three.up()}
    assert again == before
    changed = manager.load_stack(
        tmp_path / "compose.yaml",
        name=three.name,
        labels=three.labels,
        environ={"TEST_IMAGE": test_image, "MODE": "second"},
    )
    after = {s.service: manager.containers.get(s.container).id for s in changed.up()}
    assert after["db"] == before["db"]
    assert after["api"] != before["api"]
    env = manager.containers.inspect(f"tta-{three.name}-api")["Config"]["Env"]
    assert "MODE=second" in env


def test_selected_services_and_status_by_name(manager: DockerManager, three: Stack) -> None:
    statuses = {s.service: s.state for s in three.up(["db"], wait=False)}
    assert statuses == {"db": "running", "migrate": "missing", "api": "missing"}
    by_name = {s.service: s.state for s in manager.stack(name=three.name).status()}
    assert by_name == {"db": "running"}


FAILING = """
services:
  db:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    stop_signal: SIGKILL
    healthcheck: {test: ["CMD", "false"], interval: 1s, retries: 1}
  api:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    stop_signal: SIGKILL
    depends_on: {db: {condition: service_healthy}}
  job:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "exit 5"]
  after-job:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    depends_on: {job: {condition: service_completed_successfully}}
  ghost:
    image: tta-test/absent-${TEST_IMAGE_TAG}
"""


def test_failures_name_each_service_and_never_hang(
    manager: DockerManager, test_image: str, label: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "compose.yaml"
    path.write_text(FAILING)
    stack = manager.load_stack(
        path,
        name=stack_name(),
        labels=label,
        environ={"TEST_IMAGE": test_image, "TEST_IMAGE_TAG": uuid.uuid4().hex[:8]},
    )
    try:
        with pytest.raises(StackError) as caught:
            stack.up(timeout=20)
        failures = caught.value.failures
        assert set(failures) == {"db", "api", "job", "after-job", "ghost"}
        assert "unhealthy" in failures["db"]
        assert "dependency 'db'" in failures["api"]
        assert "exited with code 5" in failures["after-job"]
        assert "registry unreachable" in failures["ghost"]
    finally:
        stack.down(volumes=True)
    assert manager.containers.list(label) == []


BUILT = """
services:
  app:
    build:
      context: ./app
      args: {BASE: "${TEST_IMAGE}"}
    command: ["cat", "/built"]
  sidecar:
    image: tta-${STACK}-app:latest
    command: ["cat", "/built"]
"""


def test_services_with_build_are_built_then_run(
    manager: DockerManager, test_image: str, label: dict[str, str], tmp_path: Path
) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "Dockerfile").write_text(
        "ARG BASE\nFROM ${BASE}\nRUN echo built-here > /built\n"
    )
    (tmp_path / "compose.yaml").write_text(BUILT)
    name = stack_name()
    stack = manager.load_stack(
        tmp_path / "compose.yaml", name=name, labels=label,
        environ={"TEST_IMAGE": test_image, "STACK": name},
    )  # fmt: skip
    try:
        stack.up(["sidecar"])  # waits for app's build instead of pulling
        assert manager.containers.logs(f"tta-{name}-sidecar") == "built-here\n"
        assert stack.build() == [f"tta-{stack.name}-app:latest"]
        events: list[ServiceEvent] = []
        stack.up(build=True, on_event=events.append)
        assert ("app", "building") in [(e.service, e.state) for e in events]
        assert manager.containers.logs(f"tta-{stack.name}-app") == "built-here\n"
    finally:
        stack.down()
