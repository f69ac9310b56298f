"""The safety verdict: what the checker says about one line of text, and why.

This is the contract between the safety engine, the turn pipeline, the real-time layer and
the player service. Extend it with defaulted fields; never rename or remove one.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "CrisisResource",
    "RuleMatch",
    "SafetyAction",
    "SafetyChecker",
    "SafetyContext",
    "SafetyLevel",
    "Verdict",
]


class SafetyLevel(StrEnum):
    SAFE = "safe"
    CONCERN = "concern"
    CRISIS = "crisis"


class SafetyAction(StrEnum):
    """What the game does with a verdict.

    ``check_in`` (level concern): the engine is unsure whether the player is at risk, so the
    story pauses and the game asks them directly and kindly, with the resources alongside.
    """

    ALLOW = "allow"
    SUPPORT = "support"
    CHECK_IN = "check_in"
    ESCALATE = "escalate"
    BLOCK = "block"


class CrisisResource(BaseModel):
    """A place a person can reach for help right now (a phone line, a text line, a directory)."""

    model_config = ConfigDict(frozen=True)

    name: str
    description: str = ""
    phone: str | None = None
    sms: str | None = None
    sms_body: str | None = None
    url: str | None = None
    hours: str = "24/7"


class RuleMatch(BaseModel):
    """One rule that fired, with the span of the text it matched (explainability)."""

    model_config = ConfigDict(frozen=True)

    rule_id: str
    category: str
    level: SafetyLevel
    start: int
    end: int
    snippet: str
    notes: tuple[str, ...] = Field(
        default=(),
        description="How context changed the rule's level (negated, someone else, in the past...)",
    )


class SafetyContext(BaseModel):
    """What the checker may know beyond the text: whose session, which locale, and whether
    the game has just asked the player the check-in question (``awaiting_check_in``; the
    line is then also read as the answer) and how often it has asked in this session."""

    model_config = ConfigDict(frozen=True)

    session_id: str | None = None
    player_id: str | None = None
    locale: str = "en-US"
    awaiting_check_in: bool = False
    check_ins: int = Field(default=0, ge=0)
    game_words: frozenset[str] = Field(
        default=frozenset(),
        description="Words naming things where the player stands (plain commands about them "
        "are judged by the rules alone)",
    )


class Verdict(BaseModel):
    model_config = ConfigDict(frozen=True)

    level: SafetyLevel
    action: SafetyAction
    categories: tuple[str, ...] = ()
    matches: tuple[RuleMatch, ...] = ()
    resources: tuple[CrisisResource, ...] = ()
    message: str = ""
    rules_version: str = ""
    degraded: bool = Field(
        default=False, description="True when the checker failed internally and answered cautiously"
    )


@runtime_checkable
class SafetyChecker(Protocol):
    """The safety component's seam: the new engine and any legacy one implement this."""

    def check(self, text: str, context: SafetyContext | None = None) -> Verdict:
        """Judge a player's input."""
        ...

    def check_output(self, text: str, context: SafetyContext | None = None) -> Verdict:
        """Judge generated narrative before anyone sees it (BLOCK means replace it)."""
        ...
