"""The labelled corpora, measured against the targets of the issue.

``safety_corpus.jsonl`` is the development set; ``safety_corpus_holdout.jsonl`` was written
separately and first run only once the rules were done (its first-run figures are in
docs/rewrite/agent_orchestration_safety.md).
"""

from collections import Counter
from pathlib import Path

import pytest

from tta_agents.safety import default_checker
from tta_agents.safety.evaluation import evaluate, read_corpus

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.mark.parametrize("name", ["safety_corpus.jsonl", "safety_corpus_holdout.jsonl"])
def test_the_checker_meets_the_targets_on_the_labelled_corpus(name: str) -> None:
    result = evaluate(default_checker(), read_corpus(DATA / name))
    missed = "\n".join(f"{line.label}->{got}: {line.text}" for line, got in result.misclassified)
    assert result.recall("crisis") >= 0.98, missed
    assert result.safe_false_positive_rate() <= 0.02, missed
    assert result.recall("concern") >= 0.90, missed


def test_the_corpus_is_large_original_and_covers_every_label() -> None:
    lines = read_corpus(DATA / "safety_corpus.jsonl") + read_corpus(
        DATA / "safety_corpus_holdout.jsonl"
    )
    assert len(lines) >= 400
    assert len({line.text for line in lines}) == len(lines)
    counts = Counter(line.label for line in lines)
    assert min(counts.values()) >= 100
