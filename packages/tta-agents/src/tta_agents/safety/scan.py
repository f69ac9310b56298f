"""Compiled rules and patterns, and what a scan of one text produced (words and raw matches)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from tta_agents.safety.normalize import Token
from tta_agents.safety.pack import RuleSpec
from tta_agents.safety.verdict import SafetyLevel

__all__ = ["CompiledPattern", "CompiledRule", "Line", "RawMatch", "Scan"]


@dataclass(frozen=True)
class CompiledPattern:
    """A rule pattern and the trigger sets that must all be hit before it is tried."""

    regex: re.Pattern[str]
    requires: tuple[frozenset[str], ...]
    starts_with: frozenset[str] | None = None
    """Words every match starts with (``prefix*`` allowed); None: try every position."""
    _others: tuple[tuple[frozenset[str], tuple[str, ...]], ...] = field(init=False, repr=False)
    start_finder: re.Pattern[str] | None = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_others", tuple(_split(t) for t in self.requires[1:]))
        finder = _words_regex(self.starts_with) if self.starts_with else None
        object.__setattr__(self, "start_finder", finder)

    def may_match(self, line: Line) -> bool:
        """Whether the line hits every trigger set after the first (indexed) one."""
        for exact, prefixes in self._others:
            if exact.isdisjoint(line.words) and (
                not prefixes or line.prefixes().isdisjoint(prefixes)
            ):
                return False
        return True


class Line:
    """The distinct words of one normalised line, and (computed once, on demand) their
    prefixes of the lengths that trigger sets use; ``prefixes_of`` is a cached word lookup."""

    def __init__(self, text: str, prefixes_of: Callable[[str], frozenset[str]]) -> None:
        self.words = set(text.split(" "))
        self._prefixes_of = prefixes_of
        self._prefixes: set[str] | None = None

    def prefixes(self) -> set[str]:
        if self._prefixes is None:
            self._prefixes = set().union(*map(self._prefixes_of, self.words))
        return self._prefixes


def _words_regex(triggers: frozenset[str]) -> re.Pattern[str]:
    """Finds where one of ``triggers`` starts a word (``prefix*`` may go on)."""
    words = sorted(
        (re.escape(t[:-1]) + r"[\w']*" if t.endswith("*") else re.escape(t) for t in triggers),
        key=len,
        reverse=True,
    )
    return re.compile(r"(?:^|(?<= ))(?:" + "|".join(words) + r")(?![\w'])")


def _split(triggers: frozenset[str]) -> tuple[frozenset[str], tuple[str, ...]]:
    exact = frozenset(t for t in triggers if not t.endswith("*"))
    return exact, tuple(t[:-1] for t in triggers if t.endswith("*"))


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
