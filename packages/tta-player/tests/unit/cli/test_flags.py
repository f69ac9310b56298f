"""``tta flags``: the effective modes, where they came from, and startup errors as exit 2."""

from __future__ import annotations

import argparse
import io
import json
import textwrap
from pathlib import Path

import pytest

from tta_player.cli.flags import add_flags_command, run_flags


def flags(environ: dict[str, str], *options: str) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="tta")
    add_flags_command(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["flags", *options])
    out, err = io.StringIO(), io.StringIO()
    return run_flags(args, environ, out, err), out.getvalue(), err.getvalue()


def test_the_table_shows_each_mode_and_its_source() -> None:
    code, out, _ = flags(
        {
            "USE_NEW_COMPONENT": "true",
            "TTA_FLAG_PLAYER_EXPERIENCE": "canary:10",
            "TTA_LEGACY_PLAYER_EXPERIENCE_URL": "http://legacy:8080",
        }
    )
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["COMPONENT", "MODE", "SOURCE", "LEGACY"]
    assert lines[1].split() == ["DOCKER", "new", "USE_NEW_COMPONENT", "-"]
    assert lines[3].split() == [
        "PLAYER_EXPERIENCE",
        "canary:10",
        "TTA_FLAG_PLAYER_EXPERIENCE",
        "http://legacy:8080",
        "(from",
        "TTA_LEGACY_PLAYER_EXPERIENCE_URL)",
    ]


def test_json_rows_match_the_admin_endpoint() -> None:
    code, out, _ = flags({}, "--json")
    assert code == 0
    rows = json.loads(out)
    assert [(r["component"], r["mode"], r["source"]) for r in rows] == [
        ("DOCKER", "new", "default"),
        ("AGENT_ORCHESTRATION", "new", "default"),
        ("PLAYER_EXPERIENCE", "new", "default"),
    ]


def test_an_invalid_value_exits_2_with_the_valid_ones() -> None:
    code, out, err = flags({"TTA_FLAG_DOCKER": "sideways"})
    assert (code, out) == (2, "")
    assert err.startswith("tta flags: TTA_FLAG_DOCKER='sideways' is not valid")
    assert "canary:<0-100>" in err
    assert err.count("\n") == 1


STAND_INS = '''
class StandInStack:
    """A legacy stand-in written for the tests."""

    def up(self, services=None):
        return []

    def down(self):
        return None

    def status(self):
        return []


class StandInAgents:
    async def run_turn(self, request, sink=None):
        return None

    def check(self, text, context=None):
        return None

    def check_output(self, text, context=None):
        return None


def stack():
    return StandInStack()


def agents():
    return StandInAgents()
'''


def test_check_loads_every_legacy_implementation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "tta_test_flag_stand_ins.py").write_text(textwrap.dedent(STAND_INS))
    monkeypatch.syspath_prepend(str(tmp_path))
    environ = {
        "USE_NEW_COMPONENT": "false",
        "TTA_LEGACY_DOCKER": "tta_test_flag_stand_ins:stack",
        "TTA_LEGACY_AGENT_ORCHESTRATION": "tta_test_flag_stand_ins:agents",
        "TTA_LEGACY_PLAYER_EXPERIENCE_URL": "https://legacy.example",
    }
    assert flags(environ, "--check")[0] == 0
    broken_docker = {**environ, "TTA_LEGACY_DOCKER": "tta_test_flag_stand_ins:agents"}
    code, _, err = flags(broken_docker, "--check")
    assert code == 2
    assert "does not implement DockerStackManager" in err
    bad_url = {**environ, "TTA_LEGACY_PLAYER_EXPERIENCE_URL": "legacy.example"}
    code, _, err = flags(bad_url, "--check")
    assert code == 2
    assert "expected an http(s):// URL" in err
