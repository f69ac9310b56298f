"""The ``tta-docker`` CLI against the real engine (run in-process through ``main``)."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tta_docker import DockerManager
from tta_docker.cli import main

COMPOSE = """
name: ${STACK}
services:
  db:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "echo db-ready; touch /tmp/ready; exec sleep 300"]
    stop_signal: SIGKILL
    healthcheck: {test: ["CMD", "test", "-f", "/tmp/ready"], interval: 1s, retries: 30}
    volumes: ["data:/data"]
    labels: {tta.test: "${TEST_LABEL}"}
  web:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "echo $$GREETING; exec httpd -f -p 8080 -h /www"]
    stop_signal: SIGKILL
    env_file: web.env
    ports: ["127.0.0.1::8080"]
    depends_on: {db: {condition: service_healthy}}
    labels: {tta.test: "${TEST_LABEL}"}
  debug:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    stop_signal: SIGKILL
    profiles: [debug]
    labels: {tta.test: "${TEST_LABEL}"}
volumes:
  data:
"""


@pytest.fixture
def project(
    manager: DockerManager,
    test_image: str,
    label: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[str]:
    """A compose project folder (cwd) with a .env naming a unique stack."""
    name = f"cli{uuid.uuid4().hex[:10]}"
    (tmp_path / "compose.yaml").write_text(COMPOSE)
    (tmp_path / ".env").write_text(
        f"STACK={name}\nTEST_IMAGE={test_image}\nTEST_LABEL={label['tta.test']}\n"
    )
    (tmp_path / "web.env").write_text("GREETING=hello-from-env-file\n")
    monkeypatch.chdir(tmp_path)
    yield name
    manager.stack(name=name).down(volumes=True)


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, object]:
    capsys.readouterr()
    code = main(["--json", *argv])
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip() else None


def test_up_status_logs_down(
    project: str, manager: DockerManager, capsys: pytest.CaptureFixture[str]
) -> None:
    code, result = run_json(capsys, "up")
    assert code == 0
    assert isinstance(result, dict)
    states = {s["service"]: (s["state"], s["health"]) for s in result["services"]}
    assert states == {"db": ("running", "healthy"), "web": ("running", "none"),
                      "debug": ("missing", "none")}  # fmt: skip

    assert main(["status"]) == 0
    table = capsys.readouterr().out
    assert f"tta-{project}-web" in table
    assert "healthy" in table

    assert main(["logs", "web", "--tail", "5"]) == 0
    assert "hello-from-env-file" in capsys.readouterr().out

    code, result = run_json(capsys, "up", "--profile", "debug", "--no-wait")
    assert code == 0
    assert isinstance(result, dict)
    assert {s["service"] for s in result["services"] if s["state"] == "running"} == {
        "db", "web", "debug"
    }  # fmt: skip

    assert main(["down", "-v"]) == 0
    assert manager.containers.list(stack=project) == []
    assert manager.volumes.list({"tta.stack": project}) == []
    code, result = run_json(capsys, "-p", project, "status")
    assert code == 0
    assert result == {"services": [
        {"container": f"tta-{project}-{s}", "exit_code": None, "health": "none", "ports": [],
         "service": s, "state": "missing"}
        for s in ("db", "debug", "web")
    ], "stack": project}  # fmt: skip


def test_logs_follow_prints_until_the_container_stops(
    project: str, manager: DockerManager, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["up", "db"]) == 0
    capsys.readouterr()
    manager.containers.stop(f"tta-{project}-db", timeout=1)
    assert main(["logs", "db", "-f"]) == 0
    assert "db-ready" in capsys.readouterr().out


def test_backup_and_restore_volumes(
    project: str, manager: DockerManager, test_image: str, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    assert main(["up", "db", "--no-wait"]) == 0
    db = f"tta-{project}-db"
    manager.containers.exec(db, ["sh", "-c", "echo precious > /data/file"])
    archive = tmp_path / "backup.tar.gz"
    code, result = run_json(capsys, "backup", "-o", str(archive), "--image", test_image)
    assert code == 0
    assert result == {"message": f"backed up tta-{project}-data to {archive}",
                      "file": str(archive), "volumes": [f"tta-{project}-data"]}  # fmt: skip
    manager.containers.exec(db, ["rm", "/data/file"])
    assert main(["down"]) == 0
    code, result = run_json(capsys, "restore", str(archive), "data", "--image", test_image)
    assert code == 0
    assert main(["up", "db", "--no-wait"]) == 0
    assert manager.containers.exec(db, ["cat", "/data/file"]).output == "precious\n"
    assert main(["restore", str(tmp_path / "missing.tar.gz"), "--image", test_image]) == 2


def test_build_and_failures(
    project: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, result = run_json(capsys, "build")
    assert code == 0
    assert result == {"message": "built nothing (no service has build:)", "images": []}
    assert main(["up", "--timeout", "5", "nosuch"]) == 2
    broken = tmp_path / "broken.yaml"
    broken.write_text("services:\n  bad:\n    image: tta-test/absent-image-for-cli:never\n")
    code, result = run_json(capsys, "-p", project, "-f", str(broken), "up")
    assert code == 1
    assert isinstance(result, dict)
    assert "bad" in result["failures"]
    assert main(["logs", "--file", str(broken), "-p", project, "bad"]) == 1


def test_down_by_name_stops_dependents_first_and_leaves_nothing(
    project: str, manager: DockerManager, label: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["up", "--profile", "debug", "--no-wait"]) == 0
    since = int(time.time())  # the engine runs on this host: one clock (in whole seconds)
    # by name only, as scripts do: the wire path (no compose file read, no docker SDK)
    code, result = run_json(capsys, "-p", project, "down", "-v")
    assert (code, result) == (0, {"message": f"stack {project} is down", "stack": project,
                                  "volumes_removed": True})  # fmt: skip
    events = manager.client.api.events(
        since=since,
        until=int(time.time()) + 1,
        filters={"label": f"tta.stack={project}", "event": "die"},
        decode=True,
    )
    died = [
        event["Actor"]["Attributes"]["tta.service"]
        for event in sorted(events, key=lambda event: event["timeNano"])
    ]
    assert sorted(died) == ["db", "debug", "web"]
    assert died.index("web") < died.index("db")
    for labels in (label, {"tta.stack": project}):
        assert manager.containers.list(labels) == []
        assert manager.networks.list(labels) == []
        assert manager.volumes.list(labels) == []
