"""The default pack's derivations are shipped: start-up neither parses nor compiles every
pattern, and a stale or foreign table costs time, never a wrong or a missing rule."""

import json
from pathlib import Path

import pytest

from tta_agents.safety import RulePackError
from tta_agents.safety.cli import main
from tta_agents.safety.derived import DEFAULT_DERIVED, pattern_key, read_derived, write_derived
from tta_agents.safety.loader import DEFAULT_PACK, load_rules

LINES = [
    "i want to kill myself tonight",
    "i'm going to end it all, i have the pills ready",
    "kill the goblin with the sword",
    "this boss is killing me lol",
    "i don't want to die, i just want the pain to stop",
    "my friend said she wants to hurt herself",
    "i have been cutting again",
    "go north and take the lantern",
]


def test_the_shipped_table_is_current_with_the_default_pack() -> None:
    # After editing default_rules.yaml: `uv run tta-safety derive` (this test says so).
    fresh = load_rules([DEFAULT_PACK], known={}).derived
    assert read_derived(DEFAULT_DERIVED) == fresh, "stale: run `uv run tta-safety derive`"


def test_rules_loaded_from_the_table_scan_exactly_as_rules_derived_now() -> None:
    shipped, fresh = load_rules([DEFAULT_PACK]), load_rules([DEFAULT_PACK], known={})
    for line in LINES:
        for surface in ("input", "output"):
            a, b = shipped.scan(line, surface), fresh.scan(line, surface)
            assert [(m.rule.spec.id, m.start, m.end) for m in a.matches] == [
                (m.rule.spec.id, m.start, m.end) for m in b.matches
            ]


def test_patterns_the_table_vouches_for_compile_on_first_use() -> None:
    rules = load_rules([DEFAULT_PACK])
    patterns = [p for rule in rules.rules for p in rule.patterns]
    assert all(p.compiled is None for p in patterns)
    rules.scan("i want to kill myself tonight", "input")
    assert 0 < sum(p.compiled is not None for p in patterns) < len(patterns) // 4


def test_a_pattern_the_table_does_not_know_is_still_checked_at_load(tmp_path: Path) -> None:
    pack = tmp_path / "op.yaml"
    pack.write_text(
        'version: "op-1"\nrules:\n  - id: op.bad\n    category: t\n    level: crisis\n'
        '    patterns: ["zebra (unclosed"]\n'
    )
    with pytest.raises(RulePackError, match="invalid pattern"):
        load_rules([DEFAULT_PACK, pack])


def test_a_table_from_another_python_or_a_broken_one_is_ignored(tmp_path: Path) -> None:
    table = load_rules([DEFAULT_PACK], known={}).derived
    path = tmp_path / "derived.json"
    write_derived(path, table)
    assert read_derived(path) == table
    document = path.read_text().replace('"python": "3.', '"python": "2.')
    path.write_text(document)
    assert read_derived(path) == {}
    path.write_text("{not json")
    assert read_derived(path) == {}
    assert read_derived(tmp_path / "missing.json") == {}


def test_a_stale_table_only_costs_time() -> None:
    shipped = read_derived(DEFAULT_DERIVED)
    half = dict(list(shipped.items())[::2])  # as if half the rules were edited since
    rules = load_rules([DEFAULT_PACK], known=half)
    assert rules.derived == shipped
    live = [p for rule in rules.rules for p in rule.patterns if p.compiled is not None]
    assert len(live) == len(shipped) - len(half)  # the rest were compiled (checked) at load
    fresh = load_rules([DEFAULT_PACK], known={})
    for line in LINES:
        assert [m.rule.spec.id for m in rules.scan(line, "input").matches] == [
            m.rule.spec.id for m in fresh.scan(line, "input").matches
        ]
    assert pattern_key("zebra") != pattern_key("zebra ")


def test_the_derive_command_writes_the_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "table.json"
    assert main(["derive", "--out", str(out)]) == 0
    assert "patterns of 2026." in capsys.readouterr().out
    assert json.loads(out.read_text())["format"] == 1
    assert read_derived(out) == read_derived(DEFAULT_DERIVED)
