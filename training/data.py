"""The labelled data the adapter is trained on, read from JSONL files in this repository.

Safety rows: ``{"text", "label": safe|concern|crisis, "kind", "writer"}``; sessions
(``{"lines": [...], "label", "alone", ...}``) become the context window the engine reads
(earlier lines joined before the last) plus the last line alone. Intent rows:
``{"world", "location", "text", "accept": [kind, ...], "target", "writer"}``; the first
accepted kind is the label.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent
REPO = ROOT.parent
SAFETY_LABELS = ("safe", "concern", "crisis")
# The writers' kinds as the safety engine's categories (resources and messages follow them).
# Kinds that say how a thing is said rather than what it is (crisis inside game text,
# hyperbole) teach no category.
CATEGORY_OF_KIND = {
    "direct_ideation": "suicidal_ideation",
    "indirect_ideation": "suicidal_ideation",
    "slang_euphemism": "suicidal_ideation",
    "plans_means": "method_seeking",
    "farewell": "farewell",
    "self_harm": "self_harm",
    "overdose_medical": "overdose_medical",
    "abuse_danger": "abuse_at_home",
    "emotional_abuse": "abuse_at_home",
    "harm_to_others": "harm_to_others",
    "anxiety_panic": "panic_anxiety",
    "low_mood": "depression_hopelessness",
    "loneliness": "loneliness",
    "trauma": "trauma",
    "eating_disorder": "eating_disorder",
    "substance": "substance_misuse",
    "someone_else": "someone_else",
    "past_risk": "past_risk",
    "clinical_boundary": "clinical_boundary",
}
CATEGORY_LABELS = ("none", *sorted(set(CATEGORY_OF_KIND.values())))


def category_of(example: Example) -> str | None:
    """The category a safety line teaches (``none`` for safe lines), or None."""
    if example.task != "safety":
        return None
    if example.label == "safe":
        return "none"
    return CATEGORY_OF_KIND.get(example.kind)


SAFETY_DIRS = (ROOT / "data" / "safety", REPO / "packages" / "tta-agents" / "tests" / "data")
INTENT_DIR = ROOT / "data" / "intent"


@dataclass(frozen=True)
class Example:
    text: str
    task: str  # "safety" or "intent"
    label: str
    writer: str
    kind: str = ""
    source: str = ""


# The samples of ordinary play (English). The six languages' sample p4-* waits in training/pending:
# trained on and calibrated with, it cost crisis recall on two blind rounds (adapter v16, the
# model card).
PLAY_WRITERS = frozenset({"r2-play", "p3-a", "p3-b", "p3-c"})
CALIBRATION_SHARE = 0.4  # of them, chosen by hash, never trained on: thresholds are set on it


def is_calibration(example: Example) -> bool:
    if example.task != "safety" or example.writer not in PLAY_WRITERS:
        return False
    return hashlib.sha256(example.text.encode()).digest()[0] < 256 * CALIBRATION_SHARE


def window(lines: list[str]) -> str:
    """Several lines of one session read as one text (as the safety engine builds it)."""
    return " ".join(line if line.rstrip()[-1:] in ".!?" else f"{line.rstrip()}." for line in lines)


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def safety_examples(exclude_writers: frozenset[str] = frozenset()) -> list[Example]:
    out: list[Example] = []
    for folder in SAFETY_DIRS:
        for path in sorted(folder.glob("*.jsonl")):
            for row in _rows(path):
                writer = row.get("writer", "seed")
                if writer in exclude_writers:
                    continue
                if "lines" in row:
                    lines = row["lines"]
                    out.append(
                        Example(
                            window(lines),
                            "safety",
                            row["label"],
                            writer,
                            row.get("kind", ""),
                            path.name,
                        )
                    )
                    out.append(
                        Example(
                            lines[-1],
                            "safety",
                            row["alone"],
                            writer,
                            row.get("kind", ""),
                            path.name,
                        )
                    )
                else:
                    out.append(
                        Example(
                            row["text"],
                            "safety",
                            row["label"],
                            writer,
                            row.get("kind", ""),
                            path.name,
                        )
                    )
    return _unique(out)


def intent_examples(exclude_writers: frozenset[str] = frozenset()) -> list[Example]:
    out: list[Example] = []
    for path in sorted(INTENT_DIR.glob("*.jsonl")):
        for row in _rows(path):
            if row.get("writer") in exclude_writers:
                continue
            out.append(
                Example(
                    row["text"], "intent", row["accept"][0], row.get("writer", ""), source=path.name
                )
            )
    return _unique(out)


def _unique(rows: list[Example]) -> list[Example]:
    seen: set[tuple[str, str]] = set()
    out = []
    for row in rows:
        key = (row.task, " ".join(row.text.lower().split()))
        if key not in seen:
            seen.add(key)
            out.append(row)
    return out
