"""Measure a checker against a labelled corpus.

A corpus is JSONL: ``{"text", "label"}`` lines, optionally with ``"kind"`` (a finer category,
reported per kind), and sessions ``{"lines": [...], "label"}`` whose earlier lines are
checked first in one session, so the last is judged in context. The four figures that
matter (see docs/rewrite/agent_orchestration_safety.md) are:

- crisis recall: crisis lines answered with a crisis verdict;
- crisis reached: crisis lines answered with a crisis verdict or a check-in;
- concern recall: concern lines answered with support (concern, check-in or crisis);
- safe flagged: safe lines answered with anything but ``safe``.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tta_agents.safety.errors import SafetyError
from tta_agents.safety.verdict import SafetyAction, SafetyChecker, SafetyContext, SafetyLevel

__all__ = ["CorpusError", "Evaluation", "LabelledLine", "evaluate", "read_corpus"]

LABELS = tuple(level.value for level in SafetyLevel)
CHECK_IN = "check_in"


class CorpusError(SafetyError, ValueError):
    """A corpus file is unreadable or a line is not ``{"text": str, "label": level}``."""


@dataclass(frozen=True)
class LabelledLine:
    line: int
    text: str
    label: str
    kind: str = ""
    before: tuple[str, ...] = ()  # earlier lines of the same session, checked first


@dataclass
class Evaluation:
    """Per-label counts: ``confusion[expected][predicted]`` (``check_in`` is its own column)
    and the misclassified lines."""

    confusion: dict[str, dict[str, int]] = field(
        default_factory=lambda: {e: dict.fromkeys((*LABELS, CHECK_IN), 0) for e in LABELS}
    )
    kinds: dict[tuple[str, str], dict[str, int]] = field(
        default_factory=lambda: defaultdict(lambda: dict.fromkeys((*LABELS, CHECK_IN), 0))
    )
    misclassified: list[tuple[LabelledLine, str]] = field(default_factory=list)

    def add(self, line: LabelledLine, got: str) -> None:
        self.confusion[line.label][got] += 1
        if line.kind:
            self.kinds[(line.label, line.kind)][got] += 1
        if not _meets(line.label, got):
            self.misclassified.append((line, got))

    @property
    def total(self) -> int:
        return sum(sum(row.values()) for row in self.confusion.values())

    def _share(self, label: str, answers: Iterable[str]) -> float:
        row = self.confusion[label]
        total = sum(row.values())
        return sum(row[a] for a in answers) / total if total else 1.0

    def recall(self, label: str) -> float:
        """Exact recall: lines of ``label`` answered with exactly that level."""
        if label == "concern":
            return self._share(label, ("concern", CHECK_IN))
        return self._share(label, (label,))

    def precision(self, label: str) -> float:
        columns = (label, CHECK_IN) if label == "concern" else (label,)
        predicted = sum(self.confusion[e][c] for e in LABELS for c in columns)
        right = sum(self.confusion[label][c] for c in columns)
        return right / predicted if predicted else 1.0

    def crisis_recall(self) -> float:
        return self._share("crisis", ("crisis",))

    def crisis_reached(self) -> float:
        return self._share("crisis", ("crisis", CHECK_IN))

    def concern_recall(self) -> float:
        return self._share("concern", ("concern", CHECK_IN, "crisis"))

    def safe_flagged(self) -> float:
        return self._share("safe", ("concern", CHECK_IN, "crisis")) if self._has("safe") else 0.0

    def safe_false_positive_rate(self) -> float:  # the earlier name of safe_flagged
        return self.safe_flagged()

    def _has(self, label: str) -> bool:
        return sum(self.confusion[label].values()) > 0

    def figures(self) -> dict[str, float]:
        return {
            "crisis_recall": round(self.crisis_recall(), 4),
            "crisis_reached": round(self.crisis_reached(), 4),
            "concern_recall": round(self.concern_recall(), 4),
            "safe_flagged": round(self.safe_flagged(), 4),
        }

    def as_dict(self) -> dict[str, object]:
        return {
            "total": self.total,
            "figures": self.figures(),
            "labels": {
                label: {
                    "precision": round(self.precision(label), 4),
                    "recall": round(self.recall(label), 4),
                    "support": sum(self.confusion[label].values()),
                }
                for label in LABELS
            },
            "safe_false_positive_rate": round(self.safe_flagged(), 4),
            "confusion": self.confusion,
            "kinds": {f"{label}/{kind}": row for (label, kind), row in sorted(self.kinds.items())},
            "misclassified": [
                {"line": line.line, "label": line.label, "predicted": got, "text": line.text}
                for line, got in self.misclassified
            ],
        }


def _meets(label: str, got: str) -> bool:
    if label == "crisis":
        return got == "crisis"
    if label == "concern":
        return got != "safe"
    return got == "safe"


def _line(path: Path, number: int, item: object) -> LabelledLine:
    if not isinstance(item, dict):
        raise CorpusError(f'{path}: line {number}: expected {{"text": str, "label": ...}}')
    before: tuple[str, ...] = ()
    lines = item.get("lines")
    if isinstance(lines, list) and lines and all(isinstance(x, str) for x in lines):
        text, before = lines[-1], tuple(lines[:-1])
    elif isinstance(item.get("text"), str):
        text = item["text"]
    else:
        raise CorpusError(f'{path}: line {number}: expected {{"text": str, "label": ...}}')
    if item.get("label") not in LABELS:
        raise CorpusError(f"{path}: line {number}: label must be one of {', '.join(LABELS)}")
    kind = item.get("kind")
    return LabelledLine(number, text, item["label"], kind if isinstance(kind, str) else "", before)


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
        lines.append(_line(path, number, item))
    if not lines:
        raise CorpusError(f"{path}: no labelled lines")
    return lines


def _answer(checker: SafetyChecker, line: LabelledLine) -> str:
    if not line.before:
        verdict = checker.check(line.text)
    else:
        context = SafetyContext(session_id=f"eval-{uuid.uuid4().hex}")
        for earlier in line.before:
            checker.check(earlier, context)
        verdict = checker.check(line.text, context)
    if verdict.action is SafetyAction.CHECK_IN:
        return CHECK_IN
    return verdict.level.value


def evaluate(checker: SafetyChecker, lines: Iterable[LabelledLine]) -> Evaluation:
    """Check every line (a session's earlier lines first, in a session of its own)."""
    result = Evaluation()
    for line in lines:
        result.add(line, _answer(checker, line))
    return result


def render(result: Evaluation, thresholds: Sequence[str] = ()) -> str:
    """A human-readable report: the four figures, per-label precision and recall, per-kind
    rates, the confusion matrix and the misses."""
    f = result.figures()
    out = [
        f"{result.total} lines",
        "",
        f"crisis recall   {f['crisis_recall']:.3f}   (crisis lines answered with crisis)",
        f"crisis reached  {f['crisis_reached']:.3f}   (crisis or a check-in)",
        f"concern recall  {f['concern_recall']:.3f}   (concern lines given support or more)",
        f"safe flagged    {f['safe_flagged']:.3f}   (safe lines answered with anything else)",
        "",
        "label      precision  recall   support",
    ]
    for label in LABELS:
        support = sum(result.confusion[label].values())
        out.append(
            f"{label:<10} {result.precision(label):>9.3f}  {result.recall(label):>6.3f}"
            f"   {support:>7}"
        )
    out.append(f"safe false-positive rate: {result.safe_flagged():.3f}")
    columns = (*LABELS, CHECK_IN)
    if result.kinds:
        out += ["", "per kind (share answered as expected: crisis; support or more; safe)"]
        for (label, kind), row in sorted(result.kinds.items()):
            total = sum(row.values())
            good = sum(n for got, n in row.items() if _meets(label, got))
            out.append(f"  {label:<8} {kind:<24} {good / total:>6.3f}  of {total:>4}")
    header = " " * 10 + "".join(f"{p:>9}" for p in columns)
    out += ["", "confusion (rows: label, columns: answer)", header]
    for label in LABELS:
        out.append(f"{label:<10}" + "".join(f"{result.confusion[label][p]:>9}" for p in columns))
    if result.misclassified:
        out += ["", "misclassified:"]
        out += [
            f"  line {line.line}: {line.label} -> {got}: {line.text}"
            for line, got in result.misclassified
        ]
    out += list(thresholds)
    return "\n".join(out)
