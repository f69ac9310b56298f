"""Language, not keywords: what the words around a rule match do to its level.

A match of a first-person crisis rule may be negated ("I'm not going to hurt myself"), about
someone else ("my friend wants to die"), fiction or a hypothetical about a character, in the
past and recovered ("two years ago I tried..., I'm better now"), reported speech, or part of
an idiom ("dying to know"). Each modifier is a list of cue phrases in the rule pack; this
module decides, for one match, the level that remains (or ``None``: not a risk) and notes
why, so the verdict can explain itself. Pure functions over a ``Scan``; no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from tta_agents.safety.pack import ModifierSpec
from tta_agents.safety.scan import RawMatch, Scan
from tta_agents.safety.verdict import SafetyLevel

__all__ = ["Cues", "judge"]

_SENTENCE_BREAKS = frozenset({".", "!", "?", ";", "\n"})
_FIRST_PERSON = frozenset({"i", "i'm", "i've", "i'll", "i'd", "me", "myself", "my"})
_PAST_VERB = re.compile(r"(?<![\w'])(?:tried|attempted|used|was|were|did|had|\w+ed)(?![\w'])")
_DOWN = {SafetyLevel.CRISIS: SafetyLevel.CONCERN, SafetyLevel.CONCERN: None}


def _phrases(items: Iterable[str]) -> re.Pattern[str] | None:
    items = tuple(items)
    if not items:
        return None
    return re.compile(r"(?<![\w'])(?:" + "|".join(f"(?:{item})" for item in items) + r")(?![\w'])")


_CUE_LISTS = (
    "negation",
    "pseudo_negation",
    "others",
    "fiction",
    "fiction_strong",
    "reported",
    "past",
    "present",
    "recovery",
    "game",
    "hyperbole",
    "idioms",
)


@dataclass(frozen=True)
class Cues:
    """The modifier cue lists of a rule set, compiled once."""

    negation: re.Pattern[str] | None
    pseudo_negation: re.Pattern[str] | None
    negation_window: int
    others: re.Pattern[str] | None
    fiction: re.Pattern[str] | None
    fiction_strong: re.Pattern[str] | None
    reported: re.Pattern[str] | None
    past: re.Pattern[str] | None
    present: re.Pattern[str] | None
    recovery: re.Pattern[str] | None
    game: re.Pattern[str] | None
    hyperbole: re.Pattern[str] | None
    idioms: re.Pattern[str] | None
    clause_breaks: frozenset[str]

    @classmethod
    def from_spec(cls, spec: ModifierSpec, expand: Callable[[str, str], str]) -> Cues:
        """Compile every cue list; ``expand(pattern, field)`` fills in pack definitions."""
        compiled: dict[str, re.Pattern[str] | None] = {}
        for name in _CUE_LISTS:
            items = [expand(item, f"modifiers.{name}") for item in getattr(spec, name)]
            compiled[name] = _phrases(items)
        return cls(
            **compiled,
            negation_window=spec.negation_window,
            clause_breaks=frozenset(spec.clause_breaks) | _SENTENCE_BREAKS,
        )


def _has(pattern: re.Pattern[str] | None, text: str) -> bool:
    return pattern is not None and pattern.search(text) is not None


def _bounds(scan: Scan, match: RawMatch, breaks: frozenset[str]) -> tuple[int, int]:
    start = match.first
    while start > 0 and scan.tokens[start - 1][0] not in breaks:
        start -= 1
    end = match.last
    while end + 1 < len(scan.tokens) and scan.tokens[end + 1][0] not in breaks:
        end += 1
    return start, end


def _in_idiom(cues: Cues, scan: Scan, match: RawMatch, start: int, end: int) -> bool:
    if cues.idioms is None:
        return False
    sentence = scan.words(start, end)
    offset = len(scan.words(start, match.first - 1)) + 1 if match.first > start else 0
    span_end = offset + len(scan.words(match.first, match.last))
    return any(
        idiom.start() < span_end and offset < idiom.end()
        for idiom in cues.idioms.finditer(sentence)
    )


def _negated(cues: Cues, scan: Scan, match: RawMatch, clause_start: int) -> bool:
    first = max(clause_start, match.first - cues.negation_window)
    before = scan.words(first, match.first - 1) if first < match.first else ""
    if cues.pseudo_negation is not None:
        before = cues.pseudo_negation.sub(" ", before)
    return _has(cues.negation, before)


def _about_someone_else(cues: Cues, scan: Scan, match: RawMatch, clause_start: int) -> bool:
    if scan.tokens[match.first][0] in _FIRST_PERSON or cues.others is None:
        return False
    for position in range(match.first - 1, max(clause_start, match.first - 5) - 1, -1):
        word = scan.tokens[position][0]
        if word in _FIRST_PERSON:
            return False
        if cues.others.fullmatch(word):
            return True
    return False


def judge(cues: Cues, scan: Scan, match: RawMatch) -> tuple[SafetyLevel | None, tuple[str, ...]]:
    """The level a match keeps once its context is read, and the notes saying why."""
    rule = match.rule.spec
    level: SafetyLevel | None = match.rule.level
    start, end = _bounds(scan, match, _SENTENCE_BREAKS)
    clause_start, clause_end = _bounds(scan, match, cues.clause_breaks)
    sentence = scan.words(start, end)
    if _in_idiom(cues, scan, match, start, end):
        return None, ("idiom",)
    if _negated(cues, scan, match, clause_start):
        return None, ("negated",)
    person = rule.person
    notes: list[str] = []
    if person == "self" and _about_someone_else(cues, scan, match, clause_start):
        person = "other"
        notes.append("someone else")
    if person != "self" and (_has(cues.fiction, sentence) or _has(cues.fiction_strong, sentence)):
        return None, ("fiction or hypothetical",)
    if person == "self" and _has(cues.fiction_strong, scan.words(clause_start, clause_end)):
        return None, ("fiction or game",)
    if person == "other" and level is SafetyLevel.CRISIS:
        level = SafetyLevel.CONCERN
    if rule.game_sensitive and _has(cues.game, sentence):
        return None, ("game talk",)
    if person == "self" and _has(cues.reported, scan.words(start, match.first - 1)):
        level = SafetyLevel.CONCERN
        notes.append("reported speech")
    if not _has(cues.present, sentence):
        past = _has(cues.past, sentence)
        recovered = _has(cues.recovery, scan.text)
        matched = scan.words(match.first, match.last)
        if past:
            level = _DOWN.get(level) if level else None
            notes.append("in the past")
        if recovered and (past or _PAST_VERB.search(matched)) and level is not None:
            level = _DOWN.get(level)
            notes.append("recovered")
    if level is SafetyLevel.CRISIS and _has(cues.hyperbole, sentence):
        level = SafetyLevel.CONCERN
        notes.append("hyperbole")
    return level, tuple(notes)
