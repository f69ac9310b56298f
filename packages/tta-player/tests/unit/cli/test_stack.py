"""``tta stack``: the DOCKER flag picks which stack manager brings the stack up and down."""

from __future__ import annotations

import argparse
import io
import json
import textwrap
from pathlib import Path

import pytest

from tta_player.cli.stack import add_stack_command, run_stack

STAND_IN = '''
class LegacyStandInStack:
    """A legacy stand-in written for the tests."""

    running = set()

    def up(self, services=None):
        LegacyStandInStack.running |= set(services or ["api", "redis"])
        return self.status()

    def down(self):
        LegacyStandInStack.running.clear()

    def status(self):
        return [{"service": s, "state": "running"} for s in sorted(LegacyStandInStack.running)]


class Exploding(LegacyStandInStack):
    def up(self, services=None):
        raise RuntimeError("legacy compose failed")


def make():
    return LegacyStandInStack()


def make_exploding():
    return Exploding()
'''


class FakeNewStack:
    def __init__(self) -> None:
        self.up_calls: list[list[str] | None] = []

    def up(self, services: list[str] | None = None) -> list[dict[str, str]]:
        self.up_calls.append(services)
        return [{"service": "api", "state": "running"}]

    def down(self) -> None:
        return None

    def status(self) -> list[dict[str, str]]:
        return []


@pytest.fixture
def stand_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    (tmp_path / "tta_test_stack_stand_in.py").write_text(textwrap.dedent(STAND_IN))
    monkeypatch.syspath_prepend(str(tmp_path))
    return "tta_test_stack_stand_in"


def stack(
    environ: dict[str, str], *argv: str, new: FakeNewStack | None = None
) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="tta")
    add_stack_command(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["stack", *argv])
    out, err = io.StringIO(), io.StringIO()
    factory = (lambda: new) if new is not None else None
    code = run_stack(args, environ, out, err, factory=factory)  # type: ignore[arg-type]
    return code, out.getvalue(), err.getvalue()


def test_legacy_mode_drives_the_legacy_stack(stand_in: str) -> None:
    environ = {"TTA_FLAG_DOCKER": "legacy", "TTA_LEGACY_DOCKER": f"{stand_in}:make"}
    code, out, _ = stack(environ, "up", "api")
    assert code == 0
    assert out.splitlines() == [
        "stack served by the legacy implementation (legacy)",
        f"{'api':<24} running",
    ]
    code, out, _ = stack(environ, "status", "--json")
    assert json.loads(out) == {
        "served_by": "legacy",
        "services": [{"service": "api", "state": "running"}],
    }
    assert stack(environ, "down")[0] == 0
    assert json.loads(stack(environ, "status", "--json")[1])["services"] == []


def test_new_mode_uses_the_new_stack(stand_in: str) -> None:
    new = FakeNewStack()
    code, out, _ = stack({}, "up", "api", "web", new=new)
    assert code == 0
    assert new.up_calls == [["api", "web"]]
    assert "served by the new implementation" in out


def test_shadow_status_logs_divergences_to_stderr(stand_in: str) -> None:
    environ = {"TTA_FLAG_DOCKER": "shadow", "TTA_LEGACY_DOCKER": f"{stand_in}:make"}
    stack(environ, "up", "api")
    code, out, err = stack(environ, "status", new=FakeNewStack())
    assert code == 0
    assert "legacy implementation (shadow)" in out
    assert "shadow divergence in DOCKER.service:api" in err
    stack(environ, "down")


def test_bad_flags_exit_2_and_failures_exit_1(stand_in: str) -> None:
    code, _, err = stack(
        {"TTA_FLAG_DOCKER": "legacy", "TTA_LEGACY_DOCKER": "nowhere:make"}, "status"
    )
    assert code == 2
    assert err.startswith("tta stack: TTA_LEGACY_DOCKER=nowhere:make: cannot import nowhere")
    exploding = {"TTA_FLAG_DOCKER": "legacy", "TTA_LEGACY_DOCKER": f"{stand_in}:make_exploding"}
    code, _, err = stack(exploding, "up")
    assert code == 1
    assert "up failed: RuntimeError: legacy compose failed" in err
