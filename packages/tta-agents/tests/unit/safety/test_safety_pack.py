"""Rules are data: operator packs, validation errors that say where, hot reload."""

import os
from pathlib import Path

import pytest
from prometheus_client import CollectorRegistry

from tta_agents import safety
from tta_agents.safety import RulePackError, SafetyEngine, SafetyLevel, SafetySettings
from tta_agents.safety.loader import DEFAULT_PACK, load_rules
from tta_agents.safety.pack import parse_pack

ZEBRA = """
version: "op-1"
rules:
  - id: operator.zebra
    category: operator_test
    level: crisis
    patterns: ["zebra (?:stripes|crossing) {tonight}"]
definitions:
  tonight: "(?:tonight|now)"
"""


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def write(path: Path, text: str, mtime: int) -> None:
    path.write_text(text)
    os.utime(path, (mtime, mtime))


def test_the_public_api_is_exactly_what_we_mean_to_export() -> None:
    assert sorted(safety.__all__) == sorted(
        [
            "CrisisResource",
            "InMemoryRecorder",
            "PackError",
            "ResourceFileError",
            "RuleMatch",
            "RulePackError",
            "SafetyAction",
            "SafetyChecker",
            "SafetyContext",
            "SafetyEngine",
            "SafetyError",
            "SafetyEvent",
            "SafetyEventRecorder",
            "SafetyLevel",
            "SafetySettings",
            "SecondOpinion",
            "Verdict",
            "default_checker",
        ]
    )


def test_an_operator_pack_adds_rules_and_changes_the_version(tmp_path: Path) -> None:
    pack = tmp_path / "operator.yaml"
    write(pack, ZEBRA, 1_000)
    default = SafetyEngine(registry=CollectorRegistry())
    checker = SafetyEngine(SafetySettings(rule_packs=(pack,)), registry=CollectorRegistry())
    verdict = checker.check("the zebra crossing now")
    assert verdict.level is SafetyLevel.CRISIS
    assert verdict.categories == ("operator_test",)
    assert checker.rules_version != default.rules_version
    assert checker.rules_version.startswith(default.rules_version.split("+")[0])


def test_an_operator_pack_can_disable_a_default_rule(tmp_path: Path) -> None:
    pack = tmp_path / "off.yaml"
    write(
        pack,
        'version: "op"\nrules:\n  - {id: anxiety.panic, category: panic_anxiety, level: concern,'
        ' patterns: ["x"], enabled: false}\n',
        1_000,
    )
    checker = SafetyEngine(SafetySettings(rule_packs=(pack,)), registry=CollectorRegistry())
    assert checker.check("I'm having a panic attack").level is SafetyLevel.SAFE


@pytest.mark.parametrize(
    ("text", "rule", "field", "words"),
    [
        (
            'version: "1"\nrules:\n  - {id: a.b, category: c, level: alarm, patterns: ["x"]}',
            "a.b",
            "level",
            "concern",
        ),
        ('version: "1"\nrules:\n  - {id: a.b, category: c, level: crisis}', "a.b", "patterns", ""),
        (
            'version: "1"\nrules:\n  - {id: a.b, category: c, level: crisis, patterns: ["(x"]}',
            "a.b",
            "patterns[0]",
            "invalid pattern",
        ),
        (
            'version: "1"\nrules:\n  - {id: a.b, category: c, level: crisis, patterns: ["{nope}"]}',
            "a.b",
            "patterns[0]",
            "unknown definition",
        ),
        (
            'version: "1"\nrules:\n  - {id: a.b, category: c, level: crisis, patterns: ["\\\\w+"]}',
            "a.b",
            "patterns[0]",
            "triggers",
        ),
        (
            'version: "1"\nrules:\n  - {id: a.b, category: c, level: crisis, patterns: ["x"],'
            " triggers: [Two Words]}",
            "a.b",
            "triggers",
            "one lowercase word",
        ),
    ],
)
def test_a_bad_pack_names_the_file_the_rule_and_the_field(
    tmp_path: Path, text: str, rule: str, field: str, words: str
) -> None:
    pack = tmp_path / "bad.yaml"
    pack.write_text(text)
    with pytest.raises(RulePackError) as caught:
        load_rules([DEFAULT_PACK, pack])
    error = caught.value
    assert (error.path, error.rule_id, error.field) == (str(pack), rule, field)
    assert str(pack) in str(error)
    assert words in str(error)


def test_a_pattern_without_a_literal_word_may_list_its_triggers(tmp_path: Path) -> None:
    pack = tmp_path / "triggers.yaml"
    pack.write_text(
        'version: "1"\nrules:\n  - {id: a.b, category: c, level: concern,'
        ' patterns: ["\\\\w+ing alone"], triggers: [alone]}\n'
    )
    checker = SafetyEngine(SafetySettings(rule_packs=(pack,)), registry=CollectorRegistry())
    assert checker.check("walking alone").level is SafetyLevel.CONCERN


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("version: [unclosed", "not valid YAML"),
        ("- just a list", "must be a mapping"),
        ('version: "1"\nsurprise: true', "Extra inputs"),
    ],
)
def test_malformed_pack_files_are_clear_errors(text: str, reason: str) -> None:
    with pytest.raises(RulePackError, match=reason):
        parse_pack(text, "op.yaml")


def test_an_unreadable_pack_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(RulePackError, match="cannot read"):
        load_rules([tmp_path / "missing.yaml"])
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(RulePackError, match="UTF-8"):
        load_rules([binary])


def test_a_bad_operator_pack_at_startup_refuses_to_start(tmp_path: Path) -> None:
    pack = tmp_path / "bad.yaml"
    pack.write_text("version: [")
    with pytest.raises(RulePackError):
        SafetyEngine(SafetySettings(rule_packs=(pack,)), registry=CollectorRegistry())


def test_packs_are_hot_reloaded_and_a_bad_reload_keeps_the_last_good_rules(
    tmp_path: Path,
) -> None:
    pack = tmp_path / "operator.yaml"
    write(pack, 'version: "op-0"\nrules: []\n', 1_000)
    clock = FakeClock()
    registry = CollectorRegistry()
    checker = SafetyEngine(
        SafetySettings(rule_packs=(pack,), reload_interval_s=5), registry=registry, clock=clock
    )
    assert checker.check("zebra stripes tonight").level is SafetyLevel.SAFE
    before = checker.rules_version

    write(pack, ZEBRA, 2_000)
    assert checker.check("zebra stripes tonight").level is SafetyLevel.SAFE  # not yet looked
    clock.now += 5
    assert checker.check("zebra stripes tonight").level is SafetyLevel.CRISIS
    good = checker.rules_version
    assert good != before
    assert registry.get_sample_value("tta_safety_rules_info", {"version": good}) == 1

    write(pack, "version: [broken", 3_000)
    clock.now += 5
    verdict = checker.check("zebra stripes tonight")
    assert verdict.level is SafetyLevel.CRISIS
    assert verdict.rules_version == good
    assert registry.get_sample_value("tta_safety_errors_total", {"kind": "reload"}) == 1
    clock.now += 5
    checker.check("zebra stripes tonight")
    assert registry.get_sample_value("tta_safety_errors_total", {"kind": "reload"}) == 1

    with pytest.raises(RulePackError):
        checker.reload()
    assert checker.rules_version == good
    write(pack, 'version: "op-0"\nrules: []\n', 4_000)
    assert checker.reload() == before


def test_a_deleted_pack_keeps_the_last_good_rules(tmp_path: Path) -> None:
    pack = tmp_path / "operator.yaml"
    write(pack, ZEBRA, 1_000)
    clock = FakeClock()
    checker = SafetyEngine(
        SafetySettings(rule_packs=(pack,), reload_interval_s=0),
        registry=CollectorRegistry(),
        clock=clock,
    )
    pack.unlink()
    clock.now += 1
    assert checker.check("zebra crossing now").level is SafetyLevel.CRISIS


def test_a_bad_cue_names_its_list_and_the_pattern(tmp_path: Path) -> None:
    pack = tmp_path / "cues.yaml"
    pack.write_text(
        'version: "1"\nmodifiers:\n  fiction: ["in my (story", "in the game"]\nrules: []\n'
    )
    with pytest.raises(RulePackError) as caught:
        load_rules([pack])
    assert caught.value.field == "modifiers.fiction"
    assert "invalid pattern 'in my (story'" in str(caught.value)


def test_cues_that_compile_alone_but_not_together_are_a_pack_error(tmp_path: Path) -> None:
    pack = tmp_path / "cues.yaml"
    pack.write_text('version: "1"\nmodifiers:\n  fiction: ["(?P<a>x)", "(?P<a>y)"]\nrules: []\n')
    with pytest.raises(RulePackError) as caught:
        load_rules([pack])
    assert caught.value.field == "modifiers.fiction"
