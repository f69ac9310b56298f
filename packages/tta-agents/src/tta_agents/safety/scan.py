"""Compiled rules and patterns, and what a scan of one text produced (words and raw matches)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from tta_agents.safety.normalize import Token
from tta_agents.safety.pack import RuleSpec
from tta_agents.safety.verdict import SafetyLevel

__all__ = ["CompiledPattern", "CompiledRule", "RawMatch", "Scan"]


@dataclass(frozen=True)
class CompiledPattern:
    """A rule pattern and the trigger sets (one or two) that must all be hit before it is
    tried; ``start_finder`` finds the words a match can start with.

    ``source`` is compiled on first use unless ``compiled`` is given: most patterns of a
    pack never run in a process's first minutes, and compiling all of them would double the
    rules' share of start-up. A pattern is only left uncompiled when it is known to compile
    (``safety.derived``)."""

    source: str
    requires: tuple[frozenset[str], ...]
    starts_with: frozenset[str] | None = None
    """Words every match starts with (``prefix*`` allowed); None: try every position."""
    compiled: re.Pattern[str] | None = field(default=None, repr=False, compare=False)

    @property
    def regex(self) -> re.Pattern[str]:
        if self.compiled is None:  # two threads may both compile it: the same result
            object.__setattr__(self, "compiled", re.compile(self.source))
        return self.compiled  # type: ignore[return-value]

    @cached_property
    def start_finder(self) -> re.Pattern[str] | None:
        return _words_regex(self.starts_with) if self.starts_with else None


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
