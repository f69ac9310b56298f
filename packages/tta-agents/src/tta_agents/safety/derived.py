"""What the matcher derives from each pattern of the default pack, worked out once and shipped.

Deriving a pattern's trigger words parses it with the standard library's regex parser; for
the default pack that is about a quarter of a second, and compiling every pattern another
fifth: together a quarter of ``tta serve``'s start-up. ``tta-safety derive`` writes each
pattern's derivation to ``data/default_rules.derived.json``, keyed by a hash of the pattern's
text and tagged with the Python version that parsed (and compiled) it.

At load, a pattern found in the table takes its derivation from it and is compiled on first
use: the entry is the evidence that it compiles. Any other pattern (an operator pack, an
edited rule, another Python) is derived and compiled at load as before, so a stale table
costs time, never a wrong or a missing rule. A test keeps the shipped table current.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Mapping
from pathlib import Path

__all__ = ["DEFAULT_DERIVED", "Derived", "pattern_key", "read_derived", "write_derived"]

DEFAULT_DERIVED = Path(__file__).resolve().parent / "data" / "default_rules.derived.json"
FORMAT = 1

Derived = tuple[tuple[frozenset[str], ...], frozenset[str] | None]
"""A pattern's trigger sets (every match has a word of each) and the words it starts with."""


def pattern_key(pattern: str) -> str:
    return hashlib.sha256(pattern.encode()).hexdigest()[:24]


def _python() -> str:
    return f"{sys.version_info.major}.{sys.version_info.minor}"


def read_derived(path: Path = DEFAULT_DERIVED) -> dict[str, Derived]:
    """The table at ``path``; empty when it is missing, unreadable, or made by another
    Python (whose parser and compiler it cannot vouch for)."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        if document.get("format") != FORMAT or document.get("python") != _python():
            return {}
        return {
            key: (
                tuple(frozenset(words) for words in sets),
                None if starts is None else frozenset(starts),
            )
            for key, (sets, starts) in document["patterns"].items()
        }
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}


def _sorted(words: frozenset[str] | None) -> list[str] | None:
    return None if words is None else sorted(words)


def write_derived(path: Path, table: Mapping[str, Derived]) -> None:
    """Write ``table`` (one pattern a line, sorted, so a changed rule is a small diff)."""
    rows = [
        f"{json.dumps(key)}: {json.dumps([[sorted(w) for w in sets], _sorted(starts)])}"
        for key, (sets, starts) in sorted(table.items())
    ]
    head = f'{{"format": {FORMAT}, "python": {json.dumps(_python())}, "patterns": {{\n'
    path.write_text(head + ",\n".join(rows) + "\n}}\n", encoding="utf-8")
