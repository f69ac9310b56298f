"""The rules and the learned tier together: one level and action for a line of input.

The rules are trusted where they are sure (a crisis rule that survived its context stays a
crisis); the model adds what the rules were never written for. Where the model is unsure
whether a line is a crisis (its check-in band), the game asks the player instead of guessing.
Neither side can lower the other: the verdict is the more worried of the two.
"""

from __future__ import annotations

from dataclasses import dataclass

from tta_agents.safety.analysis import Analysis
from tta_agents.safety.learned import ModelReading
from tta_agents.safety.verdict import RuleMatch, SafetyAction, SafetyLevel

__all__ = ["MODEL_RULE_ID", "Decision", "decide"]

MODEL_RULE_ID = "model.encoder"
_SNIPPET = 160
_LEVEL = {
    "safe": SafetyLevel.SAFE,
    "concern": SafetyLevel.CONCERN,
    "check_in": SafetyLevel.CONCERN,
    "crisis": SafetyLevel.CRISIS,
}
_RANK = {"safe": 0, "concern": 1, "check_in": 2, "crisis": 3}


@dataclass(frozen=True)
class Decision:
    level: SafetyLevel
    action: SafetyAction
    model_match: RuleMatch | None = None
    model_category: str | None = None  # when the model decided and says what kind of trouble


def _model_match(text: str, reading: ModelReading) -> RuleMatch:
    start = text.find(reading.segment) if not reading.in_context else -1
    start, end = (start, start + len(reading.segment)) if start >= 0 else (0, len(text))
    notes = [f"learned tier: {reading.band}, p(crisis) {reading.crisis:.2f}"]
    if reading.in_context:
        notes.append("read with the session's recent lines")
    return RuleMatch(
        rule_id=MODEL_RULE_ID,
        category=reading.category or "model",
        level=_LEVEL[reading.band],
        start=start,
        end=end,
        snippet=text[start:end][:_SNIPPET],
        notes=tuple(notes),
    )


def decide(text: str, rules: Analysis, reading: ModelReading | None) -> Decision:
    rules_band = {SafetyLevel.SAFE: "safe", SafetyLevel.CONCERN: "concern"}.get(
        rules.level, "crisis"
    )
    band = rules_band
    match = None
    category = None
    if reading is not None and reading.band != "safe":
        match = _model_match(text, reading)
        if _RANK[reading.band] > _RANK[band]:
            band = reading.band
            category = reading.category
    action = {
        "safe": SafetyAction.ALLOW,
        "concern": SafetyAction.SUPPORT,
        "check_in": SafetyAction.CHECK_IN,
        "crisis": SafetyAction.ESCALATE,
    }[band]
    return Decision(_LEVEL[band], action, match, category)
