"""Trigger words derived from a rule pattern: words at least one of which every match contains.

The matcher looks a rule up by these words, so a rule is tried only on lines that could
match it. Deriving them from the pattern itself (rather than trusting a hand-written list)
means a rule can never be silently skipped because its author forgot a trigger. A trigger
ending in ``*`` is a word prefix (the word may continue, as in ``suicid*``).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

__all__ = ["first_words", "parse", "required_sets", "required_words"]

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
        *("this", "with", "can", "have", "all", "feel", "about", "like", "get", "got", "will"),
        *("would", "could", "when", "what", "how", "where", "who", "from", "one", "see", "time"),
        *("take", "make", "here", "there", "now", "today", "again", "after", "being", "every"),
        *("more", "want", "need", "know", "think", "going", "really", "very", "much", "many"),
        *("some", "any", "out", "off", "over", "down", "back", "open", "old", "new", "last"),
        *("first", "can't", "don't", "i'm", "it's", "into", "then", "than", "too", "also"),
    }
)

Triggers = frozenset[str]


# The most frequent words of chat English: a set holding one is looked at on almost every line.
_MOST_FREQUENT = frozenset(
    {
        *("the", "to", "i", "a", "and", "of", "in", "is", "it", "you", "my", "me", "that"),
        *("for", "on", "with", "be", "do", "this", "so", "i'm", "what", "at", "can", "have"),
        "not",
    }
)


def _word_cost(trigger: str) -> float:
    word = trigger.rstrip("*")
    prefix = 1.0 if trigger.endswith("*") else 0.0
    if word in _MOST_FREQUENT or len(word) < 2:
        return 200.0 + prefix
    if len(word) < 3 or word in _COMMON:
        return 100.0 + prefix
    return 10.0 - min(len(word), 8) + prefix


def _cost(triggers: Triggers) -> float:
    """How often a trigger set is expected to fire: its most common word dominates (a set
    with prefixes costs a little more to check, so an exact set of the same words wins)."""
    prefixed = any(t.endswith("*") for t in triggers)
    return max(_word_cost(t) for t in triggers) + len(triggers) / 100 + (0.5 if prefixed else 0)


@dataclass
class _Walk:
    """The best trigger set found in one sequence of regex elements, and how it ends.

    ``tails`` are the words still open at its end (``i(?:|'m)`` ends in "i" or "i'm"): the
    caller closes them when a space follows.
    """

    best: Triggers | None = None
    ends_at_boundary: bool = False
    tails: frozenset[str] | None = None
    offered: list[Triggers] = field(default_factory=list)

    def offer(self, candidate: Triggers | None) -> None:
        if candidate:
            self.offered.append(candidate)
            if self.best is None or _cost(candidate) < _cost(self.best):
                self.best = candidate


def _sequence(items: Any, at_start: bool, prefix: str = "", prefix_ok: bool = False) -> _Walk:
    """Walk a parsed sequence; ``prefix`` is a word begun before it (the parser factors
    common prefixes out of alternatives: ``myself|meself`` parses as ``m(?:yself|eself)``)."""
    walk = _Walk()
    word, word_ok, at = prefix, prefix_ok, at_start and not prefix
    pending: frozenset[str] | None = None

    def end_word(boundary: bool) -> None:
        nonlocal word
        if word and word_ok:
            walk.offer(frozenset({word if boundary else word + "*"}))
        word = ""

    for op, arg in items:
        if op is sre.LITERAL and not (pending and chr(arg) in _WORD):
            if pending:
                walk.offer(pending)
                pending = None
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
        if op in _ZERO_WIDTH:
            continue
        carried, carried_ok = word, word_ok
        end_word(boundary=False)
        offered, pending, at = _element(op, arg, at, carried, carried_ok)
        walk.offer(offered)
    if word and word_ok:
        walk.tails = frozenset({word})
    elif pending:
        walk.tails = pending
    end_word(boundary=False)
    walk.ends_at_boundary = at and not word
    return walk


def _element(
    op: Any, arg: Any, at: bool, carried: str, carried_ok: bool
) -> tuple[Triggers | None, frozenset[str] | None, bool]:
    """One group, branch or repeat: (its trigger set, its open tail words, ends at a boundary)."""
    if op is sre.BRANCH:
        walks = [_sequence(alt, at, carried, carried_ok) for alt in arg[1]]
        complete = all(w.best for w in walks)
        offered = frozenset().union(*(w.best or () for w in walks)) if complete else None
        pending = (
            frozenset().union(*(w.tails or () for w in walks))
            if all(w.tails for w in walks)
            else None
        )
        return offered, pending, all(w.ends_at_boundary for w in walks)
    if op is sre.SUBPATTERN or op is sre.ATOMIC_GROUP:
        inner = _sequence(arg[-1] if op is sre.SUBPATTERN else arg, at, carried, carried_ok)
        return inner.best, inner.tails, inner.ends_at_boundary
    if op in _REPEATS:
        low, _, sub = arg
        inner = _sequence(sub, at)
        if low >= 1:
            return inner.best, None, inner.ends_at_boundary
        return None, None, at and inner.ends_at_boundary
    return None, None, False


def required_words(pattern: str) -> Triggers | None:
    """Words (or ``prefix*``) one of which every match of ``pattern`` contains; None if none."""
    return _sequence(sre_parse.parse(pattern), at_start=True).best


def parse(pattern: str) -> Any:
    """The standard library's parse tree of ``pattern`` (feed it to the functions below)."""
    return sre_parse.parse(pattern)


def required_sets(pattern: str | Any, most: int = 2) -> tuple[Triggers, ...]:
    """Up to ``most`` trigger sets, each of which every match contains a word of.

    Requiring two sets (say {"why", "what"} and {"living", "alive"}) lets a pattern built
    from common words be skipped on the many lines that contain only one of them.
    """
    tree = sre_parse.parse(pattern) if isinstance(pattern, str) else pattern
    walk = _sequence(tree, at_start=True)
    ranked = sorted(dict.fromkeys(walk.offered), key=_cost)
    chosen: list[Triggers] = []
    for candidate in ranked:
        words = {t.rstrip("*") for t in candidate}
        if all(words.isdisjoint(t.rstrip("*") for t in other) for other in chosen):
            chosen.append(candidate)
        if len(chosen) == most:
            break
    return tuple(chosen)


def _first(items: Any) -> tuple[frozenset[str] | None, bool]:
    """The words a match of ``items`` can start with (``prefix*`` when the word may go on),
    and whether ``items`` can match the empty string. None: cannot tell."""
    firsts: set[str] = set()
    items = list(items)
    position = 0
    while position < len(items):
        op, arg = items[position]
        if op is sre.LITERAL:
            run = ""
            while position < len(items) and items[position][0] is sre.LITERAL:
                char = chr(items[position][1])
                if char not in _WORD:
                    break
                run += char
                position += 1
            if not run:
                return None, False
            ends = position < len(items) and items[position][0] is sre.LITERAL
            firsts.add(run if ends and chr(items[position][1]) == " " else run + "*")
            return frozenset(firsts), False
        position += 1
        if op in _ZERO_WIDTH:
            continue
        if op is sre.BRANCH:
            found = [_first(alt) for alt in arg[1]]
            nullable = any(empty for _, empty in found)
        elif op is sre.SUBPATTERN or op is sre.ATOMIC_GROUP:
            found = [_first(arg[-1] if op is sre.SUBPATTERN else arg)]
            nullable = found[0][1]
        elif op in _REPEATS:
            found = [_first(arg[2])]
            nullable = arg[0] == 0 or found[0][1]
        else:
            return None, False
        if any(words is None for words, _ in found):
            return None, False
        firsts.update(word for words, _ in found for word in words or ())
        if not nullable:
            return frozenset(firsts), False
    return frozenset(firsts), True


def first_words(pattern: str | Any) -> frozenset[str] | None:
    """The words any match of ``pattern`` starts with; None when that cannot be told."""
    tree = sre_parse.parse(pattern) if isinstance(pattern, str) else pattern
    words, nullable = _first(tree)
    return None if nullable or not words else words
