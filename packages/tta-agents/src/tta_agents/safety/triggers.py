"""Trigger words derived from a rule pattern: words at least one of which every match contains.

The matcher looks a rule up by these words, so a rule is tried only on lines that could
match it. Deriving them from the pattern itself (rather than trusting a hand-written list)
means a rule can never be silently skipped because its author forgot a trigger. A trigger
ending in ``*`` is a word prefix (the word may continue, as in ``suicid*``).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

__all__ = ["required_words"]

# The regular expression parser of the standard library (no typing stubs exist for it).
sre_parse: Any = importlib.import_module("re._parser")
sre: Any = importlib.import_module("re._constants")

_WORD = frozenset("abcdefghijklmnopqrstuvwxyz0123456789'")
_ZERO_WIDTH = {sre.AT, sre.ASSERT, sre.ASSERT_NOT}
_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT}
_COMMON = frozenset(
    {
        *("i", "i'm", "i've", "i'll", "i'd", "me", "my", "a", "an", "the", "to", "of", "in"),
        *("on", "at", "and", "or", "so", "is", "it", "be", "are", "was", "for", "you", "your"),
        *("he", "she", "they", "his", "her", "them", "we", "do", "not", "no", "just", "that"),
        *("this", "with"),
    }
)

Triggers = frozenset[str]


def _cost(triggers: Triggers) -> float:
    total = 0.0
    for trigger in triggers:
        word = trigger.rstrip("*")
        if len(word) < 3 or word in _COMMON:
            total += 100
        else:
            total += 10 - min(len(word), 8) + (1 if trigger.endswith("*") else 0)
    return total


@dataclass
class _Walk:
    """The best trigger set found in one sequence of regex elements, and how it ends."""

    best: Triggers | None = None
    ends_at_boundary: bool = False

    def offer(self, candidate: Triggers | None) -> None:
        if candidate and (self.best is None or _cost(candidate) < _cost(self.best)):
            self.best = candidate


def _sequence(items: Any, at_start: bool) -> _Walk:
    walk = _Walk()
    word, word_ok, at = "", False, at_start

    def end_word(boundary: bool) -> None:
        nonlocal word
        if word and word_ok:
            walk.offer(frozenset({word if boundary else word + "*"}))
        word = ""

    for op, arg in items:
        if op is sre.LITERAL:
            char = chr(arg)
            if char == " ":
                end_word(boundary=True)
                at = True
            elif char in _WORD:
                if not word:
                    word_ok = at
                word += char
                at = False
            else:
                end_word(boundary=True)
                at = False
            continue
        end_word(boundary=False)
        if op in _ZERO_WIDTH:
            continue
        if op is sre.BRANCH:
            walks = [_sequence(alt, at) for alt in arg[1]]
            if all(w.best for w in walks):
                walk.offer(frozenset().union(*(w.best or () for w in walks)))
            at = all(w.ends_at_boundary for w in walks)
        elif op is sre.SUBPATTERN or op is sre.ATOMIC_GROUP:
            inner = _sequence(arg[-1] if op is sre.SUBPATTERN else arg, at)
            walk.offer(inner.best)
            at = inner.ends_at_boundary
        elif op in _REPEATS:
            low, _, sub = arg
            inner = _sequence(sub, at)
            if low >= 1:
                walk.offer(inner.best)
                at = inner.ends_at_boundary
            else:
                at = at and inner.ends_at_boundary
        else:
            at = False
    end_word(boundary=False)
    walk.ends_at_boundary = at and not word
    return walk


def required_words(pattern: str) -> Triggers | None:
    """Words (or ``prefix*``) one of which every match of ``pattern`` contains; None if none."""
    return _sequence(sre_parse.parse(pattern), at_start=True).best
