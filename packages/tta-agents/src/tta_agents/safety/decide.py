"""The rules and the learned tier together: one level and action for a line of input.

The model adds what the rules were never written for: the verdict is the more worried of the
two readers. Where they disagree sharply the game does not simply pick one: a line the rules
call a crisis but the model reads as safe with great certainty is a question for the player
(a check-in, crisis resources alongside), and a line the rules call a concern but the model
reads as safe with great certainty is play. Measured on the blind round 3, the rules alone
flagged 2.7% of safe lines (mostly questions about what a word means, news and fiction), and
the model read most of them as safe with p(safe) >= 0.95; no crisis line there had the rules
saying crisis and the model that sure it was safe.

A concern the rules already doubt (every match a mention of the topic, or said of someone
else, as hyperbole, or asking what a word means) needs less: the model fairly sure it is safe
makes it play. On the first runs of rounds 8 to 11 (each read by an adapter not trained on it)
that made 16 safe lines play (news, lessons, "why do people write kms") and lowered no
concern or crisis line.

A line raised to a crisis by one of its clauses alone is judged as a whole instead when the
rules read that clause's words as game, fiction, idiom or negation ("I'm going to kill myself
in game so I can respawn"): a clause read alone is the model's least certain reading.
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
SURE_SAFE = 0.05  # the model's 1 - p(safe) at or below which it is sure a line is safe
FAIRLY_SURE_SAFE = 0.2  # the same, enough to set aside a concern the rules already doubt
_DOUBTS = frozenset({"someone else", "hyperbole", "asking what it means", "a question for study"})


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


def _doubted(rules: Analysis) -> bool:
    """Every match a mention of the topic, or one the rules' own context reading doubts."""
    return bool(rules.matches) and all(
        m.rule_id.endswith(".topic") or _DOUBTS.intersection(m.notes) for m in rules.matches
    )


def _sure_enough(rules: Analysis, rules_band: str) -> float:
    if rules_band == "concern" and _doubted(rules):
        return FAIRLY_SURE_SAFE
    return SURE_SAFE


# The rules' readings of words as play: a part of the line made of those words raises nothing.
_PLAY = frozenset({"fiction or game", "fiction or hypothetical", "game talk", "idiom", "negated"})


def _read_as_play(text: str, rules: Analysis, part: str) -> bool:
    """Whether the rules set aside, as game, fiction, idiom or negation, a match lying within
    ``part`` of ``text`` ("I'm going to kill myself in game" in "... so I can respawn")."""
    start = text.find(part)
    if start < 0:
        return False
    end = start + len(part)
    return any(
        m.level is SafetyLevel.SAFE and _PLAY.intersection(m.notes) and start <= m.start < end
        for m in rules.matches
    )


def decide(text: str, rules: Analysis, reading: ModelReading | None) -> Decision:
    if reading is not None and reading.overrode and _read_as_play(text, rules, reading.segment):
        # One clause alone reads as a crisis, but the rules read those very words as play: the
        # line is judged as a whole (measured on rounds 20-22: see the safety doc).
        reading = reading.overrode
    rules_band = {SafetyLevel.SAFE: "safe", SafetyLevel.CONCERN: "concern"}.get(
        rules.level, "crisis"
    )
    match = None
    if (
        reading is not None
        and reading.band == "safe"
        and reading.flagged <= _sure_enough(rules, rules_band)
    ):
        softened = {"concern": "safe", "crisis": "check_in"}.get(rules_band, rules_band)
        if softened != rules_band:
            sure = "sure" if reading.flagged <= SURE_SAFE else "fairly sure"
            note = f"learned tier: {sure} it is safe, p(safe) {1 - reading.flagged:.2f}"
            match = _model_match(text, reading).model_copy(
                update={"notes": (note, f"the rules' {rules_band} is softened to {softened}")}
            )
            rules_band = softened
    band = rules_band
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
