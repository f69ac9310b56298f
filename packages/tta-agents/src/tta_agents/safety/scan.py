"""Compiled rules and patterns, and what a scan of one text produced (words and raw matches)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tta_agents.safety.normalize import Token
from tta_agents.safety.pack import RuleSpec
from tta_agents.safety.verdict import SafetyLevel

__all__ = ["CompiledPattern", "CompiledRule", "RawMatch", "Scan"]


@dataclass(frozen=True)
class CompiledPattern:
    """A rule pattern and the trigger sets (one or two) that must all be hit before it is
    tried; ``start_finder`` finds the words a match can start with."""

    regex: re.Pattern[str]
    requires: tuple[frozenset[str], ...]
    starts_with: frozenset[str] | None = None
    """Words every match starts with (``prefix*`` allowed); None: try every position."""
    start_finder: re.Pattern[str] | None = field(init=False, repr=False)

    def __post_init__(self) -> None:
        finder = _words_regex(self.starts_with) if self.starts_with else None
        object.__setattr__(self, "start_finder", finder)


def _words_regex(triggers: frozenset[str]) -> re.Pattern[str]:
    """Finds where one of ``triggers`` starts a word (``prefix*`` may go on)."""
    words = sorted(
        (re.escape(t[:-1]) + r"[\w']*" if t.endswith("*") else re.escape(t) for t in triggers),
        key=len,
        reverse=True,
    )
    return re.compile(r"(?:^|(?<= ))(?:" + "|".join(words) + r")(?![\w'])")


@dataclass(frozen=True)
class CompiledRule:
    spec: RuleSpec
    patterns: tuple[CompiledPattern, ...]

    @property
    def level(self) -> SafetyLevel:
        return SafetyLevel(self.spec.level)


@dataclass(frozen=True)
class RawMatch:
    """A rule pattern that matched normalised words ``first``..``last`` (inclusive)."""

    rule: CompiledRule
    first: int
    last: int
    start: int
    end: int


@dataclass
class Scan:
    """The normalised words of one text and the raw rule matches found in it."""

    tokens: list[Token] = field(default_factory=list)
    matches: list[RawMatch] = field(default_factory=list)

    def words(self, first: int, last: int) -> str:
        return " ".join(token[0] for token in self.tokens[first : last + 1])

    @property
    def text(self) -> str:
        return " ".join(token[0] for token in self.tokens)
