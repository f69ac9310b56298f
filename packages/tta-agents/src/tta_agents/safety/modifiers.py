"""Language, not keywords: what the words around a rule match do to its level.

A match of a first-person crisis rule may be negated ("I'm not going to hurt myself"), about
someone else ("my friend wants to die"), fiction or a hypothetical about a character, in the
past and recovered ("two years ago I tried..., I'm better now"), reported speech, or part of
an idiom ("dying to know"). Each modifier is a list of cue phrases in the rule pack;
``Reading.judge`` decides, for one match, the level that remains (or ``None``: not a risk)
and notes why, so the verdict can explain itself. Pure reads of a ``Scan``; no I/O.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from tta_agents.safety.pack import ModifierSpec
from tta_agents.safety.scan import RawMatch, Scan
from tta_agents.safety.verdict import SafetyLevel

__all__ = ["Cues", "Reading"]

_SENTENCE_BREAKS = frozenset({".", "!", "?", ";", "\n"})
_FIRST_PERSON = frozenset({"i", "i'm", "i've", "i'll", "i'd", "me", "myself", "my"})
_PAST_VERB = re.compile(r"(?<![\w'])(?:tried|attempted|used|was|were|did|had|\w+ed)(?![\w'])")
_DOWN = {SafetyLevel.CRISIS: SafetyLevel.CONCERN, SafetyLevel.CONCERN: None}


def _phrases(items: Iterable[str]) -> re.Pattern[str] | None:
    items = tuple(items)
    if not items:
        return None
    return re.compile(r"(?<![\w'])(?:" + "|".join(f"(?:{item})" for item in items) + r")(?![\w'])")


_REVEALED_CRISIS = frozenset({"suicidal_ideation", "self_harm"})
_DANGER_NOW = _REVEALED_CRISIS | {"method_seeking", "farewell", "overdose_medical"}
_CUE_LISTS = (
    "negation",
    "negation_after",
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
    "asking_meaning",
    "studying",
    "self_reveal",
    "imminent",
    "idioms",
)


@dataclass(frozen=True)
class Cues:
    """The modifier cue lists of a rule set, compiled once."""

    negation: re.Pattern[str] | None
    negation_after: re.Pattern[str] | None
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
    asking_meaning: re.Pattern[str] | None
    studying: re.Pattern[str] | None
    self_reveal: re.Pattern[str] | None
    imminent: re.Pattern[str] | None
    idioms: re.Pattern[str] | None
    clause_breaks: frozenset[str]

    @classmethod
    def from_spec(
        cls,
        spec: ModifierSpec,
        expand: Callable[[str, str], str],
        check: Callable[[str, str, str], None],
    ) -> Cues:
        """Compile every cue list once; ``expand(pattern, field)`` fills in pack definitions.

        A list that does not compile is read item by item, and ``check(item, expanded,
        field)`` raises for the bad one (compiling every item on its own as well doubled
        the start-up cost of the cues)."""
        compiled: dict[str, re.Pattern[str] | None] = {}
        for name in _CUE_LISTS:
            field = f"modifiers.{name}"
            items = list(getattr(spec, name))
            expanded = [expand(item, field) for item in items]
            try:
                compiled[name] = _phrases(expanded)
            except re.error:
                for item, one in zip(items, expanded, strict=True):
                    check(item, one, field)
                # every item compiles alone but not beside the others (a backreference)
                check(" | ".join(items), "|".join(f"(?:{one})" for one in expanded), field)
                raise
        return cls(
            **compiled,
            negation_window=spec.negation_window,
            clause_breaks=frozenset(spec.clause_breaks) | _SENTENCE_BREAKS,
        )


# A sentence that asks: a study cue lowers only a question ("for my course: what is...?").
_QUESTION = re.compile(
    r"(?:^|[.:;!] )(?:what|what's|whats|how|why|is|are|does|do|can|could|should|which|when)\b"
)


def _has(pattern: re.Pattern[str] | None, text: str) -> bool:
    return pattern is not None and pattern.search(text) is not None


class Reading:
    """The context of every match in one scan, read once.

    Judging a match reads its sentence, its clause, the words before it and the whole text.
    Done per match that is quadratic in a long text (every match rereads its sentence), so
    boundaries, texts and cue findings are computed once per sentence or clause and shared.
    """

    def __init__(self, cues: Cues, scan: Scan) -> None:
        self.cues = cues
        self.scan = scan
        words = [token[0] for token in scan.tokens]
        self._offsets: list[int] = []
        offset = 0
        for word in words:
            self._offsets.append(offset)
            offset += len(word) + 1
        self._text = " ".join(words)
        self._breaks: dict[frozenset[str], list[int]] = {}
        self._found: dict[tuple[str, int, int], bool] = {}
        self._idioms: dict[tuple[int, int], tuple[list[int], list[int]]] = {}
        self._reported: dict[tuple[int, int], int | None] = {}
        self._recovered: bool | None = None
        self._studying: bool | None = None
        self._revealed: bool | None = None
        self._imminent: bool | None = None

    def words(self, first: int, last: int) -> str:
        """``scan.words(first, last)`` as a slice of the text joined once."""
        if first > last:
            return ""
        return self._text[self._offsets[first] : self._end(last)]

    def _end(self, last: int) -> int:
        return self._offsets[last] + len(self.scan.tokens[last][0])

    def bounds(self, match: RawMatch, breaks: frozenset[str]) -> tuple[int, int]:
        """The words around ``match`` up to (not including) the nearest ``breaks``."""
        found = self._breaks.get(breaks)
        if found is None:
            found = [n for n, token in enumerate(self.scan.tokens) if token[0] in breaks]
            self._breaks[breaks] = found
        before = bisect_left(found, match.first)
        start = found[before - 1] + 1 if before else 0
        after = bisect_right(found, match.last)
        end = found[after] - 1 if after < len(found) else len(self.scan.tokens) - 1
        return start, end

    def has(self, name: str, first: int, last: int) -> bool:
        """Whether cue list ``name`` occurs in words ``first``..``last`` (cached per span)."""
        key = (name, first, last)
        found = self._found.get(key)
        if found is None:
            found = _has(getattr(self.cues, name), self.words(first, last))
            self._found[key] = found
        return found

    def for_study(self) -> bool:
        """Whether the text is a question asked for a course, an essay or a debate ("for my
        nursing course: what are the warning signs...?")."""
        if self._studying is None:
            self._studying = _has(self.cues.studying, self._text) and (
                " ?" in self._text or _QUESTION.search(self._text) is not None
            )
        return self._studying

    def recovered(self) -> bool:
        if self._recovered is None:
            self._recovered = _has(self.cues.recovery, self._text)
        return self._recovered

    def in_idiom(self, match: RawMatch, start: int, end: int) -> bool:
        if self.cues.idioms is None:
            return False
        spans = self._idioms.get((start, end))
        if spans is None:
            found = list(self.cues.idioms.finditer(self.words(start, end)))
            spans = ([m.start() for m in found], [m.end() for m in found])
            self._idioms[(start, end)] = spans
        starts, ends = spans
        offset = self._offsets[match.first] - self._offsets[start]
        span_end = self._end(match.last) - self._offsets[start]
        # finditer's matches do not overlap, so their ends rise with their starts: the
        # first idiom ending after the match's start is the only one that can overlap it.
        n = bisect_right(ends, offset)
        return n < len(starts) and starts[n] < span_end

    def reported(self, match: RawMatch, start: int) -> bool:
        """Whether a reported-speech cue occurs in the sentence before ``match``.

        A cue found in some words is found in any longer run of them (cues are phrases
        guarded by word boundaries), so the shortest run of the sentence holding one is
        found once, by bisection, and every match of the sentence compares with it.
        """
        pattern = self.cues.reported
        if pattern is None:
            return False
        if match.first <= start:
            return _has(pattern, "")
        _, end = self.bounds(match, _SENTENCE_BREAKS)
        key = (start, end)
        if key not in self._reported:
            sentence = self.words(start, end)
            base = self._offsets[start]

            def found(last: int) -> bool:
                return pattern.search(sentence, 0, self._end(last) - base) is not None

            low, high = start, end
            if not found(high):
                self._reported[key] = None
            else:
                while low < high:
                    middle = (low + high) // 2
                    if found(middle):
                        high = middle
                    else:
                        low = middle + 1
                self._reported[key] = low
        shortest = self._reported[key]
        return shortest is not None and shortest <= match.first - 1

    def negated(self, match: RawMatch, clause_start: int, clause_end: int) -> bool:
        cues = self.cues
        first = max(clause_start, match.first - cues.negation_window)
        before = self.words(first, match.first - 1)
        if cues.pseudo_negation is not None:
            before = cues.pseudo_negation.sub(" ", before)
        return _has(cues.negation, before) or _has(
            cues.negation_after, self.words(match.last + 1, clause_end)
        )

    def revealed(self) -> bool:
        """Whether the text says the other person it speaks of is the player ("the friend is
        me", "asking for a friend"): then nothing in it is about someone else."""
        if self._revealed is None:
            self._revealed = _has(self.cues.self_reveal, self._text)
        return self._revealed

    def imminent(self) -> bool:
        """Whether the text says the danger is now ("he's not answering", "after school
        today", "she's slurring"): someone else at risk now is a crisis, not a worry."""
        if self._imminent is None:
            self._imminent = _has(self.cues.imminent, self._text)
        return self._imminent

    def about_someone_else(self, match: RawMatch, clause_start: int) -> bool:
        tokens = self.scan.tokens
        if tokens[match.first][0] in _FIRST_PERSON or self.cues.others is None:
            return False
        for position in range(match.first - 1, max(clause_start, match.first - 5) - 1, -1):
            word = tokens[position][0]
            if word in _FIRST_PERSON:
                return False
            if self.cues.others.fullmatch(word):
                return True
        return False

    def judge(self, match: RawMatch) -> tuple[SafetyLevel | None, tuple[str, ...]]:
        """The level a match keeps once its context is read, and the notes saying why."""
        rule = match.rule.spec
        level: SafetyLevel | None = match.rule.level
        start, end = self.bounds(match, _SENTENCE_BREAKS)
        clause_start, clause_end = self.bounds(match, self.cues.clause_breaks)
        if self.in_idiom(match, start, end):
            return None, ("idiom",)
        if self.negated(match, clause_start, clause_end):
            return None, ("negated",)
        person = rule.person
        notes: list[str] = []
        revealed = self.revealed()  # "my friend says... the friend is me"
        if person == "self" and not revealed and self.about_someone_else(match, clause_start):
            person = "other"
            notes.append("someone else")
        if person != "self" and (
            self.has("fiction", start, end) or self.has("fiction_strong", start, end)
        ):
            return None, ("fiction or hypothetical",)
        if person == "self" and self.has("fiction_strong", clause_start, clause_end):
            return None, ("fiction or game",)
        danger_now = person == "other" and rule.category in _DANGER_NOW and self.imminent()
        if person == "other" and level is SafetyLevel.CRISIS and not danger_now:
            level = SafetyLevel.CONCERN
        if (revealed and rule.person == "other" and rule.category in _REVEALED_CRISIS) or (
            danger_now and level is not None
        ):
            # someone at risk who turns out to be the player, or someone in danger right now
            level = SafetyLevel.CRISIS
            notes.append("the other person is the player" if revealed else "someone in danger now")
        if rule.game_sensitive and self.has("game", start, end):
            return None, ("game talk",)
        if person == "self" and not revealed and self.reported(match, start):
            level = SafetyLevel.CONCERN
            notes.append("reported speech")
        if not self.has("present", start, end):
            past = self.has("past", start, end)
            matched = self.words(match.first, match.last)
            if past:
                level = _DOWN.get(level) if level else None
                notes.append("in the past")
            if self.recovered() and (past or _PAST_VERB.search(matched)) and level is not None:
                level = _DOWN.get(level)
                notes.append("recovered")
        if level is SafetyLevel.CRISIS and self.has("hyperbole", start, end):
            level = SafetyLevel.CONCERN
            notes.append("hyperbole")
        if level in (SafetyLevel.CRISIS, SafetyLevel.CONCERN) and self.has(
            "asking_meaning", start, end
        ):
            # "what does kms stand for?", "why is it called a panic attack?": a question about
            # a word, which may still be the player's own (the model reads the rest of the line)
            level = SafetyLevel.CONCERN
            notes.append("asking what it means")
        if level in (SafetyLevel.CRISIS, SafetyLevel.CONCERN) and self.for_study():
            # a question for a course or a debate: still support, and the model reads the
            # line (a crisis in the same line is the model's to find); a concern it asks
            # about is one the model, fairly sure it is play, may set aside
            level = SafetyLevel.CONCERN
            notes.append("a question for study")
        return level, tuple(notes)
