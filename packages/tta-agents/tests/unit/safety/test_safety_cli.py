"""`tta-safety check` and `tta-safety eval`, as an operator runs them."""

import json
from pathlib import Path

import pytest

from tta_agents.safety.cli import main


def corpus(tmp_path: Path, lines: list[tuple[str, str]]) -> Path:
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(json.dumps({"text": t, "label": lab}) for t, lab in lines) + "\n")
    return path


def test_check_prints_the_json_verdict(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "i want to kill myself", "--locale", "en-GB"]) == 0
    verdict = json.loads(capsys.readouterr().out)
    assert verdict["level"] == "crisis"
    assert verdict["action"] == "escalate"
    assert verdict["matches"][0]["rule_id"] == "suicide.kill_self"
    assert any(r["phone"] == "116 123" for r in verdict["resources"])


def test_check_output_judges_generated_narrative(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--output", "She tied a noose in the barn."]) == 0
    assert json.loads(capsys.readouterr().out)["action"] == "block"


def test_eval_reports_precision_recall_confusion_and_misses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = corpus(
        tmp_path,
        [("kms", "crisis"), ("open the door", "safe"), ("I feel so empty", "safe")],
    )
    assert main(["eval", str(path)]) == 0
    out = capsys.readouterr().out
    assert "precision" in out
    assert "recall" in out
    assert "confusion" in out
    assert "line 3: safe -> concern: I feel so empty" in out


def test_eval_thresholds_set_the_exit_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = corpus(
        tmp_path,
        [("kms", "crisis"), ("open the door", "concern"), ("I feel so empty", "safe")],
    )
    assert main(["eval", str(path), "--min-crisis-recall", "0.98"]) == 0
    assert main(["eval", str(path), "--max-safe-fpr", "0.02"]) == 1
    assert main(["eval", str(path), "--min-concern-recall", "0.9"]) == 1
    assert "FAILED: concern recall" in capsys.readouterr().out


def test_eval_json_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = corpus(tmp_path, [("kms", "crisis"), ("look around", "safe")])
    assert main(["eval", str(path), "--json", "--min-crisis-recall", "1"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["labels"]["crisis"]["recall"] == 1.0
    assert report["failures"] == []
    assert report["confusion"]["safe"]["safe"] == 1


@pytest.mark.parametrize(
    ("argv", "reason"),
    [
        ([], "required"),
        (["eval"], "required: file"),
        (["eval", "x.jsonl", "--min-crisis-recall", "2"], "not between 0 and 1"),
        (["eval", "x.jsonl", "--max-safe-fpr", "lots"], "not a number"),
        (["frobnicate"], "invalid choice"),
        (["eval", "/no/such/file.jsonl"], "cannot read"),
    ],
)
def test_usage_errors_exit_2_with_a_one_line_reason(
    argv: list[str], reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert reason in err
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("not json\n", "line 1: not JSON"),
        ('{"text": "x", "label": "maybe"}\n', "label must be one of"),
        ('["x"]\n', 'expected {"text"'),
        ("\n\n", "no labelled lines"),
    ],
)
def test_a_bad_corpus_names_the_line(
    tmp_path: Path, content: str, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content)
    assert main(["eval", str(path)]) == 2
    assert reason in capsys.readouterr().err


def test_validate_checks_operator_packs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.yaml"
    good.write_text('version: "1"\nrules: []\n')
    assert main(["validate", str(good)]) == 0
    assert "ok:" in capsys.readouterr().out
    bad = tmp_path / "bad.yaml"
    bad.write_text('version: "1"\nrules:\n  - {id: x, category: c, level: nope, patterns: [a]}\n')
    assert main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "rule 'x'" in err
    assert "field 'level'" in err


def test_check_can_layer_an_operator_pack(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = tmp_path / "op.yaml"
    pack.write_text(
        'version: "1"\nrules:\n  - {id: op.x, category: op, level: concern,'
        ' patterns: ["purple elephants"]}\n'
    )
    assert main(["check", "--rules", str(pack), "purple elephants everywhere"]) == 0
    assert json.loads(capsys.readouterr().out)["level"] == "concern"
