"""What a scan of one text produced: its normalised words and the raw rule matches."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tta_agents.safety.normalize import Token
from tta_agents.safety.pack import RuleSpec
from tta_agents.safety.verdict import SafetyLevel

__all__ = ["CompiledRule", "RawMatch", "Scan"]


@dataclass(frozen=True)
class CompiledRule:
    spec: RuleSpec
    regexes: tuple[re.Pattern[str], ...]
    triggers: frozenset[str]

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
