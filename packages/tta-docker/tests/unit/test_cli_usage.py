"""CLI exit codes that need no daemon: usage errors are 2, an absent daemon is 1."""

import json
from pathlib import Path

import pytest

from tta_docker.cli import main


@pytest.fixture(autouse=True)
def no_daemon(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCKER_HOST", "tcp://127.0.0.1:1")
    monkeypatch.delenv("TTA_DOCKER_BASE_URL", raising=False)


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "COMMAND" in capsys.readouterr().err


def test_help_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "up" in capsys.readouterr().out


def test_bad_option_is_a_usage_error() -> None:
    assert main(["down", "--tail", "x"]) == 2


def test_missing_compose_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["up"]) == 2
    assert "no compose file" in capsys.readouterr().err
    assert main(["-f", str(tmp_path / "nope.yaml"), "up"]) == 2


def test_status_without_file_or_name_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["status"]) == 2


def test_invalid_compose_file_names_the_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "compose.yaml"
    path.write_text("services:\n  a: {image: x, depends_on: [ghost]}\n")
    assert main(["--json", "up", "-f", str(path)]) == 2
    error = json.loads(capsys.readouterr().err)
    assert "unknown service 'ghost'" in error["error"]


def test_unknown_service_for_logs(tmp_path: Path) -> None:
    path = tmp_path / "compose.yaml"
    path.write_text("services:\n  a: {image: x}\n")
    assert main(["logs", "--file", str(path), "ghost"]) == 2


def test_absent_daemon_is_an_operation_failure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "compose.yaml"
    path.write_text("services:\n  a: {image: x}\n")
    assert main(["-f", str(path), "status"]) == 1
    assert "unavailable" in capsys.readouterr().err
    assert main(["-p", "demo", "down"]) == 1
