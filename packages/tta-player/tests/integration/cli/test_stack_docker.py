"""``tta stack`` in new mode against the real Docker engine (a stack that does not exist)."""

from __future__ import annotations

import argparse
import io
import json
import uuid
from pathlib import Path

import pytest

from tta_player.cli.stack import add_stack_command, run_stack


def test_status_of_an_unknown_stack_on_the_real_engine_is_empty(
    docker_client: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no compose file here: the stack is opened by name
    parser = argparse.ArgumentParser(prog="tta")
    add_stack_command(parser.add_subparsers(dest="command"))
    name = f"tta-test-rollout-{uuid.uuid4().hex[:8]}"
    args = parser.parse_args(["stack", "status", "-p", name, "--json"])
    out, err = io.StringIO(), io.StringIO()
    assert run_stack(args, {"TTA_FLAG_DOCKER": "new"}, out, err) == 0, err.getvalue()
    assert json.loads(out.getvalue()) == {"served_by": "new", "services": []}


def test_without_a_compose_file_or_a_name_up_fails_with_one_line(
    docker_client: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    parser = argparse.ArgumentParser(prog="tta")
    add_stack_command(parser.add_subparsers(dest="command"))
    out, err = io.StringIO(), io.StringIO()
    assert run_stack(parser.parse_args(["stack", "up"]), {}, out, err) == 2
    assert err.getvalue().startswith("tta stack: no compose file")
    assert err.getvalue().count("\n") == 1


def test_an_unreachable_engine_is_exit_1_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOCKER_HOST", f"unix://{tmp_path}/no-docker.sock")
    parser = argparse.ArgumentParser(prog="tta")
    add_stack_command(parser.add_subparsers(dest="command"))
    out, err = io.StringIO(), io.StringIO()
    assert run_stack(parser.parse_args(["stack", "status", "-p", "x"]), {}, out, err) == 1
    assert err.getvalue().startswith("tta stack: DockerUnavailableError")
