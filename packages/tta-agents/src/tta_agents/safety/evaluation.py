"""Measure a checker against a labelled corpus (JSONL lines ``{"text", "label"}``)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tta_agents.safety.errors import SafetyError
from tta_agents.safety.verdict import SafetyChecker, SafetyLevel

__all__ = ["CorpusError", "Evaluation", "LabelledLine", "evaluate", "read_corpus"]

LABELS = tuple(level.value for level in SafetyLevel)


class CorpusError(SafetyError, ValueError):
    """A corpus file is unreadable or a line is not ``{"text": str, "label": level}``."""


@dataclass(frozen=True)
class LabelledLine:
    line: int
    text: str
    label: str


@dataclass
class Evaluation:
    """Per-label counts: ``confusion[expected][predicted]`` and the misclassified lines."""

    confusion: dict[str, dict[str, int]] = field(
        default_factory=lambda: {e: dict.fromkeys(LABELS, 0) for e in LABELS}
    )
    misclassified: list[tuple[LabelledLine, str]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(sum(row.values()) for row in self.confusion.values())

    def recall(self, label: str) -> float:
        row = self.confusion[label]
        total = sum(row.values())
        return row[label] / total if total else 1.0

    def precision(self, label: str) -> float:
        predicted = sum(self.confusion[e][label] for e in LABELS)
        return self.confusion[label][label] / predicted if predicted else 1.0

    def safe_false_positive_rate(self) -> float:
        """Share of lines labelled safe that the checker did not call safe."""
        return 1.0 - self.recall("safe") if sum(self.confusion["safe"].values()) else 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "total": self.total,
            "labels": {
                label: {
                    "precision": round(self.precision(label), 4),
                    "recall": round(self.recall(label), 4),
                    "support": sum(self.confusion[label].values()),
                }
                for label in LABELS
            },
            "safe_false_positive_rate": round(self.safe_false_positive_rate(), 4),
            "confusion": self.confusion,
            "misclassified": [
                {"line": line.line, "label": line.label, "predicted": got, "text": line.text}
                for line, got in self.misclassified
            ],
        }


def read_corpus(path: Path) -> list[LabelledLine]:
    try:
        content = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{path}: cannot read: {exc}") from exc
    lines: list[LabelledLine] = []
    for number, raw in enumerate(content.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            item = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise CorpusError(f"{path}: line {number}: not JSON: {exc.msg}") from exc
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise CorpusError(f'{path}: line {number}: expected {{"text": str, "label": ...}}')
        if item.get("label") not in LABELS:
            raise CorpusError(f"{path}: line {number}: label must be one of {', '.join(LABELS)}")
        lines.append(LabelledLine(number, item["text"], item["label"]))
    if not lines:
        raise CorpusError(f"{path}: no labelled lines")
    return lines


def evaluate(checker: SafetyChecker, lines: Iterable[LabelledLine]) -> Evaluation:
    """Check every line with a fresh context (no session memory) and count the outcomes."""
    result = Evaluation()
    for line in lines:
        got = checker.check(line.text).level.value
        result.confusion[line.label][got] += 1
        if got != line.label:
            result.misclassified.append((line, got))
    return result


def render(result: Evaluation, thresholds: Sequence[str] = ()) -> str:
    """A human-readable report: per-label precision and recall, confusion matrix, misses."""
    out = [f"{result.total} lines", "", "label      precision  recall   support"]
    for label in LABELS:
        support = sum(result.confusion[label].values())
        out.append(
            f"{label:<10} {result.precision(label):>9.3f}  {result.recall(label):>6.3f}"
            f"   {support:>7}"
        )
    out.append(f"safe false-positive rate: {result.safe_false_positive_rate():.3f}")
    header = " " * 10 + "".join(f"{p:>9}" for p in LABELS)
    out += ["", "confusion (rows: label, columns: predicted)", header]
    for label in LABELS:
        out.append(f"{label:<10}" + "".join(f"{result.confusion[label][p]:>9}" for p in LABELS))
    if result.misclassified:
        out += ["", "misclassified:"]
        out += [
            f"  line {line.line}: {line.label} -> {got}: {line.text}"
            for line, got in result.misclassified
        ]
    out += list(thresholds)
    return "\n".join(out)
