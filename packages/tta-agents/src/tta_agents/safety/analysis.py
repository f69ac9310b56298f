"""One text judged against a rule set: matches, their levels after context, the overall level."""

from __future__ import annotations

from dataclasses import dataclass

from tta_agents.safety.matcher import RuleSet
from tta_agents.safety.modifiers import Reading
from tta_agents.safety.verdict import RuleMatch, SafetyLevel

__all__ = ["Analysis", "analyze"]

_RANK = {SafetyLevel.SAFE: 0, SafetyLevel.CONCERN: 1, SafetyLevel.CRISIS: 2}
_SNIPPET = 160


@dataclass(frozen=True)
class Analysis:
    level: SafetyLevel
    categories: tuple[str, ...]
    matches: tuple[RuleMatch, ...]


SAFE = Analysis(SafetyLevel.SAFE, (), ())


def analyze(rules: RuleSet, text: str, surface: str) -> Analysis:
    """Judge ``text`` ("input" from a player, or "output" generated narrative)."""
    scan = rules.scan(text, surface)
    if not scan.matches:
        return SAFE
    found: list[RuleMatch] = []
    seen: set[tuple[str, int, int]] = set()
    reading = Reading(rules.cues, scan)
    for raw in scan.matches:
        key = (raw.rule.spec.id, raw.start, raw.end)
        if key in seen:
            continue
        seen.add(key)
        if surface == "input":
            level, notes = reading.judge(raw)
        else:
            level, notes = raw.rule.level, ()
        found.append(
            RuleMatch(
                rule_id=raw.rule.spec.id,
                category=raw.rule.spec.category,
                level=level or SafetyLevel.SAFE,
                start=raw.start,
                end=raw.end,
                snippet=text[raw.start : raw.end][:_SNIPPET],
                notes=notes,
            )
        )
    found.sort(key=lambda m: (-_RANK[m.level], m.start))
    level = found[0].level
    categories = tuple(dict.fromkeys(m.category for m in found if m.level is not SafetyLevel.SAFE))
    return Analysis(level, categories, tuple(found))
