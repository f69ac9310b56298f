"""The rule pack file format (YAML), validated with pydantic at load.

A pack holds rules (regular expressions over normalised text, each with trigger words),
reusable pattern fragments, spelling aliases, the cue lists of the language modifiers and
the supportive messages. The shipped default pack is ``data/default_rules.yaml``; operator
packs use the same format and are layered on top of it (see ``matcher.compile_packs``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from tta_agents.safety.errors import RulePackError
from tta_agents.yaml_data import load_yaml

__all__ = [
    "MessageSpec",
    "ModifierSpec",
    "PackFile",
    "RuleSpec",
    "load_pack",
    "parse_pack",
]

_TRIGGER = re.compile(r"^[a-z0-9']+\*?$")


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RuleSpec(_Spec):
    """One rule: its patterns are tried on the normalised text when a trigger word occurs.

    Triggers are derived from the patterns; list ``triggers`` only for a pattern with no
    literal word (``\\w+ing``).
    """

    id: str = Field(pattern=r"^[a-z0-9_.-]+$", min_length=1)
    category: str = Field(pattern=r"^[a-z0-9_]+$")
    level: Literal["concern", "crisis"]
    person: Literal["self", "other", "any"] = "self"
    applies_to: Literal["input", "output"] = "input"
    triggers: tuple[str, ...] = ()
    patterns: tuple[str, ...] = Field(min_length=1)
    game_sensitive: bool = False
    enabled: bool = True
    description: str = ""

    @field_validator("triggers")
    @classmethod
    def _triggers_are_words(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for trigger in value:
            if not _TRIGGER.match(trigger):
                raise ValueError(
                    f"trigger {trigger!r} must be one lowercase word, optionally ending in *"
                )
        return value


class ModifierSpec(_Spec):
    """Cue phrases (regular expressions) the language modifiers look for around a match."""

    negation: tuple[str, ...] = ()
    pseudo_negation: tuple[str, ...] = ()
    negation_window: int = Field(default=5, ge=1, le=20)
    # Right after a match, in its clause: languages that put the "not" after what it negates
    # (Hindi: "suicidal nahi hoon", "I am not suicidal").
    negation_after: tuple[str, ...] = ()
    others: tuple[str, ...] = ()
    fiction: tuple[str, ...] = ()
    fiction_strong: tuple[str, ...] = ()
    reported: tuple[str, ...] = ()
    past: tuple[str, ...] = ()
    present: tuple[str, ...] = ()
    recovery: tuple[str, ...] = ()
    game: tuple[str, ...] = ()
    hyperbole: tuple[str, ...] = ()
    asking_meaning: tuple[str, ...] = ()
    studying: tuple[str, ...] = ()
    self_reveal: tuple[str, ...] = ()
    imminent: tuple[str, ...] = ()
    idioms: tuple[str, ...] = ()
    clause_breaks: tuple[str, ...] = ()


class MessageSpec(_Spec):
    crisis: str = ""
    concern: str = ""
    degraded: str = ""
    output_blocked: str = ""
    check_in: str = ""  # the question asked when the engine is unsure
    check_in_no: str = ""  # the player said no: a gentle note, then back to the story
    check_in_unsure: str = ""  # the player is not sure
    check_in_unanswered: str = ""  # the player went on without answering
    categories: dict[str, str] = Field(default_factory=dict)


class PackFile(_Spec):
    version: str = Field(min_length=1)
    description: str = ""
    definitions: dict[str, str] = Field(default_factory=dict)
    aliases: dict[str, str] = Field(default_factory=dict)
    fuzzy_terms: tuple[str, ...] = ()
    modifiers: ModifierSpec = Field(default_factory=ModifierSpec)
    messages: MessageSpec = Field(default_factory=MessageSpec)
    rules: tuple[RuleSpec, ...] = ()


def _rule_id_at(data: Any, loc: tuple[int | str, ...]) -> str | None:
    if len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int):
        rules = data.get("rules") if isinstance(data, dict) else None
        if isinstance(rules, list) and loc[1] < len(rules):
            rule = rules[loc[1]]
            if isinstance(rule, dict) and isinstance(rule.get("id"), str):
                return rule["id"]
            return f"#{loc[1]}"
    return None


def _field_at(loc: tuple[int | str, ...]) -> str:
    if len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int):
        loc = loc[2:]
    return ".".join(str(part) for part in loc) or "(pack)"


def parse_pack(raw: str, source: str) -> PackFile:
    """Validate the YAML text of a pack; ``source`` names it in errors."""
    try:
        return _parse_valid(raw)
    except (yaml.YAMLError, ValidationError, _NotAMapping):
        pass
    return _parse(raw, source)


class _NotAMapping(ValueError):
    pass


@lru_cache(maxsize=32)
def _parse_valid(raw: str) -> PackFile:
    """Packs are re-read on every reload and by every engine: parse each text once."""
    data = load_yaml(raw)
    if not isinstance(data, dict):
        raise _NotAMapping
    return PackFile.model_validate(data)


def _parse(raw: str, source: str) -> PackFile:
    try:
        data = load_yaml(raw)
    except yaml.YAMLError as exc:
        raise RulePackError(source, f"not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise RulePackError(source, "a rule pack must be a mapping with 'version' and 'rules'")
    try:
        return PackFile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(first["loc"])
        raise RulePackError(
            source, first["msg"], rule_id=_rule_id_at(data, loc), field=_field_at(loc)
        ) from exc


def load_pack(path: Path) -> tuple[PackFile, bytes]:
    """Read and validate one pack file; returns it with its raw bytes (for the version hash)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RulePackError(str(path), f"cannot read: {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RulePackError(str(path), "not UTF-8 text") from exc
    return parse_pack(text, str(path)), raw
