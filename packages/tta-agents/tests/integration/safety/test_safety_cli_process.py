"""The installed `tta-safety` command, run as an operator runs it (a real process)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "data"
SCRIPT = Path(sys.executable).parent / "tta-safety"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    if not SCRIPT.exists():
        pytest.fail(f"console script missing: {SCRIPT} (run `uv sync`)")
    return subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, timeout=120, check=False
    )


def test_eval_on_the_shipped_corpus_meets_the_issue_targets() -> None:
    done = run(
        "eval",
        str(DATA / "safety_corpus.jsonl"),
        "--min-crisis-recall",
        "0.98",
        "--max-safe-fpr",
        "0.02",
        "--min-concern-recall",
        "0.90",
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "thresholds met" in done.stdout


def test_check_prints_a_verdict_and_a_bad_option_exits_2() -> None:
    done = run("check", "honestly i want to kms")
    assert done.returncode == 0
    assert json.loads(done.stdout)["level"] == "crisis"
    bad = run("eval", str(DATA / "safety_corpus.jsonl"), "--max-safe-fpr", "-1")
    assert bad.returncode == 2
    assert bad.stderr.strip().startswith("tta-safety:")
    assert bad.stderr.count("\n") == 1
