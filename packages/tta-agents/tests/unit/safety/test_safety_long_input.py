"""Long input: a crisis anywhere in a long text is caught, and the work grows linearly."""

from __future__ import annotations

import copy
import dataclasses
import re
from typing import Any, cast

from tta_agents.safety import SafetyLevel, default_checker
from tta_agents.safety.analysis import analyze
from tta_agents.safety.matcher import RuleSet

GAME_TALK = (
    "I take the brass lamp and go north to talk to the old guard. "
    "We kill the dragon with the sword and the quest goes on! "
    "I feel so sad and alone when the guard is gone. "
)
BURIED = "Honestly I want to kill myself tonight. "
LAST = "i am going to end my life"


def game_talk(length: int) -> str:
    return (GAME_TALK * (length // len(GAME_TALK) + 1))[:length].rsplit(" ", 1)[0] + " "


class CountingPattern:
    """A compiled cue that counts the characters it is asked to read."""

    def __init__(self, pattern: re.Pattern[str], tally: list[int]) -> None:
        self.pattern = pattern
        self.tally = tally

    def _read(self, text: str, pos: int = 0, endpos: int | None = None) -> None:
        self.tally[0] += max(0, min(len(text), endpos if endpos is not None else len(text)) - pos)

    def search(self, text: str, *args: int) -> re.Match[str] | None:
        self._read(text, *args)
        return self.pattern.search(text, *args)

    def finditer(self, text: str, *args: int) -> Any:
        self._read(text, *args)
        return self.pattern.finditer(text, *args)

    def fullmatch(self, text: str, *args: int) -> re.Match[str] | None:
        self._read(text, *args)
        return self.pattern.fullmatch(text, *args)

    def sub(self, replacement: str, text: str) -> str:
        self._read(text)
        return self.pattern.sub(replacement, text)


def counting(rules: RuleSet, tally: list[int]) -> RuleSet:
    cues = rules.cues
    wrapped = {
        f.name: CountingPattern(value, tally)
        for f in dataclasses.fields(cues)
        if isinstance(value := getattr(cues, f.name), re.Pattern)
    }
    counted = copy.copy(rules)
    counted.cues = dataclasses.replace(cues, **cast(dict[str, Any], wrapped))
    return counted


def characters_read(text: str) -> int:
    tally = [0]
    analyze(counting(default_checker().rules, tally), text, "input")
    return tally[0]


def test_a_crisis_in_the_middle_and_at_the_end_of_100k_characters_is_caught() -> None:
    half = game_talk(50_000)
    text = half + BURIED + half + LAST
    assert len(text) > 100_000

    verdict = default_checker().check(text)

    assert verdict.level is SafetyLevel.CRISIS
    crisis = [m for m in verdict.matches if m.level is SafetyLevel.CRISIS]
    spans = [text[m.start : m.end] for m in crisis]
    assert any("kill myself" in span for span in spans)
    assert any("end my life" in span for span in spans)
    assert any(m.start >= len(half) + len(BURIED) + len(half) for m in crisis)
    assert any(len(half) <= m.start < len(half) + len(BURIED) for m in crisis)


def test_reading_context_grows_linearly_with_the_length_of_the_text() -> None:
    small = characters_read(game_talk(10_000) + BURIED + LAST)
    large = characters_read(game_talk(100_000) + BURIED + LAST)

    assert small > 0
    assert large / small < 15  # linear: about 10; quadratic: about 100


def test_one_endless_sentence_is_also_read_in_near_linear_time() -> None:
    words = "i feel sad and want to die but i kill the goblin and help the guard "
    small = characters_read(words * 150)
    large = characters_read(words * 1_500)

    assert small > 0
    assert large / small < 25  # n log n at worst: well under the quadratic 100
