"""The installed `tta` command's output read by another program (a real pipe)."""

import subprocess
import sys
from pathlib import Path

INTENT_DATA = Path(__file__).resolve().parents[5] / "training" / "data" / "intent"
TTA = Path(sys.executable).parent / "tta"


def test_a_reader_that_leaves_early_gets_no_traceback(tmp_path: Path) -> None:
    corpus = tmp_path / "play.jsonl"
    corpus.write_text("".join(p.read_text() for p in sorted(INTENT_DATA.glob("*.jsonl"))))
    with subprocess.Popen(
        [str(TTA), "worlds", "eval", str(corpus), "--rules-only", "--misses"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        first = process.stdout.readline()
        process.stdout.close()  # like `| head -1`
        errors = process.stderr.read().decode()
        code = process.wait(timeout=120)
    assert b"handled as meant" in first
    assert "Traceback" not in errors
    assert code == 0
